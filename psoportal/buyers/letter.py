"""The letter "Socialer inkopen met het PSO-keurmerk" (issue 13 §6, seed 004): what a certified
organisation sends its suppliers, filled with its certificate and its procurement table; and
the suppliers it sent the letter to, with whether and when they certified since.

One `Letter` is built here and rendered three ways (the page's preview, the PDF in
letter_pdf.py, the .docx in letter_docx.py), so the three never disagree. The letter is Dutch
whatever the page's language: it goes to Dutch suppliers (as the certificate PDF is Dutch).

Which certificate is the organisation's: one awarded on its own application, or one taken
over from the old register (no application) whose main KvK number is the organisation's own —
the register knows an imported certificate only by its scope. An organisation whose e-mail
domain still awaits PSO-Nederland's approval (or was refused) does not get an imported
certificate by KvK number: anyone can type a KvK number at registration, and the letter speaks
in the certificate holder's name.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.db.models import Q
from django.utils import timezone, translation

from psoportal.buyers.models import Buyer, LetterRecipient, Niveau, PurchasingCategory
from psoportal.buyers.policy_defaults import default_categories
from psoportal.certification.certificates import verification_url
from psoportal.certification.models import Certificate, CertificateScope
from psoportal.organisations.models import Organisation
from psoportal.register.display import level_label
from psoportal.register.selectors import in_force_on, kvk_checks
from psoportal.register.status import EntryStatus, register_handbook

LETTER_FILE = Path(__file__).parent / "data" / "letter_nl.toml"
# Domain approvals under which an imported certificate is not matched by KvK number.
_UNTRUSTED_DOMAIN = ("pending", "rejected")


@cache
def letter_text() -> dict:
    return tomllib.loads(LETTER_FILE.read_text(encoding="utf-8"))


# -- the organisation's certificate ------------------------------------------------------------


def organisation_certificates(organisation: Organisation):
    """Every certificate of the organisation, any status (see the module's docstring)."""
    own = Q(application__organisation=organisation)
    if organisation.domain_approval not in _UNTRUSTED_DOMAIN:
        # One filter() call: the KvK number and is_main are of the same scope row.
        own |= Q(application__isnull=True, scope__kvk=organisation.kvk, scope__is_main=True)
    return Certificate.objects.filter(own).distinct()


@dataclass(frozen=True)
class LetterCertificate:
    certificate: Certificate
    level_label: str
    pso30plus: Certificate | None
    verification_url: str


def letter_certificate(organisation: Organisation, *, on: dt.date) -> LetterCertificate | None:
    """The organisation's level certificate in force on `on` (the newest if two overlap) and
    its PSO 30+ certificate in force, or None: then there is no letter to send."""
    in_force = list(organisation_certificates(organisation).filter(in_force_on(on))
                    .order_by("-start", "-id"))
    level = next((c for c in in_force if c.kind == Certificate.Kind.LEVEL), None)
    if level is None:
        return None
    plus = next((c for c in in_force if c.kind == Certificate.Kind.PSO30PLUS), None)
    with translation.override("nl"):
        text = level_label(level, on=on)
    return LetterCertificate(certificate=level, level_label=text, pso30plus=plus,
                             verification_url=verification_url(level))


# -- the procurement table ---------------------------------------------------------------------


@dataclass(frozen=True)
class NiveauRow:
    niveau: int
    label: str  # "Niveau 1: PSO is een voorwaarde"
    text: str  # what it means for a supplier (seed 004)
    categories: tuple[str, ...]


@dataclass(frozen=True)
class ProcurementTable:
    rows: tuple[NiveauRow, ...]
    from_policy: bool  # the buyer workspace's own policy; else the handreiking's lists


def procurement_table(organisation: Organisation) -> ProcurementTable:
    """The three Niveaus with the purchasing categories of the organisation's own buyer
    policy when its workspace is on and holds categories, else the handreiking's lists (an
    emptied policy would make a letter without a table)."""
    names: dict[int, list[str]] = defaultdict(list)
    buyer = Buyer.objects.filter(organisation=organisation).first()
    categories = (list(PurchasingCategory.objects.filter(buyer=buyer)
                       .values_list("niveau", "name")) if buyer else [])
    for niveau, name in categories:
        names[niveau].append(name)
    from_policy = bool(categories)
    if not from_policy:
        for category in default_categories():
            names[category.niveau].append(category.name_nl)
    texts = letter_text()["niveau"]
    with translation.override("nl"):
        rows = tuple(
            NiveauRow(niveau=niveau.value, label=str(niveau.label),
                      text=texts.get(str(niveau.value), ""),
                      categories=tuple(names.get(niveau.value, ())))
            for niveau in Niveau
        )
    return ProcurementTable(rows=rows, from_policy=from_policy)


# -- the letter --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Signature:
    """What the sender fills in on the page (all optional but the date)."""

    name: str = ""
    function: str = ""
    place: str = ""
    date: dt.date | None = None
    opening: str = ""


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...]
    table: bool


@dataclass(frozen=True)
class Letter:
    organisation: Organisation
    certificate: LetterCertificate
    table: ProcurementTable
    date: dt.date
    place: str
    subject_label: str
    subject: str
    salutation: str
    opening: tuple[str, ...]  # the sender's own paragraphs
    intro: str
    certificate_lines: tuple[str, ...]
    verify: str
    qr_alt: str
    sections: tuple[Section, ...]
    table_caption: str
    table_headers: tuple[str, str, str]
    table_empty: str
    closing: str
    regards: str
    signer_name: str
    signer_function: str

    @property
    def date_text(self) -> str:
        return f"{self.date:%d-%m-%Y}"

    @property
    def place_and_date(self) -> str:
        return f"{self.place}, {self.date_text}" if self.place else self.date_text


def _paragraphs(text: str) -> tuple[str, ...]:
    """The sender's text as paragraphs: a blank line (or a line break) starts a new one."""
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def _enumeration(items: Sequence[str]) -> str:
    """"A, B en C" (Dutch)."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]


def letter_build(*, organisation: Organisation, certificate: LetterCertificate,
                 signature: Signature) -> Letter:
    text = letter_text()
    day = signature.date or timezone.localdate()
    handbook = register_handbook(day)
    cert = certificate.certificate
    values = {
        "organisation": organisation.name,
        "level": certificate.level_label,
        "number": cert.number,
        "start": f"{cert.start:%d-%m-%Y}",
        "end": f"{cert.end:%d-%m-%Y}",
        "levels": _enumeration([level.label_nl for level in handbook.levels]),
        "aspirant": handbook.fallback_level.label_nl,
    }
    lines = [text["certificate"].format(**values)]
    if certificate.pso30plus is not None:
        plus = certificate.pso30plus
        lines.append(text["pso30plus"].format(
            number=plus.number, start=f"{plus.start:%d-%m-%Y}", end=f"{plus.end:%d-%m-%Y}"))
    return Letter(
        organisation=organisation,
        certificate=certificate,
        table=procurement_table(organisation),
        date=day,
        place=signature.place.strip(),
        subject_label=text["subject_label"],
        subject=text["subject"],
        salutation=text["salutation"],
        opening=_paragraphs(signature.opening),
        intro=text["intro"],
        certificate_lines=tuple(lines),
        verify=text["verify"],
        qr_alt=text["qr_alt"],
        sections=tuple(
            Section(heading=section["heading"],
                    paragraphs=tuple(p.format(**values) for p in section["paragraphs"]),
                    table=section.get("table", False))
            for section in text["section"]
        ),
        table_caption=text["table_caption"],
        table_headers=(text["table_niveau"], text["table_approach"], text["table_categories"]),
        table_empty=text["table_empty"],
        closing=text["closing"],
        regards=text["regards"],
        signer_name=signature.name.strip(),
        signer_function=signature.function.strip(),
    )


def letter_filename(organisation: Organisation, extension: str) -> str:
    """leveranciersbrief-voorbeeld-bv.pdf: ASCII only, so nothing a user typed can break the
    Content-Disposition header."""
    from django.utils.text import slugify

    slug = slugify(organisation.name)[:50].strip("-") or f"organisatie-{organisation.pk}"
    return f"leveranciersbrief-{slug}.{extension}"


# -- the recipients ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RecipientLine:
    recipient: LetterRecipient
    # The start of the first certificate that started on or after the letter was sent.
    certified_since: dt.date | None
    # A certificate was already in force on the day the letter was sent (its start).
    certified_before: dt.date | None
    status: EntryStatus | None  # today's status of its best certificate in force, if any

    @property
    def certified_now(self) -> bool:
        return self.status is not None and self.status.in_force


def _ever_in_force(certificate: Certificate) -> bool:
    # Withdrawn or lapsed on or before its own start: it never counted.
    return all(day is None or day > certificate.start
               for day in (certificate.revoked_on, certificate.lapsed_on))


def recipient_lines(organisation: Organisation, *, on: dt.date) -> list[RecipientLine]:
    """The organisation's recipients with what the register says of them, in three queries
    however many there are (the history is certificates_for_kvk for all KvK numbers at once)."""
    recipients = list(organisation.letter_recipients.all())
    kvks = sorted({r.kvk for r in recipients})
    history: dict[str, list[Certificate]] = defaultdict(list)
    for row in (CertificateScope.objects.filter(kvk__in=kvks).select_related("certificate")
                .order_by("certificate__start", "certificate__id")):
        if _ever_in_force(row.certificate):
            history[row.kvk].append(row.certificate)
    checks = {check.kvk: check for check in kvk_checks(kvks, on=on)}
    lines = []
    for recipient in recipients:
        certificates = history.get(recipient.kvk, [])
        since = next((c.start for c in certificates if c.start >= recipient.sent_on), None)
        before = next((c.start for c in certificates
                       if c.start < recipient.sent_on and recipient.sent_on <= c.end
                       and (c.lapsed_on is None or c.lapsed_on > recipient.sent_on)
                       and (c.revoked_on is None or c.revoked_on > recipient.sent_on)), None)
        check = checks.get(recipient.kvk)
        lines.append(RecipientLine(recipient=recipient, certified_since=since,
                                   certified_before=before,
                                   status=check.status if check else None))
    return lines

