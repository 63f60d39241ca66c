"""A minimal SMTP server on loopback that keeps what it accepts, for counting e-mails.

A message counts as delivered only once the server has answered 250 to its DATA, as with a
real mail server: a sender that dies before that answer has sent nothing. `hold(n)` makes the
server stop before answering the n-th message (counted from now) so a test can kill the
sender at exactly that moment; a message whose sender is gone by the release is dropped.
"""

from __future__ import annotations

import contextlib
import email
import select
import socket
import socketserver
import threading
from email.message import Message


class SmtpSink:
    def __init__(self, port: int):
        self.messages: list[Message] = []
        self.lock = threading.Lock()
        self._hold_at: int | None = None
        self._seen = 0
        self.holding = threading.Event()
        self._release = threading.Event()
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                sink._session(self.connection, self.rfile, self.wfile)

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self._release.set()
        self.server.shutdown()
        self.server.server_close()

    def hold(self, nth: int) -> None:
        with self.lock:
            self._hold_at = self._seen + nth
            self.holding.clear()
            self._release.clear()

    def release(self) -> None:
        with self.lock:
            self._hold_at = None
        self._release.set()

    def recipients(self) -> list[str]:
        with self.lock:
            return sorted(m["To"] for m in self.messages)

    def _session(self, connection: socket.socket, rfile, wfile) -> None:
        def reply(line: str) -> None:
            wfile.write(line.encode() + b"\r\n")
            wfile.flush()

        reply("220 sink ESMTP")
        while True:
            line = rfile.readline()
            if not line:
                return
            verb = line.decode(errors="replace").strip().split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                reply("250 sink")
            elif verb in ("MAIL", "RCPT", "RSET", "NOOP"):
                reply("250 OK")
            elif verb == "QUIT":
                reply("221 bye")
                return
            elif verb == "DATA":
                reply("354 go ahead")
                data = []
                while (chunk := rfile.readline()) not in (b".\r\n", b""):
                    data.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                if not self._accept(connection, b"".join(data)):
                    return
                reply("250 queued")
            else:
                reply("502 not implemented")

    def _accept(self, connection: socket.socket, raw: bytes) -> bool:
        with self.lock:
            self._seen += 1
            held = self._hold_at is not None and self._seen == self._hold_at
        if held:
            self.holding.set()
            self._release.wait(timeout=60)
            if _peer_closed(connection):
                return False
        with self.lock:
            self.messages.append(email.message_from_bytes(raw))
        return True


def _peer_closed(connection: socket.socket) -> bool:
    readable, _, _ = select.select([connection], [], [], 0.2)
    if not readable:
        return False
    with contextlib.suppress(OSError):
        return connection.recv(1, socket.MSG_PEEK) == b""
    return True
