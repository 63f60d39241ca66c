"""A browser-like HTTP client for a gunicorn behind (pretend) TLS.

Production settings use __Host- cookies marked Secure and check the Origin of a POST against
https://host, as they would behind the TLS proxy. The client says it came over HTTPS
(X-Forwarded-Proto, which settings trust from the proxy), keeps its own cookies and sends
Origin/Referer like a browser. Only the standard library: a refused or reset connection is
an answer the tests look at, not an exception of a library.
"""

from __future__ import annotations

import http.client
import re
import urllib.parse
import uuid
from dataclasses import dataclass


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: str

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


class Client:
    def __init__(self, port: int, cookies: dict[str, str] | None = None, timeout: float = 30):
        self.port = port
        self.cookies = dict(cookies or {})
        self.timeout = timeout
        self.origin = f"https://127.0.0.1:{port}"

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, fields: dict[str, str],
             files: dict[str, tuple[str, bytes, str]] | None = None) -> Response:
        if files:
            body, content_type = _multipart(fields, files)
        else:
            body = urllib.parse.urlencode(fields).encode()
            content_type = "application/x-www-form-urlencoded"
        return self.request("POST", path, body, {"Content-Type": content_type})

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> Response:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        sent = {
            "Host": f"127.0.0.1:{self.port}", "X-Forwarded-Proto": "https",
            "Accept-Language": "nl", "Origin": self.origin, "Referer": self.origin + path,
            **(headers or {}),
        }
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=sent)
            raw = connection.getresponse()
            text = raw.read().decode("utf-8", errors="replace")
            for header, value in raw.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            return Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, text)
        finally:
            connection.close()

    def csrf_token(self, path: str) -> str:
        """The form's token from a page, as a browser would have it (the cookie comes along)."""
        page = self.get(path)
        assert page.status == 200, (path, page.status, page.location, page.body[:500])
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
        assert found, f"no CSRF token on {path}"
        return found.group(1)


def _multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]):
    boundary = uuid.uuid4().hex
    parts: list[bytes] = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                     f"{value}\r\n".encode())
    for name, (filename, content, content_type) in files.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                     f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
                     + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
