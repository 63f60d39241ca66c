"""The contract watch (issue 13 item 3): the buyer is told, by e-mail and in the workspace, when
a supplier's certificate will expire before the contract ends, is withdrawn, is superseded, or
when the supplier drops below the contract's required level.

What an alert is about. For each supplier (one contract: KvK number, required level, period)
the watch looks at the supplier's level certificates in the register (PSO 30+ certificates are
not levels and are left out) and at the day each one stops being in force, its *ending*: the
first of revoked_on, lapsed_on and end + 1 day, as certificate_status ranks them. An ending on
day X is an alert when:

- the certificate was withdrawn (revoked_on): WITHDRAWN, always — a withdrawal is news even when
  another certificate continues;
- otherwise only for the certificate the supplier relies on (none of its other certificates in
  force the day before has a higher level), by what is in force on X itself:
  - a certificate at or above the required level (any level when none is required): nothing
    for an expiry (a successor continues); SUPERSEDED for a supersession (lapsed_on, "vervallen
    door een nieuw certificaat"), which the buyer is told as the issue asks;
  - only certificates below the required level: BELOW, naming the certificate then in force
    and its level (the day the higher one stopped is the event);
  - nothing at all: EXPIRES (or SUPERSEDED when the ending was a supersession).

A buyer raising a contract's required level is not an event of the register: the portfolio
shows that supplier as not meeting it, no alert is sent.

The event date is X, the first day without the certificate. Only events within the contract
count: X on or before contract_end, an open-ended contract (no end) counting as ongoing. A
contract that has not started yet still counts: a supplier losing its certificate before the
start is news too.

When. ALERT_OFFSETS_DAYS (90, 30 and 0 days before X) are the buyer's watch, not a PSO rule:
every page and e-mail renders them from this one tuple. On a run for day D the offset due is the
latest one reached: the smallest offset ≥ X − D. So an event known long in advance (an expiry; a
revocation or supersession dated in the future) is told at −90, −30 and on the day; an event
known only when it happens (a supersession or withdrawal dated today, a drop below the level) is
told at 0 only. A run after a missed offset (the scheduler down, a supplier added at −50) sends
only the latest offset due and records no row for the skipped ones: a row means "the buyer was
told", and telling 90 and 30 at once on day −10 would be noise. Events up to LATE_ALERT_DAYS
past are still told (offset 0) when the watch first sees them; older ones are history the
portfolio shows.

Once. Each alert is a row under the unique (supplier, kind, certificate number, offset); the
scheduler's job (schedule/contract_watch.py) also claims each one with effect_once, and the
e-mails are outbox rows written in the same transaction. Two runs, or two at once, write each
alert and each e-mail once. An alert stays: seen or not, the workspace keeps the history.

Work per run is bounded: one query finds the suppliers with a certificate ending in the window
[D − LATE_ALERT_DAYS, D + max offset], one fetches the certificates of those KvK numbers in
force in it, one the alerts already written; none per supplier.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from psoportal.accounts.models import User
from psoportal.buyers.access import BUYER_ROLES
from psoportal.buyers.models import Buyer, ContractAlert, Supplier
from psoportal.certification.models import Certificate, CertificateScope
from psoportal.certification.notifications import notify
from psoportal.core.audit import audit_record
from psoportal.core.templatetags.handbook import label
from psoportal.methodology.dates import ONE_DAY
from psoportal.methodology.handbook import Handbook
from psoportal.organisations.models import Membership
from psoportal.register.display import level_label
from psoportal.register.selectors import in_force_during
from psoportal.register.status import entry_status, register_handbook

# Days before an event that the buyer is told, largest first. The buyer's watch, not a PSO rule.
ALERT_OFFSETS_DAYS: tuple[int, ...] = (90, 30, 0)
# An event this many days past is still told when the watch first sees it (then offset 0).
LATE_ALERT_DAYS = 30
TEMPLATE = "contract-alert"
# The party of the outbox rows: the buyer's people (the applicant's overview filters on its own).
BUYER_PARTY = "buyer"
DATE_FORMAT = "%d-%m-%Y"

Kind = ContractAlert.Kind


def offset_due(event_on: dt.date, as_of: dt.date) -> int | None:
    """The latest offset reached on `as_of` for an event on `event_on`, or None when the event
    is further away than the first offset or more than LATE_ALERT_DAYS past."""
    remaining = (event_on - as_of).days
    if remaining > max(ALERT_OFFSETS_DAYS) or remaining < -LATE_ALERT_DAYS:
        return None
    reached = [offset for offset in ALERT_OFFSETS_DAYS if offset >= remaining]
    return min(reached)


def offsets_in_words() -> str:
    """"90 en 30": the offsets before the day itself, joined in the active language."""
    before = [str(offset) for offset in ALERT_OFFSETS_DAYS if offset > 0]
    if len(before) < 2:
        return "".join(before)
    return _("%(first)s en %(last)s") % {"first": ", ".join(before[:-1]), "last": before[-1]}


def offset_label(offset_days: int) -> str:
    """An alert's offset in words: "90 dagen vooraf", "op de dag zelf"."""
    if offset_days == 0:
        return _("op de dag zelf")
    return ngettext("%(days)s dag vooraf", "%(days)s dagen vooraf", offset_days) % {
        "days": offset_days}


def days_label(event_on: dt.date, today: dt.date) -> str:
    """The event seen from today: "over 12 dagen", "vandaag", "12 dagen geleden"."""
    days = (event_on - today).days
    if days == 0:
        return _("vandaag")
    if days > 0:
        return ngettext("over %(days)s dag", "over %(days)s dagen", days) % {"days": days}
    return ngettext("%(days)s dag geleden", "%(days)s dagen geleden", -days) % {"days": -days}


# ---------------------------------------------------------------------------------------------
# Which alerts are due on a day


@dataclass(frozen=True)
class _Span:
    """A certificate's days in force: [first, ending − 1], and why it ends on `ending`."""

    certificate: Certificate
    rank: int
    first: dt.date
    ending: dt.date
    cause: str  # a ContractAlert.Kind for revoked/lapsed, "expired" for the end

    def in_force(self, day: dt.date) -> bool:
        return self.first <= day < self.ending


def _span(certificate: Certificate, ranks: dict[str, int]) -> _Span:
    # As certificate_status ranks endings on the same day: revoked, then lapsed, then expired.
    endings = [(certificate.revoked_on, 0, Kind.WITHDRAWN),
               (certificate.lapsed_on, 1, Kind.SUPERSEDED),
               (certificate.end + ONE_DAY, 2, "expired")]
    day, _rank, cause = min((d, r, c) for d, r, c in endings if d is not None)
    return _Span(certificate, ranks.get(certificate.level, -1), certificate.start, day, cause)


@dataclass(frozen=True)
class DueAlert:
    """An alert the watch owes the buyer on a run's day (not yet written)."""

    supplier: Supplier
    kind: str
    offset_days: int
    event_on: dt.date
    certificate_number: str
    level: str
    days: int  # from the run's day to the event; negative when it is past

    @property
    def key(self) -> str:
        return f"{self.supplier.pk}:{self.kind}:{self.certificate_number}:{self.offset_days}"


def supplier_events(supplier: Supplier, certificates: list[Certificate], *,
                    handbook: Handbook, first: dt.date, last: dt.date
                    ) -> list[tuple[str, dt.date, Certificate]]:
    """(kind, event day, certificate named) of the supplier's events with a day in
    [first, last] within its contract; the rules are the module's docstring."""
    ranks = {level.code: index for index, level in enumerate(handbook.levels)}
    required = ranks.get(supplier.required_level) if supplier.required_level else None
    spans = [_span(c, ranks) for c in certificates if c.kind == Certificate.Kind.LEVEL]
    spans = [s for s in spans if s.first < s.ending]  # never in force: nothing to lose
    events = []
    for span in spans:
        day = span.ending
        if not first <= day <= last or not span.in_force(day - ONE_DAY):
            continue
        if supplier.contract_end is not None and day > supplier.contract_end:
            continue
        if span.cause == Kind.WITHDRAWN:
            events.append((Kind.WITHDRAWN, day, span.certificate))
            continue
        others = [s for s in spans if s is not span]
        if any(s.rank > span.rank for s in others if s.in_force(day - ONE_DAY)):
            continue  # not the certificate the supplier relies on
        after = [s for s in others if s.in_force(day)]
        best = max(after, key=lambda s: (s.rank, s.ending), default=None)
        if best is not None and (required is None or best.rank >= required):
            if span.cause == Kind.SUPERSEDED:
                events.append((Kind.SUPERSEDED, day, span.certificate))
        elif best is not None:
            events.append((Kind.BELOW_REQUIRED, day, best.certificate))
        elif span.cause == Kind.SUPERSEDED:
            events.append((Kind.SUPERSEDED, day, span.certificate))
        else:
            events.append((Kind.EXPIRES_BEFORE_END, day, span.certificate))
    return events


def _ending_within(first: dt.date, last: dt.date, prefix: str = "") -> Q:
    p = prefix
    return (Q(**{f"{p}end__gte": first - ONE_DAY, f"{p}end__lte": last - ONE_DAY})
            | Q(**{f"{p}lapsed_on__gte": first, f"{p}lapsed_on__lte": last})
            | Q(**{f"{p}revoked_on__gte": first, f"{p}revoked_on__lte": last}))


def alerts_due(as_of: dt.date) -> list[DueAlert]:
    """Every alert due on `as_of` and not written yet, in three queries whatever the count."""
    first = as_of - dt.timedelta(days=LATE_ALERT_DAYS)
    last = as_of + dt.timedelta(days=max(ALERT_OFFSETS_DAYS))
    kvks = (CertificateScope.objects
            .filter(certificate__kind=Certificate.Kind.LEVEL)
            .filter(_ending_within(first, last, prefix="certificate__")).values("kvk"))
    suppliers = list(
        Supplier.objects.filter(kvk__in=kvks)
        .filter(Q(contract_end__isnull=True) | Q(contract_end__gte=first))
        .select_related("buyer__organisation").order_by("pk"))
    if not suppliers:
        return []
    by_kvk: dict[str, list[Certificate]] = defaultdict(list)
    scopes = (CertificateScope.objects
              .filter(kvk__in=kvks, certificate__kind=Certificate.Kind.LEVEL)
              .filter(in_force_during(first - ONE_DAY, last, prefix="certificate__"))
              .select_related("certificate").order_by("certificate_id"))
    for scope in scopes:
        by_kvk[scope.kvk].append(scope.certificate)
    written = set(
        ContractAlert.objects.filter(supplier__kvk__in=kvks)
        .values_list("supplier_id", "kind", "certificate_number", "offset_days"))
    handbook = register_handbook(as_of)
    due = []
    for supplier in suppliers:
        for kind, event_on, certificate in supplier_events(
                supplier, by_kvk.get(supplier.kvk, []), handbook=handbook,
                first=first, last=last):
            offset = offset_due(event_on, as_of)
            if offset is None:
                continue
            if (supplier.pk, str(kind), certificate.number, offset) in written:
                continue
            due.append(DueAlert(supplier=supplier, kind=str(kind), offset_days=offset,
                                event_on=event_on, certificate_number=certificate.number,
                                level=certificate.level, days=(event_on - as_of).days))
    return due


# ---------------------------------------------------------------------------------------------
# Writes


def contract_alert_create(*, due: DueAlert) -> ContractAlert | None:
    """Write the alert and the e-mails to the buyer's people in one transaction; None when
    another runner wrote it already (the unique constraint refuses the second)."""
    supplier = due.supplier
    with transaction.atomic():
        try:
            with transaction.atomic():
                alert = ContractAlert.objects.create(
                    supplier=supplier, kind=due.kind, offset_days=due.offset_days,
                    event_on=due.event_on, certificate_number=due.certificate_number,
                    level=due.level)
        except IntegrityError:
            return None
        audit_record(actor=None, action="contract_alert_create",
                     organisation_id=supplier.buyer.organisation_id, subject=alert,
                     changes={"kind": due.kind, "offset_days": due.offset_days,
                              "event_on": due.event_on.isoformat(),
                              "certificate_number": due.certificate_number})
        contract_alert_notify(alert, days=due.days)
    return alert


def _level_names(code: str, on: dt.date) -> tuple[str, str]:
    try:
        level = register_handbook(on).level(code)
    except KeyError:
        return "", ""
    return level.label_nl, level.label_en


def contract_alert_notify(alert: ContractAlert, *, days: int) -> list:
    """One outbox row per Accounthouder and colleague of the buyer (not advisers), each sent
    in the recipient's language. The context holds codes, names and d-m-Y dates."""
    supplier = alert.supplier
    organisation = supplier.buyer.organisation
    members = (Membership.objects.filter(organisation=organisation, role__in=BUYER_ROLES)
               .select_related("user").order_by("user_id"))
    level_nl, level_en = _level_names(alert.level, alert.event_on)
    required_nl, required_en = _level_names(supplier.required_level, alert.event_on)
    return notify(
        template=TEMPLATE,
        recipients=[(m.user, BUYER_PARTY) for m in members],
        context={
            "alert_kind": alert.kind,
            "offset_days": alert.offset_days,
            "days": days,
            "supplier": supplier.name,
            "kvk": supplier.kvk,
            "reference": supplier.reference,
            "buyer": organisation.name,
            "number": alert.certificate_number,
            "level_nl": level_nl, "level_en": level_en,
            "required_nl": required_nl, "required_en": required_en,
            "event_on": alert.event_on.strftime(DATE_FORMAT),
            # The last day the certificate is in force (an expiry: its end date).
            "last_day": (alert.event_on - ONE_DAY).strftime(DATE_FORMAT),
            "contract_end": (supplier.contract_end.strftime(DATE_FORMAT)
                             if supplier.contract_end else ""),
            "path": reverse("buyers:alerts", args=[organisation.pk]),
        },
    )


def contract_alert_mark_seen(*, alert: ContractAlert, by: User) -> bool:
    """Mark one alert seen; True when this call did (a second click changes nothing)."""
    with transaction.atomic():
        changed = ContractAlert.objects.filter(pk=alert.pk, seen_at__isnull=True).update(
            seen_at=timezone.now(), seen_by=by)
        if changed:
            audit_record(actor=by, action="contract_alert_mark_seen",
                         organisation_id=alert.supplier.buyer.organisation_id, subject=alert)
    return bool(changed)


def contract_alerts_mark_all_seen(*, buyer: Buyer, by: User) -> int:
    """Mark every open alert of the buyer seen; how many."""
    with transaction.atomic():
        changed = ContractAlert.objects.filter(supplier__buyer=buyer, seen_at__isnull=True).update(
            seen_at=timezone.now(), seen_by=by)
        if changed:
            audit_record(actor=by, action="contract_alerts_mark_all_seen",
                         organisation_id=buyer.organisation_id, subject=buyer,
                         changes={"count": changed})
    return changed


# ---------------------------------------------------------------------------------------------
# Reads for the pages


@dataclass(frozen=True)
class AlertRow:
    """An alert as the workspace shows it, with the named certificate's status today."""

    alert: ContractAlert
    kind_label: str
    offset_label: str
    when_label: str  # the event seen from today
    level_label: str
    status_label: str  # the certificate's register status today ("verlopen"), if found

    @property
    def is_open(self) -> bool:
        return self.alert.seen_at is None


def alerts_for_buyer(buyer: Buyer, *, kind: str = "", only_open: bool = False
                     ) -> QuerySet[ContractAlert]:
    """The buyer's alerts: open ones first, then the earlier ones, latest event first."""
    alerts = ContractAlert.objects.filter(supplier__buyer=buyer)
    if kind:
        alerts = alerts.filter(kind=kind)
    if only_open:
        alerts = alerts.filter(seen_at__isnull=True)
    return (alerts.annotate(is_open=Case(When(seen_at__isnull=True, then=Value(1)),
                                         default=Value(0), output_field=IntegerField()))
            .select_related("supplier", "seen_by")
            .order_by("-is_open", "-event_on", "offset_days", "-id"))


def alert_rows(alerts, *, today: dt.date | None = None) -> list[AlertRow]:
    """Rows of already fetched alerts (one page): one query for their certificates."""
    today = today or timezone.localdate()
    alerts = list(alerts)
    certificates = {c.number: c for c in Certificate.objects.filter(
        number__in={a.certificate_number for a in alerts if a.certificate_number})}
    handbook = register_handbook(today)
    rows = []
    for alert in alerts:
        certificate = certificates.get(alert.certificate_number)
        if certificate is not None:
            level = level_label(certificate, on=today)
            status = entry_status(certificate, on=today).label
        else:
            try:
                level = label(handbook.level(alert.level)) if alert.level else ""
            except KeyError:
                level = ""
            status = ""
        rows.append(AlertRow(alert=alert, kind_label=str(alert.get_kind_display()),
                             offset_label=offset_label(alert.offset_days),
                             when_label=days_label(alert.event_on, today),
                             level_label=level, status_label=status))
    return rows


def open_alerts(buyer: Buyer, limit: int = 5) -> list[AlertRow]:
    """The latest open alerts, for the workspace home (templates/buyers/partials/
    open_alerts.html, context `open_alerts`)."""
    return alert_rows(alerts_for_buyer(buyer, only_open=True)[:limit])
