"""HTTP helpers of the load test (bench/load.py, bench/load_locustfile.py): a loopback source
address per simulated person, the authenticator's code, and a page's forms as a browser would
send them."""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
from html.parser import HTMLParser

from requests.adapters import HTTPAdapter


class SourceAddressAdapter(HTTPAdapter):
    """Connections from one loopback source address (any 127.x.y.z is this machine's)."""

    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs) -> None:
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def totp_code(seed_b32: str, step: int) -> str:
    """RFC 6238 (SHA-1, 30 s, 6 digits), as the person's authenticator app computes it."""
    digest = hmac.new(base64.b32decode(seed_b32), struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


class _Forms(HTMLParser):
    """Every <form> of a page: its action and the values a browser would send."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action") or "", "fields": {}, "options": {}})
        elif not self.forms:
            return
        fields = self.forms[-1]["fields"] if self.forms else {}
        if tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    fields[a["name"]] = a.get("value", "on")
            elif kind not in ("submit", "button", "file"):
                fields[a["name"]] = a.get("value") or ""
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            self.forms[-1]["options"][self._select] = []
        elif tag == "option" and self._select:
            self.forms[-1]["options"][self._select].append(a.get("value", ""))
            if "selected" in a:
                fields[self._select] = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            fields[self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1]["fields"][self._textarea] += data


def form_of(html: str, action_ends: str, here: str) -> dict:
    """The form of the page at path `here` that posts to a path ending in `action_ends` (a
    form without an action posts to the page itself)."""
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        form["action"] = form["action"] or here
        if form["action"].split("?")[0].endswith(action_ends):
            return form
    raise LookupError(f"no form posting to …{action_ends}")
