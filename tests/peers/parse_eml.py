#!/usr/bin/python3
"""Decode a message the way another mail client would, and print the result
as JSON: Python's own `email` package with policy.default, no Hudhud code.

    parse_eml.py FILE

Output keys: subject, body (decoded text of the first text/plain part that is
not an attachment), body_format (that part's format parameter, "flowed" for
RFC 3676 text), html (decoded first text/html part that is not an
attachment), content_type (of the message), alternatives (the content types
of the parts of the first multipart/alternative), attachments [{filename,
sha256, content_type, charset, transfer_encoding, text (decoded, text/*
only)}],
message_id, date, has_bcc_header, from, to, cc. A header that is absent is
null.
"""

import email
import hashlib
import json
import sys
from email import policy


def header(msg, name):
    value = msg[name]
    return None if value is None else str(value)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: parse_eml.py FILE")
    with open(sys.argv[1], "rb") as f:
        msg = email.message_from_binary_file(f, policy=policy.default)

    body = None
    body_format = None
    html = None
    alternatives = None
    attachments = []
    for part in msg.walk():
        if part.is_multipart():
            if alternatives is None and part.get_content_type() == "multipart/alternative":
                alternatives = [p.get_content_type() for p in part.iter_parts()]
            continue
        disposition = part.get_content_disposition()
        filename = part.get_filename()
        if disposition == "attachment" or (filename is not None and disposition != "inline"):
            payload = part.get_payload(decode=True) or b""
            item = {
                "filename": filename,
                "sha256": hashlib.sha256(payload).hexdigest(),
                "content_type": part.get_content_type(),
                "charset": part.get_content_charset(),
                "transfer_encoding": part.get("content-transfer-encoding"),
            }
            if part.get_content_maintype() == "text":
                item["text"] = part.get_content()
            attachments.append(item)
        elif body is None and part.get_content_type() == "text/plain":
            body = part.get_content()
            body_format = part.get_param("format")
        elif html is None and part.get_content_type() == "text/html":
            html = part.get_content()

    result = {
        "subject": header(msg, "subject"),
        "body": body,
        "body_format": body_format,
        "html": html,
        "content_type": msg.get_content_type(),
        "alternatives": alternatives,
        "attachments": attachments,
        "message_id": header(msg, "message-id"),
        "date": header(msg, "date"),
        "has_bcc_header": "bcc" in msg,
        "from": header(msg, "from"),
        "to": header(msg, "to"),
        "cc": header(msg, "cc"),
    }
    sys.stdout.buffer.write(json.dumps(result, ensure_ascii=False).encode("utf-8") + b"\n")


if __name__ == "__main__":
    main()
