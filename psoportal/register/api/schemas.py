"""What the open API takes and gives, field by field (NL API Design Rules: lowerCamelCase member
and parameter names, ISO 8601 dates).

Every output member is listed here on purpose, never a model dump (security.md 37): a
certificate's confidential supplier figures and everything of its application stay out. The
one exception to lowerCamelCase is the score endpoint, which takes and gives the
``pso-assessment/1`` document and the ``pso score`` result unchanged (score.py).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import BeforeValidator, ConfigDict
from pydantic_core import PydanticCustomError

from psoportal.methodology.handbook import handbook_list
from psoportal.methodology.limits import NAME_MAX_LENGTH
from psoportal.register.api.conf import DEFAULT_PAGE_SIZE, MAX_BULK_KVKS, MAX_PAGE, MAX_PAGE_SIZE
from psoportal.register.selectors import DEFAULT_SORT, SORTS
from psoportal.register.status import RegisterStatus

# No C0/C1 control characters in a text parameter: no name holds one, and PostgreSQL refuses
# NUL in a query.
TEXT_PATTERN = r"^[^\x00-\x1f\x7f-\x9f]*$"
KVK_PATTERN = r"^[0-9]{8}$"

KvkNumber = Annotated[str, Field(pattern=KVK_PATTERN, description="A KvK number: 8 digits.")]
# Level codes of every known handbook, low to high; a code the handbook of the day asked about
# does not know is refused by the endpoint.
LEVEL_CODES = tuple(dict.fromkeys(
    level.code for handbook in handbook_list() for level in handbook.levels))
LevelCode = Literal[LEVEL_CODES]  # type: ignore[valid-type]
SortKey = Literal[tuple(SORTS)]  # type: ignore[valid-type]
StatusCode = Literal[tuple(RegisterStatus.values)]  # type: ignore[valid-type]
Text = Annotated[str, Field(max_length=NAME_MAX_LENGTH, pattern=TEXT_PATTERN)]
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date(value: Any) -> Any:
    """Only YYYY-MM-DD: pydantic would also take a number of seconds since 1970 ("0")."""
    if isinstance(value, dt.date) or (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
        return value
    raise PydanticCustomError("date_parsing", "Input should be a date as YYYY-MM-DD")


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]


class Strict(Schema):
    """An input whose unknown members are refused: a typo must not silently widen a search."""

    model_config = ConfigDict(extra="forbid")


# -- input -----------------------------------------------------------------------------------


class RegisterFilters(Strict):
    name: Text = Field("", description="Part of the name of the holder or of an organisation "
                                       "in its scope.")
    place: Text = Field("", description="Part of the holder's place of business.")
    kvk: KvkNumber | None = Field(None, description="A KvK number in the certificate's scope.")
    minLevel: LevelCode | None = Field(None, description="At least this level of the ladder.")
    pso30plus: bool | None = Field(None, description="true: only PSO 30+ certificates; "
                                                     "false: only level certificates.")
    institution: Text = Field("", description="The certifying institution, its name as listed.")
    date: IsoDate | None = Field(None, description="The day asked about (default: today): "
                                                   "certificates in force on that day.")
    sort: SortKey = Field(DEFAULT_SORT, description="Sort key; a leading - sorts descending.")
    page: int = Field(1, ge=1, le=MAX_PAGE)
    pageSize: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


class DayQuery(Strict):
    date: IsoDate | None = Field(None, description="The day the status is given for "
                                                   "(default: today).")


class CheckQuery(Strict):
    kvk: KvkNumber
    date: IsoDate | None = Field(None, description="The day asked about (default: today).")
    minLevel: LevelCode | None = Field(None, description="Certified only at this level or "
                                                         "higher.")
    # The register's published check URL (issue 12) spells it min_level: links and scripts
    # written from it keep working.
    min_level: LevelCode | None = Field(
        None, description="The same as minLevel, as the published check URL spells it.")

    @property
    def level(self) -> str | None:
        return self.minLevel or self.min_level


class BulkCheckRequest(Strict):
    kvkNumbers: list[KvkNumber] = Field(
        ..., min_length=1, max_length=MAX_BULK_KVKS,
        description=f"The KvK numbers to check, at most {MAX_BULK_KVKS}; the answers come in "
                    "the same order (a number given twice is answered twice).")
    date: IsoDate | None = Field(None, description="The day asked about (default: today).")
    minLevel: LevelCode | None = Field(None, description="Certified only at this level or "
                                                         "higher.")


# -- output ------------------------------------------------------------------------------------


class Level(Schema):
    code: str = Field(..., description="The level's code in the handbook, e.g. trede_2.")
    label: str = Field(..., description="Its name in the language of the response.")


class Status(Schema):
    code: StatusCode = Field(..., description="valid (geldig), expiring_soon (verloopt "
                                              "binnenkort), not_yet (nog niet geldig), expired "
                                              "(verlopen), lapsed (vervallen: superseded), "
                                              "revoked (ingetrokken).")
    label: str = Field(..., description="The status in the language of the response.")
    since: dt.date = Field(..., description="The day this status began.")


class Entry(Schema):
    """One certificate as the register lists it."""

    number: str = Field(..., description="The certificate number.")
    kind: Literal["level", "pso30plus"] = Field(..., description="A level certificate, or the "
                                                                 "separate PSO 30+ one.")
    organisationName: str
    place: str
    kvkNumbers: list[str] = Field(..., description="Every KvK number in the certificate's "
                                                   "scope, the main applicant first.")
    level: Level
    pso30plus: bool
    start: dt.date
    end: dt.date
    institution: str = Field(..., description="The certifying institution.")
    status: Status
    verificationUrl: str = Field(..., description="The public verification page (the QR code "
                                                  "on the certificate).")


class RegisterPage(Schema):
    date: dt.date = Field(..., description="The day asked about.")
    total: int = Field(..., description="Entries found on all pages.")
    page: int
    pageSize: int
    entries: list[Entry]


class Certificate(Entry):
    handbookVersion: str
    supersededBy: str | None = Field(..., description="The number of the certificate that "
                                                      "took over, when it lapsed.")
    date: dt.date = Field(..., description="The day the status is given for.")


class CertificateRef(Schema):
    number: str
    organisationName: str
    level: Level
    start: dt.date
    end: dt.date
    status: Status
    verificationUrl: str


class CheckAnswer(Schema):
    kvk: str
    certified: bool = Field(..., description="Held a certificate in force on that day, at "
                                             "minLevel or higher when given.")
    certificate: CertificateRef | None = Field(..., description="The highest level certificate "
                                                                "in force that day, also when "
                                                                "it is below minLevel.")
    pso30plus: CertificateRef | None = Field(..., description="A PSO 30+ certificate in force "
                                                              "that day.")


class Check(CheckAnswer):
    date: dt.date
    minLevel: str | None


class BulkCheck(Schema):
    date: dt.date
    minLevel: str | None
    count: int
    answers: list[CheckAnswer]
