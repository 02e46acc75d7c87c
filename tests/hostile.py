"""A small hostile HTTP server on 127.0.0.1 for the tests of the SDK and of the suite: it reads each request's head
and answers as told: dripping its answer (body or head) a byte at a time, hanging, answering HTML, gigabytes, a
megabyte of gzip that inflates to a gibibyte, a status line that is not HTTP, or bodies of the wrong types."""

from __future__ import annotations

import functools
import socket
import struct
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Answer = Callable[[socket.socket], None]
# How late past its deadline a call may end on a loaded machine (4 pytest processes on 2 cores made a 2 s deadline end
# at 4.4 s): the tests of deadlines allow this much, and the answers here last far longer (a drip takes 18 s or more,
# a hang 30 s), so a call that ends within its deadline and LATE still shows the deadline held.
LATE = 5.0


@contextmanager
def hostile(answer: Answer) -> Iterator[str]:
    """A server that reads each request's head and answers it with answer(connection)."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.2)
    stop = threading.Event()

    def handle(connection: socket.socket) -> None:
        with connection:
            try:
                head = b""
                while b"\r\n\r\n" not in head:
                    chunk = connection.recv(65536)
                    if not chunk:
                        return
                    head += chunk
                answer(connection)
            except OSError:
                pass

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            threading.Thread(target=handle, args=(connection,), daemon=True).start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(timeout=5)
        server.close()


VALID = b'{"result": [], "next_page_token": ""}'


def dripping(connection: socket.socket) -> None:
    connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(VALID))
    for byte in VALID:
        connection.sendall(bytes([byte]))
        time.sleep(0.5)


def dripping_head(connection: socket.socket) -> None:
    """The status line and headers a byte at a time: httpx's timeouts start again at every byte."""
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Padding: %s\r\n\r\n" % (b"a" * 100)
    for byte in head:
        connection.sendall(bytes([byte]))
        time.sleep(0.3)


def hanging(connection: socket.socket) -> None:
    time.sleep(30)


def html(status: int, retry_after: str | None = None) -> Answer:
    def answer(connection: socket.socket) -> None:
        body = b"<html><body><h1>502 Bad Gateway</h1></body></html>"
        extra = f"Retry-After: {retry_after}\r\n".encode() if retry_after is not None else b""
        connection.sendall(
            b"HTTP/1.1 %d Oops\r\nContent-Type: text/html\r\n%sContent-Length: %d\r\n\r\n%s"
            % (status, extra, len(body), body)
        )

    return answer


def huge(connection: socket.socket) -> None:
    connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 524288000\r\n\r\n")
    chunk = b"[" * 65536
    for _ in range(8000):
        connection.sendall(chunk)


def wrong_types(connection: socket.socket) -> None:
    body = b'{"result": "not a list", "next_page_token": 5}'
    connection.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
    )


def malformed(connection: socket.socket) -> None:
    """A status line that is not HTTP: clients raise an error quoting what they were asked and where."""
    connection.sendall(b"HTTP/1.1 2OO Okay\r\nContent-Length: 0\r\n\r\n")


@functools.cache
def gzip_of_zeros(inflated: int) -> bytes:
    """A gzip body that inflates to `inflated` zero bytes (a multiple of 1 MiB), about a thousandth of its size,
    built in a fraction of a second: one block of a MiB of zeros, compressed once and repeated."""
    mebibyte = b"\0" * (1 << 20)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = deflate.compress(mebibyte) + deflate.flush(zlib.Z_FULL_FLUSH)  # the same bytes at every repetition
    count, crc = inflated >> 20, 0
    for _ in range(count):
        crc = zlib.crc32(mebibyte, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
    return header + block * count + deflate.flush() + struct.pack("<II", crc, inflated & 0xFFFFFFFF)


def gzip_bomb(inflated: int = 1 << 30) -> Answer:
    """A JSON answer of about a megabyte, gzip-encoded, that inflates to a gibibyte (or `inflated` bytes)."""

    def answer(connection: socket.socket) -> None:
        body = gzip_of_zeros(inflated)
        connection.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\n\r\n"
            % len(body)
        )
        connection.sendall(body)

    return answer
