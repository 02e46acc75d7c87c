"""voipbin_contract.runner.receiver: the suite's webhook receiver, bounded against a server that abuses it."""

from __future__ import annotations

import socket
import threading
import time

from voipbin_contract.rules.events import SIGNATURE_HEADER
from voipbin_contract.runner.receiver import MAX_CONNECTIONS, WebhookReceiver


def test_the_receiver_refuses_unsigned_and_oversized_posts_unread_and_bounds_its_connections():
    """It accepted 60 unsigned 16 MB posts (1 GB), and 500 stalled connections made 500 threads."""
    receiver = WebhookReceiver()
    host, port = "127.0.0.1", int(receiver.url.split(":")[2].split("/")[0])
    try:
        with socket.create_connection((host, port)) as unsigned:
            unsigned.sendall(b"POST /h HTTP/1.1\r\nHost: x\r\nContent-Length: 16000000\r\n\r\n" + b"x" * 1000)
            assert b" 413 " in unsigned.recv(200)
        with socket.create_connection((host, port)) as plain:
            plain.sendall(b"POST /h HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}")
            assert b" 401 " in plain.recv(200)
        signed = f"POST /h HTTP/1.1\r\nHost: x\r\n{SIGNATURE_HEADER}: sha256=00\r\nContent-Length: 2\r\n\r\n{{}}"
        with socket.create_connection((host, port)) as good:
            good.sendall(signed.encode())
            assert b" 200 " in good.recv(200)
        assert [status for status, _ in receiver.refused] == [413, 401]
        assert [d.body for d in receiver.deliveries] == [b"{}"]
        before = threading.active_count()
        stalled = [socket.create_connection((host, port)) for _ in range(MAX_CONNECTIONS + 100)]
        time.sleep(0.5)
        assert threading.active_count() - before <= MAX_CONNECTIONS
        for connection in stalled:
            connection.close()
    finally:
        receiver.close()
