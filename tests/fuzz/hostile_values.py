"""Hostile values for form fields, as Hypothesis strategies.

A submission keeps most fields as the browser would send them (so that forms validate and store
what they get, which is where stored XSS hides) and replaces some with what an attacker or a
broken client sends: script and attribute-breaking payloads, NUL and control characters, huge
strings, Unicode edge cases, negative, huge and malformed numbers and dates, a choice the form
does not offer, a field twice, a field missing, fields the form does not have.
"""

from __future__ import annotations

import os

from hypothesis import strategies as st

from tests.fuzz.site_forms import Field, Form

# `make fuzz` raises this; CI keeps three derandomized examples per form (the "ci" profile).
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))
# CI fuzzes a form shared by several personas once; `make fuzz` as each of them.
EVERY_PERSONA = os.environ.get("FUZZ_EVERY_PERSONA", "") == "1"

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE_BREAK = '"><img src=x onerror=alert(1)>'
XSS = (SCRIPT, ATTRIBUTE_BREAK)
# What may never appear in a page: each only exists there if the payload went out unescaped.
XSS_MARKERS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")

HOSTILE_TEXT = [
    *XSS,
    "'><svg/onload=alert(1)>",
    "javascript:alert(1)",
    "\x00",
    "a\x00b",
    "\x01\x02\x1b[31m\x7f",
    "x" * 100_000,
    "\u202egnp.exe",  # right-to-left override
    "e\u0301\u0308\u0327",  # combining marks
    "👩‍👩‍👧‍👦",
    "\ufeff\u200b",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "=HYPERLINK(\"http://evil.example\")",
    "' OR 1=1 --",
    "../../../../etc/passwd",
    "{{ 7|add:7 }}{% debug %}",
    "%(name)s %s {0}",
    "\r\nSet-Cookie: x=1",
    " ",
    "",
]
HOSTILE_NUMBERS = ["-1", "0", "-0", "1e309", "9" * 5000, str(2**63), str(-(2**63) - 1), "NaN",
                   "-Infinity", "1,5", "1.5.5", "٣", "0x10", "1_000", "²"]
HOSTILE_DATES = ["31-02-2025", "00-00-0000", "31-12-9999", "01-13-2025", "2025-02-30",
                 "01-01-0001", "1-1-1"]
EXTRA_FIELDS = [
    {},
    {"status": "approved", "is_staff": "1", "is_superuser": "on"},
    {"organisation": "1", "organisation_id": "999999", "user": "1", "id": "1", "pk": "-1"},
    {"score": "100", "price": "0", "amount": "-1", "email": "mallory@evil.example"},
]

_hostile_value = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.sampled_from(HOSTILE_NUMBERS),
    st.sampled_from(HOSTILE_DATES),
    st.text(max_size=40),
    st.integers().map(str),
)


def _values(field: Field) -> st.SearchStrategy[list[str] | None]:
    """None: the field is left out; a list: its value(s)."""
    typical = list(dict.fromkeys([field.value, plausible(field), *field.options[:5]]))
    # Hostile first: Hypothesis starts from the simplest example, which is then a payload in
    # every field (a CI run of three examples must not spend its first one on defaults).
    return st.one_of(
        _hostile_value.map(lambda v: [v]),
        st.sampled_from(typical).map(lambda v: [v]),  # as a user would send it
        st.none(),
        st.lists(_hostile_value, min_size=2, max_size=3),  # a field twice: a list, not a value
    )


_FILES = st.one_of(
    st.none(),
    st.tuples(st.sampled_from(["x.pdf", "x.xlsx", "x.csv", "x.toml", "x.png", "x.json",
                               "../../x.html", "x\x00.pdf"]),
              st.one_of(st.binary(max_size=64),
                        st.sampled_from([b"%PDF-1.4\n", b"PK\x03\x04", b"\x89PNG\r\n\x1a\n"]))),
)


@st.composite
def submission(draw, form: Form) -> tuple[dict[str, list[str]], dict[str, tuple[str, bytes]]]:
    data: dict[str, list[str]] = {}
    files: dict[str, tuple[str, bytes]] = {}
    for field in form.fields:
        if field.kind in ("submit", "button", "reset", "image"):
            continue
        if field.kind == "file":
            upload = draw(_FILES)
            if upload is not None:
                files[field.name] = upload
            continue
        values = draw(_values(field))
        if values is not None:
            data.setdefault(field.name, []).extend(values)
    if form.buttons:
        name, value = draw(st.sampled_from(form.buttons))
        data.setdefault(name, []).append(value)
    for name, value in draw(st.sampled_from(EXTRA_FIELDS)).items():
        data.setdefault(name, []).append(value)
    return data, files


def plausible(field: Field) -> str:
    """A value a form will likely accept for an empty field, so a payload in another field gets
    stored rather than refused for a missing one."""
    if field.value or field.kind in ("checkbox", "radio", "select"):
        return field.value or (field.options[0] if field.options else "on")
    name = field.name.lower()
    if field.kind == "email" or "email" in name:
        return "xss-proef@voorbeeld.example"
    if "kvk" in name:
        return "12345678"
    if field.kind == "date":
        return "2025-06-01"
    if any(word in name for word in ("date", "datum", "_on", "start", "end", "since")):
        return "01-06-2025"
    if field.kind == "number" or any(word in name for word in ("hours", "amount", "fte",
                                                                 "percentage", "count", "value")):
        return "12"
    return "Proef"
