#!/usr/bin/python3
"""An OAuth2 authorization server for Hudhud's tests, on Python's stdlib.

    oauth_server.py [--host 127.0.0.1] [--port 0] [--watch-stdin]

Prints "READY <port>" once listening; the issuer is http://HOST:PORT.
It approves everything at once, which is what lets tests act as the user:

  GET  /.well-known/openid-configuration, /.well-known/oauth-authorization-server
  GET  /authorize      response_type=code, client_id, redirect_uri (loopback
                       http only), state, code_challenge (S256 required),
                       login_hint (the user; default layla@example.test)
                       -> 302 to redirect_uri?code=..&state=..
  POST /token          grant_type authorization_code (PKCE checked),
                       refresh_token (rotated: the old one dies), and
                       urn:ietf:params:oauth:grant-type:device_code
  POST /device         RFC 8628 device authorization (interval 1)
  GET  /device?user_code=..   the page the user visits: approves the code
  POST /introspect     RFC 7662, form field token (Dovecot's oauth2 passdb)

Switches for tests (POST, JSON body, answer JSON):
  /control/client   {"client_id", "access_ttl"?, "deny"?, "rotate"?}
                    per-client behaviour (tests use their own client ids)
  /control/revoke   {"refresh_token"} or {"user"}: that sign-in's (or all
                    the user's) refresh fails with invalid_grant and its
                    access tokens die
  /control/expire   {"access_token"} or {"user"}: introspection says inactive
  /control/mint     {"user", "client_id"?}: a token pair without any flow
  /control/stats    {"client_id"}: counts of grants, refreshes, introspections

Tokens are random and held in memory only. Nothing secret is logged.
"""

import argparse
import base64
import hashlib
import json
import os
import secrets
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DEFAULT_USER = "layla@example.test"
LOCK = threading.Lock()
CLIENTS = {}  # client_id -> {"access_ttl", "deny", "rotate"}
CODES = {}  # code -> {client_id, redirect_uri, challenge, user, scope}
ACCESS = {}  # token -> {user, client_id, exp, scope, active}
REFRESH = {}  # token -> {user, client_id, scope}
DEVICE = {}  # device_code -> {user_code, client_id, scope, approved, user, polled}
STATS = {}  # client_id -> {name: count}


def count(client_id, name):
    STATS.setdefault(client_id, {}).setdefault(name, 0)
    STATS[client_id][name] += 1


def client(client_id):
    return CLIENTS.get(client_id, {})


def issue(user, client_id, scope, family=None):
    # A family is one sign-in and every token refreshed from it: revoking
    # one refresh token revokes that sign-in only, not the user's others.
    family = family or secrets.token_hex(8)
    ttl = int(client(client_id).get("access_ttl", 3600))
    access = "at-" + secrets.token_urlsafe(24)
    refresh = "rt-" + secrets.token_urlsafe(24)
    ACCESS[access] = {
        "user": user,
        "client_id": client_id,
        "exp": int(time.time()) + ttl,
        "scope": scope,
        "active": True,
        "family": family,
    }
    REFRESH[refresh] = {"user": user, "client_id": client_id, "scope": scope, "family": family}
    return {
        "access_token": access,
        "token_type": "Bearer",
        "expires_in": ttl,
        "refresh_token": refresh,
        "scope": scope,
    }


def is_loopback_http(uri):
    parts = urllib.parse.urlsplit(uri)
    return parts.scheme == "http" and parts.hostname in ("127.0.0.1", "::1", "localhost")


class Handler(BaseHTTPRequestHandler):
    server_version = "hudhud-test-oauth/1"

    def log_message(self, fmt, *args):
        # Paths carry codes and states: keep only the method and the path.
        sys.stderr.write("%s %s\n" % (self.command, urllib.parse.urlsplit(self.path).path))

    def issuer(self):
        host, port = self.server.server_address[:2]
        return "http://%s:%d" % (host, port)

    def reply(self, status, body, headers=None):
        data = json.dumps(body).encode() if not isinstance(body, bytes) else body
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if not headers or "Content-Type" not in headers:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def error(self, status, error, description=None):
        body = {"error": error}
        if description:
            body["error_description"] = description
        self.reply(status, body)

    def form(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode()
        if (self.headers.get("Content-Type") or "").startswith("application/json"):
            return json.loads(raw or "{}")
        return {k: v[0] for k, v in urllib.parse.parse_qs(raw, keep_blank_values=True).items()}

    def client_id(self, form):
        auth = self.headers.get("Authorization") or ""
        if auth.startswith("Basic "):
            user = base64.b64decode(auth[6:]).decode().split(":", 1)[0]
            return urllib.parse.unquote_plus(user)
        return form.get("client_id", "")

    # --- GET ---------------------------------------------------------------
    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        query = {k: v[0] for k, v in urllib.parse.parse_qs(url.query).items()}
        if url.path in ("/.well-known/openid-configuration", "/.well-known/oauth-authorization-server"):
            base = self.issuer()
            return self.reply(
                200,
                {
                    "issuer": base,
                    "authorization_endpoint": base + "/authorize",
                    "token_endpoint": base + "/token",
                    "device_authorization_endpoint": base + "/device",
                    "introspection_endpoint": base + "/introspect",
                    "code_challenge_methods_supported": ["S256"],
                    "grant_types_supported": [
                        "authorization_code",
                        "refresh_token",
                        "urn:ietf:params:oauth:grant-type:device_code",
                    ],
                },
            )
        if url.path == "/authorize":
            return self.authorize(query)
        if url.path == "/device":
            return self.approve_device(query)
        self.error(404, "not_found")

    def authorize(self, q):
        redirect = q.get("redirect_uri", "")
        if not is_loopback_http(redirect):
            return self.error(400, "invalid_request", "redirect_uri must be loopback http")
        client_id = q.get("client_id", "")
        params = {"state": q.get("state", "")}
        with LOCK:
            count(client_id, "authorize")
            if client(client_id).get("deny"):
                params["error"] = "access_denied"
                params["error_description"] = "The user said no"
            elif q.get("response_type") != "code" or q.get("code_challenge_method") != "S256" or not q.get(
                "code_challenge"
            ):
                params["error"] = "invalid_request"
                params["error_description"] = "code flow with PKCE S256 required"
            else:
                code = "c-" + secrets.token_urlsafe(16)
                CODES[code] = {
                    "client_id": client_id,
                    "redirect_uri": redirect,
                    "challenge": q["code_challenge"],
                    "user": q.get("login_hint") or DEFAULT_USER,
                    "scope": q.get("scope", ""),
                }
                params["code"] = code
        sep = "&" if "?" in redirect else "?"
        self.send_response(302)
        self.send_header("Location", redirect + sep + urllib.parse.urlencode(params))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def approve_device(self, q):
        with LOCK:
            for d in DEVICE.values():
                if d["user_code"] == q.get("user_code"):
                    d["approved"] = True
                    d["user"] = q.get("login_hint") or DEFAULT_USER
                    return self.reply(200, b"approved", {"Content-Type": "text/plain"})
        self.reply(404, b"no such code", {"Content-Type": "text/plain"})

    # --- POST --------------------------------------------------------------
    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        try:
            form = self.form()
        except (ValueError, UnicodeDecodeError):
            return self.error(400, "invalid_request", "unreadable body")
        with LOCK:
            if url.path == "/token":
                return self.token(form)
            if url.path == "/device":
                return self.device(form)
            if url.path == "/introspect":
                return self.introspect(form)
            if url.path.startswith("/control/"):
                return self.control(url.path[len("/control/") :], form)
        self.error(404, "not_found")

    def token(self, f):
        client_id = self.client_id(f)
        grant = f.get("grant_type")
        if grant == "authorization_code":
            code = CODES.pop(f.get("code", ""), None)
            if not code or code["client_id"] != client_id or code["redirect_uri"] != f.get("redirect_uri"):
                return self.error(400, "invalid_grant", "unknown code, client or redirect_uri")
            verifier = f.get("code_verifier", "")
            digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
            if not verifier or digest != code["challenge"]:
                return self.error(400, "invalid_grant", "PKCE verification failed")
            count(client_id, "code")
            return self.reply(200, issue(code["user"], client_id, code["scope"]))
        if grant == "refresh_token":
            old = f.get("refresh_token", "")
            entry = REFRESH.get(old)
            if not entry or entry["client_id"] != client_id:
                return self.error(400, "invalid_grant", "Token has been expired or revoked.")
            count(client_id, "refresh")
            tokens = issue(entry["user"], client_id, entry["scope"], entry["family"])
            if client(client_id).get("rotate", True):
                del REFRESH[old]
            else:
                del REFRESH[tokens["refresh_token"]]
                del tokens["refresh_token"]
            return self.reply(200, tokens)
        if grant == "urn:ietf:params:oauth:grant-type:device_code":
            d = DEVICE.get(f.get("device_code", ""))
            if not d or d["client_id"] != client_id:
                return self.error(400, "invalid_grant", "unknown device code")
            d["polled"] += 1
            if not d["approved"]:
                return self.error(400, "authorization_pending")
            del DEVICE[f["device_code"]]
            count(client_id, "device")
            return self.reply(200, issue(d["user"], client_id, d["scope"]))
        self.error(400, "unsupported_grant_type")

    def device(self, f):
        client_id = self.client_id(f)
        device_code = "d-" + secrets.token_urlsafe(16)
        user_code = "%04d-%04d" % (secrets.randbelow(10000), secrets.randbelow(10000))
        DEVICE[device_code] = {
            "user_code": user_code,
            "client_id": client_id,
            "scope": f.get("scope", ""),
            "approved": False,
            "user": None,
            "polled": 0,
        }
        base = self.issuer()
        self.reply(
            200,
            {
                "device_code": device_code,
                "user_code": user_code,
                "verification_uri": base + "/device",
                "verification_uri_complete": base + "/device?user_code=" + user_code,
                "expires_in": 600,
                "interval": 1,
            },
        )

    def introspect(self, f):
        entry = ACCESS.get(f.get("token", ""))
        if entry:
            count(entry["client_id"], "introspect")
        if not entry or not entry["active"] or entry["exp"] <= time.time():
            return self.reply(200, {"active": False})
        self.reply(
            200,
            {
                "active": True,
                "username": entry["user"],
                "email": entry["user"],
                "client_id": entry["client_id"],
                "scope": entry["scope"],
                "exp": entry["exp"],
            },
        )

    def control(self, what, f):
        if what == "client":
            CLIENTS.setdefault(f["client_id"], {}).update({k: v for k, v in f.items() if k != "client_id"})
            return self.reply(200, {"ok": True})
        if what == "revoke":
            if f.get("refresh_token"):
                entry = REFRESH.get(f["refresh_token"])
                family = entry and entry["family"]
                hit = lambda e: e["family"] == family
            else:
                hit = lambda e: e["user"] == f.get("user")
            dead = [t for t, e in REFRESH.items() if hit(e)]
            for token in dead:
                del REFRESH[token]
            for e in ACCESS.values():
                if hit(e):
                    e["active"] = False
            return self.reply(200, {"ok": bool(dead), "revoked": len(dead)})
        if what == "expire":
            n = 0
            for t, e in ACCESS.items():
                if t == f.get("access_token") or e["user"] == f.get("user"):
                    e["active"] = False
                    n += 1
            return self.reply(200, {"ok": n > 0, "expired": n})
        if what == "mint":
            return self.reply(200, issue(f.get("user", DEFAULT_USER), f.get("client_id", "mint"), f.get("scope", "")))
        if what == "stats":
            return self.reply(200, STATS.get(f.get("client_id", ""), {}))
        self.error(404, "not_found")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0, help="0 picks a free port")
    p.add_argument("--watch-stdin", action="store_true", help="exit when stdin closes")
    args = p.parse_args()
    httpd = ThreadingHTTPServer((args.host, args.port), Handler)
    httpd.daemon_threads = True
    print("READY %d" % httpd.server_address[1], flush=True)
    if args.watch_stdin:

        def watch():
            sys.stdin.read()
            os._exit(0)

        threading.Thread(target=watch, daemon=True).start()
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
