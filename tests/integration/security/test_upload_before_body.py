"""Finding 5: an upload above the limit is refused before any of its body is read, by `xieshang serve`'s own
server (waitress, as runtime.waitress_options configures it) — a declared 600 MB with no body used to get no
answer until waitress gave up waiting for it. The socket timeouts are generous (no timing is asserted)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from waitress.server import create_server

from xieshang.web.runtime import waitress_options
from xieshang.web.upload_limit import ENVELOPE_BYTES

LIMIT = 1024 * 1024
ANSWER_TIMEOUT = 60  # seconds: a server that waits for the body never answers


def _app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    body = environ["wsgi.input"].read()
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"read %d" % len(body)]


@pytest.fixture
def server() -> Iterator[tuple[str, int]]:
    srv = create_server(_app, host="127.0.0.1", port=0, **waitress_options(LIMIT))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    try:
        yield "127.0.0.1", int(srv.effective_port)  # type: ignore[union-attr]
    finally:
        srv.close()


def _ask(address: tuple[str, int], length: int, body: bytes = b"") -> bytes:
    with socket.create_connection(address, timeout=ANSWER_TIMEOUT) as conn:
        conn.sendall(
            b"POST /cases/e1/evidence/upload/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: multipart/form-data; boundary=x\r\n"
            b"Content-Length: %d\r\nConnection: close\r\n\r\n" % length + body
        )
        reply = b""
        while chunk := conn.recv(65536):
            reply += chunk
        return reply


def test_a_declared_body_over_the_limit_is_refused_before_it_is_sent(server: tuple[str, int]) -> None:
    # the case: above the limit but below twice it (the old server cap), declared and never sent
    reply = _ask(server, LIMIT + ENVELOPE_BYTES + LIMIT // 2)
    assert reply.startswith(b"HTTP/1.1 413")
    assert _ask(server, 600 * 1024 * 1024).startswith(b"HTTP/1.1 413")


def test_a_body_within_the_limit_reaches_the_application(server: tuple[str, int]) -> None:
    reply = _ask(server, 1000, b"x" * 1000)
    assert reply.startswith(b"HTTP/1.1 200") and reply.endswith(b"read 1000")
