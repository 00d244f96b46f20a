#!/usr/bin/python3
"""A real SMTP peer for Hudhud's integration tests, built on aiosmtpd.

Run with Debian's /usr/bin/python3 (package python3-aiosmtpd).

    aiosmtpd_peer.py --port 0 --mode starttls|tls|plain --cert PEM --key PEM
                     [--user U --password P] --maildir DIR --log FILE
                     [--watch-stdin]

Each accepted message is written atomically as DIR/<n>.json (envelope) and
then DIR/<n>.eml (the raw DATA bytes), n = 1, 2, ... FILE gets every SMTP
command verb the server read, one per line (never any argument, so AUTH
credentials never reach it). Prints "READY <port>" once listening. Exits 0 on
SIGTERM or SIGINT, and with --watch-stdin also when stdin reaches EOF (the
parent test process died).
"""

import argparse
import asyncio
import errno
import hmac
import json
import logging
import os
import signal
import socket
import ssl
import sys
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, default=0, help="0 picks a free port")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--mode", choices=("starttls", "tls", "plain"), default="starttls")
    p.add_argument("--cert", help="server certificate chain (PEM)")
    p.add_argument("--key", help="server private key (PEM)")
    p.add_argument("--user")
    p.add_argument("--password")
    p.add_argument("--maildir", required=True)
    p.add_argument("--log", required=True)
    p.add_argument("--watch-stdin", action="store_true")
    args = p.parse_args()
    if args.mode != "plain" and not (args.cert and args.key):
        p.error(f"--mode {args.mode} needs --cert and --key")
    if (args.user is None) != (args.password is None):
        p.error("--user and --password go together")
    return args


class CommandLog:
    def __init__(self, path):
        # Line-buffered, created empty now: no command seen yet.
        self._file = open(path, "w", encoding="ascii", buffering=1)

    def verb(self, line):
        verb = line.rstrip(b"\r\n").partition(b" ")[0].upper()
        if not verb:
            return
        # Only something shaped like a verb; anything else is recorded as "?"
        # so that no stray argument or credential can reach the log.
        if len(verb) > 12 or not verb.isalpha():
            verb = b"?"
        self._file.write(verb.decode("ascii") + "\n")


class LoggingSMTP(SMTP):
    """aiosmtpd's SMTP that records the verb of every command line it reads.

    The command loop reads lines with readuntil() and the default separator.
    AUTH continuation lines are read with readline(), which calls readuntil()
    in turn, so readline() is wrapped to silence the log; DATA lines use
    readuntil(b"\\r\\n") and are not logged either.
    """

    def __init__(self, *args, command_log, **kwargs):
        self._command_log = command_log
        super().__init__(*args, **kwargs)

    def _client_connected_cb(self, reader, writer):
        super()._client_connected_cb(reader, writer)
        original_readuntil = reader.readuntil
        original_readline = reader.readline
        command_log = self._command_log
        quiet = [0]

        async def readuntil(separator=b"\n"):
            line = await original_readuntil(separator)
            if separator == b"\n" and not quiet[0]:
                command_log.verb(line)
            return line

        async def readline():
            quiet[0] += 1
            try:
                return await original_readline()
            finally:
                quiet[0] -= 1

        reader.readuntil = readuntil
        reader.readline = readline


class MaildirHandler:
    def __init__(self, maildir):
        self.maildir = maildir
        os.makedirs(maildir, exist_ok=True)
        self.count = 0

    def _write_atomically(self, name, data):
        final = os.path.join(self.maildir, name)
        tmp = os.path.join(self.maildir, "." + name + ".tmp")
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, final)

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        n = self.count
        raw = envelope.original_content
        if raw is None:
            raw = envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        meta = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "auth_seen": bool(session.authenticated),
        }
        # The envelope first, so that whoever sees n.eml also finds n.json.
        self._write_atomically(f"{n}.json", json.dumps(meta, ensure_ascii=False).encode("utf-8"))
        self._write_atomically(f"{n}.eml", raw)
        return "250 2.0.0 Message accepted for delivery"


def make_authenticator(user, password):
    want_user = user.encode("utf-8")
    want_password = password.encode("utf-8")

    def authenticator(server, session, envelope, mechanism, auth_data):
        if mechanism not in ("PLAIN", "LOGIN") or not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        ok_user = hmac.compare_digest(auth_data.login or b"", want_user)
        ok_password = hmac.compare_digest(auth_data.password or b"", want_password)
        return AuthResult(success=ok_user and ok_password, handled=False)

    return authenticator


async def listen(factory, host, port, ssl_context):
    """Listen on host:port (port 0 = a free one); for 127.0.0.1 also on ::1
    with the same port when the machine has IPv6, so "localhost" works
    whichever address the client tries first."""
    loop = asyncio.get_running_loop()
    for _ in range(20):
        first = await loop.create_server(factory, host, port, ssl=ssl_context)
        chosen = first.sockets[0].getsockname()[1]
        if host != "127.0.0.1":
            return [first], chosen
        try:
            second = await loop.create_server(
                factory, "::1", chosen, ssl=ssl_context, family=socket.AF_INET6
            )
            return [first, second], chosen
        except OSError as e:
            if port == 0 and e.errno == errno.EADDRINUSE:
                first.close()
                await first.wait_closed()
                continue
            # No IPv6 loopback here: IPv4 alone.
            return [first], chosen
    raise SystemExit("could not find a port free on both 127.0.0.1 and ::1")


async def main():
    args = parse_args()
    # A test peer: AUTH without TLS in plain mode is on purpose, and the
    # deprecation notes of aiosmtpd are no concern of ours.
    warnings.filterwarnings("ignore", category=UserWarning, module="aiosmtpd")
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    ssl_context = None
    if args.mode != "plain":
        ssl_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ssl_context.load_cert_chain(args.cert, args.key)

    command_log = CommandLog(args.log)
    handler = MaildirHandler(args.maildir)
    with_auth = args.user is not None
    smtp_kwargs = dict(
        hostname="localhost",
        command_log=command_log,
        authenticator=make_authenticator(args.user, args.password) if with_auth else None,
        auth_required=with_auth,
    )
    if args.mode == "starttls":
        smtp_kwargs.update(tls_context=ssl_context, require_starttls=True, auth_require_tls=True)
        server_ssl = None
    elif args.mode == "tls":
        # Implicit TLS: the whole connection is already encrypted.
        smtp_kwargs.update(auth_require_tls=False)
        server_ssl = ssl_context
    else:
        smtp_kwargs.update(auth_require_tls=False)
        server_ssl = None

    servers, port = await listen(
        lambda: LoggingSMTP(handler, **smtp_kwargs), args.host, args.port, server_ssl
    )

    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    if args.watch_stdin:
        def on_stdin():
            if not os.read(sys.stdin.fileno(), 4096):
                loop.remove_reader(sys.stdin.fileno())
                stop.set()
        loop.add_reader(sys.stdin.fileno(), on_stdin)

    print(f"READY {port}", flush=True)
    await stop.wait()
    for server in servers:
        server.close()
    for server in servers:
        await server.wait_closed()


if __name__ == "__main__":
    asyncio.run(main())
