"""Fixtures for matching: a local SMTP sink, API helpers."""

from __future__ import annotations

import socketserver
import threading
from collections.abc import Callable, Iterator
from email import message_from_bytes
from email.message import Message
from typing import Any

import pytest
from flask import Flask


class _SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP to accept messages: HELO/EHLO, MAIL, RCPT, DATA, QUIT."""

    def handle(self) -> None:
        self.wfile.write(b"220 sink ready\r\n")
        rcpt: list[str] = []
        while True:
            line = self.rfile.readline()
            if not line:
                return
            cmd = line.decode("utf-8", "replace").strip()
            verb = cmd[:4].upper()
            if verb in ("HELO", "EHLO"):
                self.wfile.write(b"250 sink\r\n")
            elif verb == "MAIL":
                rcpt = []
                self.wfile.write(b"250 ok\r\n")
            elif verb == "RCPT":
                rcpt.append(cmd.split(":", 1)[1].strip(" <>"))
                self.wfile.write(b"250 ok\r\n")
            elif verb == "DATA":
                self.wfile.write(b"354 end with .\r\n")
                data = bytearray()
                while True:
                    chunk = self.rfile.readline()
                    if chunk in (b".\r\n", b".\n", b""):
                        break
                    data += chunk[1:] if chunk.startswith(b"..") else chunk
                self.server.messages.append((rcpt, message_from_bytes(bytes(data))))  # type: ignore[attr-defined]
                self.wfile.write(b"250 queued\r\n")
            elif verb == "QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


class _Sink(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    messages: list[tuple[list[str], Message]]


@pytest.fixture
def smtp_sink(app: Flask) -> Iterator[list[tuple[list[str], Message]]]:
    """A local SMTP server for this test; the app sends its mail there."""
    server = _Sink(("127.0.0.1", 0), _SMTPHandler)
    server.messages = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config["QIFUTONG_SMTP_HOST"] = "127.0.0.1"
    app.config["QIFUTONG_SMTP_PORT"] = server.server_address[1]
    try:
        yield server.messages
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def api(app: Flask, make_user: Callable[..., Any], token_for: Callable[..., str]) -> Any:
    """`api(method, path, json=None, user=None)` with a street official's token by default."""
    client = app.test_client()
    official = make_user("street")
    tokens: dict[int, str] = {}

    def call(method: str, path: str, json: Any = None, user: Any = None) -> Any:
        who = user or official
        if who.id not in tokens:
            tokens[who.id] = token_for(who)
        return client.open(
            path, method=method, json=json, headers={"Authorization": f"Bearer {tokens[who.id]}"}
        )

    return call
