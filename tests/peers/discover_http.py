#!/usr/bin/python3
"""Test peer for autoconfiguration (tests/peers/dns_https.sh starts it).

HTTPS on 127.0.0.1:443 and plain HTTP on 127.0.0.1:80 serve config-v1.1.xml
files by Host header and path (autoconfig, well-known and ISPDB paths, as
Thunderbird lays them out); two SMTP greeters on 127.0.0.2 (465 implicit
TLS, 587 plain with STARTTLS announced) answer the guess's probe. Every
request and SMTP command is logged to DIR/requests.log, so tests can see
that discovery never sent AUTH.

    discover_http.py DIR   (DIR holds server.pem and server.key)
"""
import asyncio
import os
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DIR = sys.argv[1]
LOG = os.path.join(DIR, "requests.log")
LOCK = threading.Lock()


def log(line):
    with LOCK, open(LOG, "a", encoding="utf-8") as f:
        f.write(line + "\n")


def config(host, port, socket_type, auths=("password-cleartext",), username="%EMAILADDRESS%"):
    auth = "".join(f"<authentication>{a}</authentication>" for a in auths)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="test">
    <domain>test</domain>
    <incomingServer type="imap"><hostname>imap.{host.split('.', 1)[-1]}</hostname><port>993</port>
      <socketType>SSL</socketType><username>%EMAILADDRESS%</username>
      <authentication>password-cleartext</authentication></incomingServer>
    <outgoingServer type="smtp"><hostname>{host}</hostname><port>{port}</port>
      <socketType>{socket_type}</socketType><username>{username}</username>{auth}</outgoingServer>
  </emailProvider>
</clientConfig>
""".encode()


# (host, path) -> (delay seconds, body) ; body None = 404
HTTPS = {
    ("autoconfig.ac.test", "/mail/config-v1.1.xml"): (0, config("smtp.ac.test", 465, "SSL")),
    # HTTPS at the address's domain may name a server elsewhere: trusted.
    ("autoconfig.hosted.test", "/mail/config-v1.1.xml"): (0, config("smtp.provider.test", 587, "STARTTLS")),
    ("wk.test", "/.well-known/autoconfig/mail/config-v1.1.xml"): (0, config("smtp.wk.test", 587, "STARTTLS", username="%EMAILLOCALPART%")),
    ("ispdb.test", "/v1.1/isp.test"): (0, config("smtp.isp.test", 465, "SSL")),
    ("ispdb.test", "/v1.1/hostco.test"): (0, config("smtp.hostco.test", 587, "STARTTLS", ("OAuth2", "password-cleartext"))),
    ("ispdb.test", "/v1.1/oauthonly.test"): (0, config("smtp.oauthonly.test", 465, "SSL", ("OAuth2",))),
    # Competition: the autoconfig file answers after 2 s, the ISPDB at once.
    ("autoconfig.slow.test", "/mail/config-v1.1.xml"): (2, config("smtp-a.slow.test", 465, "SSL")),
    ("ispdb.test", "/v1.1/slow.test"): (0, config("smtp-b.slow.test", 465, "SSL")),
    ("autoconfig.bad.test", "/mail/config-v1.1.xml"): (0, b"<clientConfig><emailProvider><outgoingServer"),
    ("autoconfig.huge.test", "/mail/config-v1.1.xml"): (0, b"<clientConfig>" + b" " * (4 * 1024 * 1024) + b"</clientConfig>"),
}

HTTP = {
    # Over plain HTTP and pointing outside the domain: needs confirmation.
    ("autoconfig.hostile.test", "/mail/config-v1.1.xml"): (0, config("smtp.evil.test", 465, "SSL")),
}


def handler_for(table, scheme):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            host = (self.headers.get("Host") or "").split(":")[0].lower()
            path = self.path.split("?", 1)[0]
            log(f"{scheme} {host} {self.path}")
            delay, body = table.get((host, path), (0, None))
            time.sleep(delay)
            if body is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
            except OSError:
                pass

        def log_message(self, *args):
            pass

    return Handler


def serve_http(server):
    threading.Thread(target=server.serve_forever, daemon=True).start()


async def smtp_session(reader, writer, port):
    writer.write(b"220 smtp.guess.test ESMTP test greeter\r\n")
    await writer.drain()
    while True:
        line = await reader.readline()
        if not line:
            break
        text = line.decode("utf-8", "replace").strip()
        log(f"smtp {port} {text}")
        verb = text.split(" ", 1)[0].upper()
        if verb in ("EHLO", "HELO"):
            extra = b"250-STARTTLS\r\n" if port == 587 else b""
            writer.write(b"250-smtp.guess.test\r\n" + extra + b"250 AUTH PLAIN LOGIN\r\n")
        elif verb == "QUIT":
            writer.write(b"221 bye\r\n")
            await writer.drain()
            break
        else:
            writer.write(b"502 not here\r\n")
        await writer.drain()
    writer.close()


async def smtp_main(context):
    s465 = await asyncio.start_server(lambda r, w: smtp_session(r, w, 465), "127.0.0.2", 465, ssl=context)
    s587 = await asyncio.start_server(lambda r, w: smtp_session(r, w, 587), "127.0.0.2", 587)
    with open(os.path.join(DIR, "http.ready"), "w") as f:
        f.write("ready\n")
    async with s465, s587:
        await asyncio.gather(s465.serve_forever(), s587.serve_forever())


def main():
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(os.path.join(DIR, "server.pem"), os.path.join(DIR, "server.key"))
    https = ThreadingHTTPServer(("127.0.0.1", 443), handler_for(HTTPS, "https"))
    https.daemon_threads = True
    https.socket = context.wrap_socket(https.socket, server_side=True)
    serve_http(https)
    http = ThreadingHTTPServer(("127.0.0.1", 80), handler_for(HTTP, "http"))
    http.daemon_threads = True
    serve_http(http)
    asyncio.run(smtp_main(context))


if __name__ == "__main__":
    main()
