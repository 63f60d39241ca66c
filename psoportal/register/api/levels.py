"""A minimum level must be a rung of the ladder of the day asked about."""

from __future__ import annotations

import datetime as dt

from ninja.errors import ValidationError

from psoportal.register.status import register_handbook


def check_level(code: str | None, on: dt.date, *, location: str = "query") -> None:
    """Refuse a level code every handbook knows but the one in force on `on` does not."""
    if not code:
        return
    codes = [level.code for level in register_handbook(on).levels]
    if code not in codes:
        raise ValidationError([{
            # A body location names the body's parameter after the source, as django-ninja's do.
            "loc": (location, "minLevel") if location == "query" else (location, "payload",
                                                                       "minLevel"),
            "type": "literal_error",
            "ctx": {"expected": ", ".join(codes)},
        }])
