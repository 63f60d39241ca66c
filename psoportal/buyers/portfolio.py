"""The supplier portfolio as the register sees it on a day (issue 13 §2): one row per supplier.

The register's facts are never stored on a supplier; they are read here, in bulk, so the
table, its downloads, the contract watch and the policy check all agree. The reads are a
fixed number of queries whatever the number of suppliers: the suppliers with their category,
register.selectors.kvk_checks (two), and one for the latest certificate of the suppliers that
have none in force (so the table can say "verlopen" or "ingetrokken" rather than only "geen
certificaat").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from psoportal.buyers.levels import meets_level
from psoportal.buyers.models import Buyer, Niveau, Supplier
from psoportal.certification.models import Certificate, CertificateScope
from psoportal.core.templatetags.handbook import label
from psoportal.methodology.handbook import Handbook
from psoportal.register.display import level_label
from psoportal.register.selectors import kvk_checks
from psoportal.register.status import EntryStatus, entry_status, register_handbook

# The status of a supplier the register holds no certificate for (the register's own codes,
# register.status.RegisterStatus, cover every other case).
NO_CERTIFICATE = "none"
NO_CERTIFICATE_LABEL = gettext_lazy("geen certificaat")


@dataclass(frozen=True)
class PortfolioRow:
    """One supplier and the register's answer on the day asked about.

    ``certificate`` is the certificate shown: the highest level in force that day, or else the
    supplier's latest level certificate (expired, withdrawn, lapsed or not yet started), or
    None. Only a certificate in force counts for ``meets_required`` and the flags.
    """

    supplier: Supplier
    on: dt.date
    status: str  # a register.status.RegisterStatus code, or NO_CERTIFICATE
    status_label: str
    in_force: bool
    certificate: Certificate | None
    level: str  # the shown certificate's level code; "" without one
    level_label: str  # in the active language; "" without a certificate
    certificate_number: str
    certificate_url: str  # the public verification page (a path); "" without a certificate
    certificate_end: dt.date | None
    pso30plus: bool  # a PSO 30+ certificate in force that day
    category_name: str
    niveau: int | None  # Niveau of the supplier's purchasing category (buyers.models.Niveau)
    required_level: str  # a level code of the handbook ladder, "" for none
    required_level_label: str
    # Whether the level in force is at least the required level (handbook ladder order);
    # None when no level is required.
    meets_required: bool | None
    # The category is Niveau 1 (PSO is a condition) and no certificate is in force.
    niveau1_without_valid: bool
    # The certificate in force ends before the contract does.
    expires_before_contract_end: bool

    @property
    def kvk(self) -> str:
        return self.supplier.kvk

    @property
    def name(self) -> str:
        return self.supplier.name

    @property
    def contract_end(self) -> dt.date | None:
        return self.supplier.contract_end

    @property
    def below_required(self) -> bool:
        """A level is required and the supplier has no certificate in force at that level."""
        return self.meets_required is False



def portfolio_rows(buyer: Buyer, *, on: dt.date,
                   suppliers: Iterable[Supplier] | None = None) -> list[PortfolioRow]:
    """Every supplier of ``buyer`` (or only ``suppliers``, which must be the buyer's) with
    the register's answer on ``on``, ordered as the suppliers are (by name by default).

    A fixed number of queries whatever the count (see the module's docstring)."""
    if suppliers is None:
        suppliers = supplier_queryset(buyer)
    suppliers = list(suppliers)
    handbook = register_handbook(on)
    rank = {level.code: index for index, level in enumerate(handbook.levels)}
    kvks = list(dict.fromkeys(supplier.kvk for supplier in suppliers))
    checks = {check.kvk: check for check in kvk_checks(kvks, on=on)}
    latest = _latest_certificates([kvk for kvk in kvks if checks[kvk].certificate is None])
    # A portfolio holds thousands of suppliers but a handful of statuses and levels: each label
    # is put into words once (a translation lookup each costs more than the rest of a row).
    status_labels: dict[str, str] = {NO_CERTIFICATE: str(NO_CERTIFICATE_LABEL)}
    level_labels: dict[tuple[str, str], str] = {}
    required_labels: dict[str, str] = {}
    # The verification codes are URL-safe by construction; the path is reversed once.
    verify_prefix = reverse("verify_certificate", args=["-"])[:-2]
    rows = []
    for supplier in suppliers:
        check = checks[supplier.kvk]
        certificate = check.certificate or latest.get(supplier.kvk)
        status: EntryStatus | None = check.status or (
            entry_status(certificate, on=on) if certificate else None)
        in_force = check.certificate is not None
        category = supplier.category
        niveau = category.niveau if category else None
        meets = meets_level(check.certificate.level if check.certificate else None,
                            supplier.required_level, rank) \
            if supplier.required_level else None
        contract_end = supplier.contract_end
        code = status.code.value if status else NO_CERTIFICATE
        if code not in status_labels:
            status_labels[code] = status.label
        shown_level = ""
        if certificate is not None:
            key = (certificate.handbook_version, certificate.level)
            if key not in level_labels:
                level_labels[key] = level_label(certificate, on=on)
            shown_level = level_labels[key]
        if supplier.required_level not in required_labels:
            required_labels[supplier.required_level] = required_level_label(
                handbook, supplier.required_level)
        rows.append(PortfolioRow(
            supplier=supplier, on=on,
            status=code,
            status_label=status_labels[code],
            in_force=in_force,
            certificate=certificate,
            level=certificate.level if certificate else "",
            level_label=shown_level,
            certificate_number=certificate.number if certificate else "",
            certificate_url=(f"{verify_prefix}{certificate.verification_code}/"
                             if certificate else ""),
            certificate_end=certificate.end if certificate else None,
            pso30plus=check.pso30plus is not None,
            category_name=category.name if category else "",
            niveau=niveau,
            required_level=supplier.required_level,
            required_level_label=required_labels[supplier.required_level],
            meets_required=meets,
            niveau1_without_valid=niveau == Niveau.CONDITION and not in_force,
            expires_before_contract_end=bool(
                in_force and contract_end and check.certificate.end < contract_end),
        ))
    return rows


def supplier_queryset(buyer: Buyer) -> QuerySet[Supplier]:
    return Supplier.objects.filter(buyer=buyer).select_related("category").order_by("name", "id")


def required_level_label(handbook: Handbook, code: str) -> str:
    """The name of a required level; a code the handbook no longer knows is shown as such
    (never silently dropped)."""
    if not code:
        return ""
    try:
        return label(handbook.level(code))
    except KeyError:
        return _("onbekende trede (%(code)s)") % {"code": code}


def niveau_label(niveau: int | None) -> str:
    """"Niveau 1" as a column shows it (the model's choice label is the long form)."""
    if niveau is None:
        return ""
    return _("Niveau %(number)s") % {"number": niveau}


def _latest_certificates(kvks: list[str]) -> dict[str, Certificate]:
    """Each KvK number's latest level certificate of any status, in one query."""
    if not kvks:
        return {}
    latest: dict[str, Certificate] = {}
    scopes = (
        CertificateScope.objects.filter(kvk__in=kvks, certificate__kind=Certificate.Kind.LEVEL)
        .select_related("certificate")
        .order_by("kvk", "-certificate__start", "-certificate__id")
    )
    for row in scopes:
        latest.setdefault(row.kvk, row.certificate)
    return latest


# -- the table: filters, sorts and counts over the rows ---------------------------------------

FLAG_NIVEAU1 = "niveau1_without_valid"
FLAG_EXPIRES = "expires_before_contract_end"
FLAG_BELOW = "below_required"


@dataclass(frozen=True)
class PortfolioCounts:
    suppliers: int
    niveau1_without_valid: int
    expires_before_contract_end: int
    below_required: int


def portfolio_counts(rows: list[PortfolioRow]) -> PortfolioCounts:
    return PortfolioCounts(
        suppliers=len(rows),
        niveau1_without_valid=sum(row.niveau1_without_valid for row in rows),
        expires_before_contract_end=sum(row.expires_before_contract_end for row in rows),
        below_required=sum(row.below_required for row in rows),
    )


def filter_rows(rows: Iterable[PortfolioRow], *, search: str = "",
                category_id: int | None = None, niveau: int | None = None,
                flag: str = "") -> list[PortfolioRow]:
    """The rows that pass every filter given; ``flag`` is one of the FLAG_* names."""
    needle = search.strip().casefold()
    digits = needle.replace(" ", "").replace(".", "")
    kept = []
    for row in rows:
        if needle and needle not in row.supplier.name.casefold() and not (
                digits and digits in row.supplier.kvk):
            continue
        if category_id is not None and row.supplier.category_id != category_id:
            continue
        if niveau is not None and row.niveau != niveau:
            continue
        if flag and not getattr(row, flag):
            continue
        kept.append(row)
    return kept


def _level_rank(row: PortfolioRow) -> int:
    if not row.in_force:
        return -1
    codes = [level.code for level in register_handbook(row.on).levels]
    return codes.index(row.level) if row.level in codes else -1


_FAR = dt.date.max
# Sort key → the row's key; ties by name then id, so pages never overlap.
SORT_KEYS = {
    "name": lambda row: (row.supplier.name.casefold(),),
    "kvk": lambda row: (row.supplier.kvk,),
    "category": lambda row: (row.category_name == "", row.category_name.casefold()),
    "niveau": lambda row: (row.niveau is None, row.niveau or 0),
    "status": lambda row: (row.in_force, row.status),
    "level": lambda row: (_level_rank(row),),
    "certificate_end": lambda row: (row.certificate_end or _FAR,),
    "contract_end": lambda row: (row.supplier.contract_end or _FAR,),
}


def sort_rows(rows: list[PortfolioRow], key: str) -> list[PortfolioRow]:
    """Rows sorted by a SORT_KEYS key ("-" in front: descending), ties by name and id."""
    descending = key.startswith("-")
    pick = SORT_KEYS.get(key.lstrip("-"), SORT_KEYS["name"])
    ordered = sorted(rows, key=lambda row: (row.supplier.name.casefold(), row.supplier.pk))
    return sorted(ordered, key=pick, reverse=descending)
