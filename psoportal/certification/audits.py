"""The certifying institution's audit of a definitive application (issue 10 §5).

Planning the days builds the checklist once: the qualitative aspects of the application's level
and one line per target-group row, a reproducible sample of them marked. Corrections change a
copy of the frozen document (the application itself never changes) and are recomputed with the
application's own handbook version (rule book §10: a running certification keeps its version).
The report closes the audit; it is due `handbook.audit.report_due_days` after the last day
(§9: within two weeks of the audit), and an overdue one is shown to the CI and PSO-Nederland.

Only the certifying institution of the accepted quote writes here: every service takes the
party the access helper found and refuses any other (the views answer 404 before that).
"""

from __future__ import annotations

import copy
import datetime as dt
import random
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from psoportal.accounts.models import User
from psoportal.assessments.document import problems_in_document, register_filled
from psoportal.assessments.outcome import aspects_deciding
from psoportal.assessments.problem_messages import problem_line, problem_reason
from psoportal.certification.models import Application, Audit, AuditCheck, AuditCorrection
from psoportal.certification.services import TransitionRefused, application_transition
from psoportal.certification.transitions import Party, State
from psoportal.certification.uploads import original_name, pdf_upload_error
from psoportal.core.audit import audit_record
from psoportal.core.templatetags.handbook import level_label
from psoportal.methodology import InvalidAssessment, parse_assessment, score, score_to_dict
from psoportal.methodology.counting import tally
from psoportal.methodology.handbook import Aspect, Handbook, handbook_get
from psoportal.methodology.problems import Problem
from psoportal.methodology.rounding import plain

# The browser's declared type of a PDF; checked together with the file's first bytes
# (uploads.PDF_MAGIC), since either alone is whatever the client makes it.
PDF_CONTENT_TYPE = "application/pdf"
# Portal sanity, not a rule of the scheme: audit days are planned at most a year ahead.
PLAN_AHEAD_DAYS = 365
# The engine's "no level reached": the bottom of the ladder an auditor may recommend.
NO_LEVEL = "none"

Kind = AuditCheck.Kind
Outcome = AuditCheck.Outcome


class AuditRefused(Exception):
    """A refused audit write; nothing was stored. ``errors`` lists (form field or document
    path, Dutch message); a field of None is about the form as a whole."""

    def __init__(self, message: str = "", *, field: str | None = None,
                 errors: list[tuple[str | None, str]] | None = None) -> None:
        self.errors = errors if errors is not None else [(field, message)]
        super().__init__("; ".join(text for _field, text in self.errors))


def _require_institution(party: str) -> None:
    if party != Party.INSTITUTION:
        raise AuditRefused(_("Dit is voorbehouden aan de certificerende instelling van de "
                             "aanvraag."))


def audit_of(application: Application) -> Audit | None:
    return Audit.objects.filter(application=application).first()


def handbook_of(application: Application) -> Handbook:
    return handbook_get(application.handbook_version)


# -- planning and the checklist ------------------------------------------------------------


def audit_plan(
    *, application: Application, first_day: dt.date, last_day: dt.date, user: User, party: str,
    today: dt.date | None = None,
) -> Audit:
    """Plan or move the audit days (transition "plan_audit"). The report due date follows the
    last day; the checklist is built on the first planning only, so moving the days never
    loses what the auditor already recorded."""
    _require_institution(party)
    _check_days(application, first_day, last_day, today or timezone.localdate())
    handbook = handbook_of(application)
    report_due = last_day + dt.timedelta(days=handbook.audit.report_due_days)

    def write(app: Application) -> None:
        audit, created = Audit.objects.update_or_create(
            application=app,
            defaults={"first_day": first_day, "last_day": last_day, "report_due": report_due,
                      "planned_by": user},
        )
        if created:
            _build_checklist(audit, app, handbook)
        audit_record(actor=user, action="audit_plan", organisation_id=app.organisation_id,
                     subject=audit, changes={"first_day": first_day.isoformat(),
                                             "last_day": last_day.isoformat(),
                                             "moved": not created})

    try:
        application_transition(application=application, name="plan_audit", actor=user,
                               party=party, then=write)
    except TransitionRefused as exc:
        raise AuditRefused(str(exc)) from None
    return Audit.objects.get(application=application)


def _check_days(application: Application, first: dt.date, last: dt.date, today: dt.date) -> None:
    errors: list[tuple[str | None, str]] = []
    submitted = timezone.localdate(application.submitted_at)
    if first < submitted:
        errors.append(("first_day", _("De eerste auditdag ligt vóór de indiening van de "
                                      "aanvraag (%(date)s).") % {"date": _day(submitted)}))
    if last < first:
        errors.append(("last_day", _("De laatste auditdag ligt vóór de eerste auditdag.")))
    latest = today + dt.timedelta(days=PLAN_AHEAD_DAYS)
    if last > latest:
        errors.append(("last_day", _("Plan de audit binnen een jaar, uiterlijk op %(date)s.")
                       % {"date": _day(latest)}))
    if errors:
        raise AuditRefused(errors=errors)


def _day(value: dt.date) -> str:
    return date_format(value, "d-m-Y")


def checklist_aspects(application: Application, handbook: Handbook) -> tuple[Aspect, ...]:
    """The qualitative aspects of the level applied for (rule book §8); below the ladder those
    that decide it, as step 5 asked them."""
    level = application.result.get("level")
    if level in {lv.code for lv in handbook.levels}:
        return handbook.aspects_for(level)
    return aspects_deciding(handbook, application.result.get("quantitative_level", NO_LEVEL))


def audit_sample(application: Application, handbook: Handbook) -> list[int]:
    """Indexes of the target-group rows in the sample: `sample_size(Z)` of the Z rows that
    count (an fte above 0; rule book §5.3), drawn with the application's id as the seed so the
    same application always gives the same sample (PSO-Nederland can reproduce it)."""
    rows = application.document.get("target_group") or []
    counting = _counting_rows(application, handbook, len(rows))
    size = min(handbook.audit.sample_size(len(counting)), len(counting))
    return sorted(random.Random(application.pk).sample(counting, size))


def _counting_rows(application: Application, handbook: Handbook, count: int) -> list[int]:
    try:
        assessment = parse_assessment(application.document)
    except InvalidAssessment:
        # A frozen document was valid when it was submitted; should a later code check refuse
        # it, the sample is drawn from every row rather than none.
        return list(range(count))
    figures = tally(assessment, handbook, with_rows=True).rows or ()
    return [index for index, row in enumerate(figures) if row.fte > 0]


def _build_checklist(audit: Audit, application: Application, handbook: Handbook) -> None:
    sampled = set(audit_sample(application, handbook))
    checks = [
        AuditCheck(audit=audit, kind=Kind.ASPECT, key=aspect.code, label=aspect.label_nl)
        for aspect in checklist_aspects(application, handbook)
    ]
    checks += [
        AuditCheck(audit=audit, kind=Kind.EMPLOYEE, key=str(index),
                   label=str(row.get("ref", ""))[:200], sampled=index in sampled)
        for index, row in enumerate(application.document.get("target_group") or [])
    ]
    # Z may run into the thousands: a few inserts instead of one per row.
    AuditCheck.objects.bulk_create(checks, batch_size=1000)


def audit_checks_save(
    *, audit: Audit, party: str, user: User, outcomes: Mapping[int, tuple[str, str]],
) -> int:
    """Record the auditor's judgement of checks of this audit: check id -> (outcome, note).
    Ids of another audit are ignored (the form only offers this audit's own). Returns how many
    changed."""
    _require_institution(party)
    with transaction.atomic():
        audit = _lock_open_audit(audit)
        changed = []
        for check in audit.checks.filter(pk__in=list(outcomes)):
            outcome, note = outcomes[check.pk]
            if outcome not in Outcome.values:
                raise AuditRefused(_("Kies een oordeel uit de lijst."))
            if outcome == Outcome.NOT_MET and not note.strip():
                raise AuditRefused(_("Licht toe waarom dit niet voldoet."),
                                   field=f"note_{check.pk}")
            if (check.outcome, check.note) != (outcome, note.strip()):
                check.outcome, check.note = outcome, note.strip()
                changed.append(check)
        AuditCheck.objects.bulk_update(changed, ["outcome", "note"], batch_size=500)
        if changed:
            audit_record(actor=user, action="audit_checks_save",
                         organisation_id=audit.application.organisation_id, subject=audit,
                         changes={"checks": len(changed)})
    return len(changed)


def _lock_open_audit(audit: Audit) -> Audit:
    """The audit, locked, while it may still change: the application row is locked first, in
    the order the report's transition takes them, so a correction and the report never cross
    (a correction after the report would change what PSO-Nederland decides on)."""
    open_ = list(
        Application.objects.select_for_update()
        .filter(pk=audit.application_id, state=State.AUDIT_PLANNED)
        .values_list("pk", flat=True)
    )
    if not open_:
        raise AuditRefused(_("De audit is afgesloten: er verandert niets meer aan."))
    return Audit.objects.select_for_update().select_related("application").get(pk=audit.pk)


@dataclass(frozen=True)
class ChecklistProgress:
    aspects: int
    aspects_open: int
    sampled: int
    sampled_open: int
    others_judged: int

    @property
    def to_judge(self) -> int:
        """What the report needs judged: the aspects and the sampled rows."""
        return self.aspects + self.sampled

    @property
    def still_open(self) -> int:
        return self.aspects_open + self.sampled_open

    @property
    def complete(self) -> bool:
        return not self.still_open


def checklist_progress(audit: Audit) -> ChecklistProgress:
    is_open = Q(outcome=Outcome.OPEN)
    aspect = Q(kind=Kind.ASPECT)
    sampled = Q(kind=Kind.EMPLOYEE, sampled=True)
    # Aggregate names must not be field names ("sampled"): prefixed, then unprefixed.
    counts = audit.checks.aggregate(
        n_aspects=Count("pk", filter=aspect),
        n_aspects_open=Count("pk", filter=aspect & is_open),
        n_sampled=Count("pk", filter=sampled),
        n_sampled_open=Count("pk", filter=sampled & is_open),
        n_others_judged=Count("pk", filter=Q(kind=Kind.EMPLOYEE, sampled=False) & ~is_open),
    )
    return ChecklistProgress(**{name[2:]: value for name, value in counts.items()})


# -- corrections -----------------------------------------------------------------------------

DECIMAL, DATE, FLAG, CODE = "decimal", "date", "flag", "code"
# What an auditor may correct: the staff figures (§5.3) and, per target-group row, every field
# that counts (assessment-format.md). The reference is not a figure; the organisation and
# the peiljaar are the scope, not the audit's.
WORKFORCE_FIELDS = {"total_fte": DECIMAL, "average_headcount": DECIMAL,
                    "sw_seconded_out_fte": DECIMAL}
ROW_FIELDS = {
    "category": CODE, "contract": CODE, "hours_per_week": DECIMAL, "employed_from": DATE,
    "employed_until": DATE, "inflow_date": DATE, "lks_until": DATE, "indication_until": DATE,
    "school_left": DATE, "indicated_30plus": FLAG,
}
_WORKFORCE_PATH = re.compile(r"workforce\.(\w+)\Z")
_ROW_PATH = re.compile(r"target_group\[(\d{1,6})\]\.(\w+)\Z")


def workforce_path(key: str) -> str:
    return f"workforce.{key}"


def row_path(index: int, key: str) -> str:
    return f"target_group[{index}].{key}"


def correction_kind(path: str) -> str:
    """The kind of value a correctable document path holds; KeyError for any other path."""
    if match := _WORKFORCE_PATH.match(path):
        return WORKFORCE_FIELDS[match[1]]
    if match := _ROW_PATH.match(path):
        return ROW_FIELDS[match[2]]
    raise KeyError(path)


def audited_document(audit: Audit) -> dict[str, Any]:
    """The document as the auditor has it now: the frozen one until the first correction."""
    return audit.audited_document or audit.application.document


def audited_result(audit: Audit) -> dict[str, Any]:
    return audit.audited_result or audit.application.result


def audit_correct(
    *, audit: Audit, party: str, user: User, changes: Mapping[str, Any], note: str,
) -> list[AuditCorrection]:
    """Correct figures as the auditor found them: `changes` maps a document path
    (``workforce.total_fte``, ``target_group[3].hours_per_week``) to its new value (Decimal,
    date, bool, code or None). The values are applied to a copy of the audited document, which
    the engine scores with the application's own handbook version; only when it accepts them
    are the corrections, the document and the result stored, all at once."""
    _require_institution(party)
    note = note.strip()
    if not note:
        raise AuditRefused(_("Licht de correctie toe: wat trof u aan, en waaruit blijkt het?"),
                           field="note")
    with transaction.atomic():
        audit = _lock_open_audit(audit)
        document = copy.deepcopy(audited_document(audit))
        made = [
            AuditCorrection(audit=audit, field=path, original=_text(before), corrected=_text(after),
                            note=note, by=user)
            for path, before, after in _apply(document, changes)
        ]
        if not made:
            raise AuditRefused(_("U heeft geen gegeven gewijzigd."))
        result = _recompute(audit.application, document, changed=set(changes))
        AuditCorrection.objects.bulk_create(made)
        audit.audited_document, audit.audited_result = document, result
        audit.save(update_fields=["audited_document", "audited_result"])
        audit_record(actor=user, action="audit_correct",
                     organisation_id=audit.application.organisation_id, subject=audit,
                     changes={"fields": [c.field for c in made]})
    return made


def _apply(document: dict[str, Any], changes: Mapping[str, Any]) -> list[tuple[str, Any, Any]]:
    """Write each change into the document; (path, before, after) of those that differ."""
    applied = []
    for path, value in changes.items():
        kind = correction_kind(path)
        slot, key = _slot(document, path)
        before, after = slot.get(key), _document_value(kind, value)
        if not _same(kind, before, after):
            slot[key] = after
            applied.append((path, before, after))
    return applied


def _slot(document: dict[str, Any], path: str) -> tuple[dict[str, Any], str]:
    if match := _WORKFORCE_PATH.match(path):
        return document.setdefault("workforce", {}), match[1]
    match = _ROW_PATH.match(path)
    rows = document.get("target_group") or []
    if match is None or int(match[1]) >= len(rows):
        raise AuditRefused(_("Deze doelgroepmedewerker staat niet in de aanvraag."))
    return rows[int(match[1])], match[2]


def _document_value(kind: str, value: Any) -> Any:
    """A value as the pso-assessment/1 document writes it: decimals as exact strings, dates as
    ISO dates, flags as booleans."""
    if value is None or value == "":
        return False if kind == FLAG else None
    if kind == DECIMAL:
        return plain(Decimal(value).normalize())
    if kind == DATE:
        return value.isoformat()
    if kind == FLAG:
        return bool(value)
    return str(value)


def _same(kind: str, before: Any, after: Any) -> bool:
    if kind == DECIMAL and before is not None and after is not None:
        return Decimal(str(before)) == Decimal(str(after))
    if kind == FLAG:
        return bool(before) == bool(after)
    return (before or None) == (after or None)


def _text(value: Any) -> str:
    """A document value as stored in a correction row (100 characters hold any of them)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)[:100]


def _recompute(application: Application, document: dict[str, Any], *,
               changed: set[str]) -> dict[str, Any]:
    handbook = handbook_of(application)
    # The application's own version, whatever is in force today (rule book §10).
    document["handbook"] = handbook.version
    # Purchases from the register are frozen without the supplier's figures, as everywhere;
    # the engine gets them from the register for the application's peiljaar.
    filled = register_filled(document)
    try:
        scored = score(parse_assessment(filled.document), handbook=handbook)
    except InvalidAssessment as exc:
        raise AuditRefused(errors=[_problem_error(p, changed) for p in
                                   problems_in_document(exc.problems, filled)]) from None
    return score_to_dict(scored, explain=True)


def _problem_error(problem: Problem, changed: set[str]) -> tuple[str | None, str]:
    # A problem of a corrected field goes to that field; one elsewhere (D above T names the
    # target group as a whole) to the form, with where it is.
    if problem.path in changed:
        return problem.path, capfirst(problem_reason(problem))
    return None, problem_line(problem)


# -- the comparison --------------------------------------------------------------------------


@dataclass(frozen=True)
class ComparisonLine:
    label: str
    kind: str  # "fte", "pct", "int", "euro"
    original: Any
    audited: Any

    @property
    def difference(self) -> Decimal | None:
        if self.original is None or self.audited is None:
            return None
        return Decimal(str(self.audited)) - Decimal(str(self.original))


@dataclass(frozen=True)
class Comparison:
    corrected: bool
    lines: list[ComparisonLine]
    original_level: str
    audited_level: str
    level_change: str


def audit_comparison(application: Application, audit: Audit | None) -> Comparison:
    """The application's result beside the audited one, with the change of level in words."""
    original = application.result
    audited = audited_result(audit) if audit is not None else original
    handbook = handbook_of(application)

    def line(label: str, kind: str, *keys: str) -> ComparisonLine:
        return ComparisonLine(label, kind, _dig(original, keys), _dig(audited, keys))

    return Comparison(
        corrected=audit is not None and audit.audited_result is not None,
        lines=[
            line(_("Totaal fte (T)"), "fte", "total_fte"),
            line(_("Doelgroepmedewerkers (Z)"), "int", "z"),
            line(_("Gewogen doelgroep-fte (D)"), "fte", "direct_fte"),
            line(_("Direct"), "pct", "direct_pct"),
            line(_("Indirect (meegeteld)"), "pct", "indirect_pct_counted"),
            line(_("Totaal"), "pct", "total_pct"),
            line(_("Jaarbijdrage"), "euro", "costs", "annual_contribution"),
        ],
        original_level=level_label(handbook, original["level"]),
        audited_level=level_label(handbook, audited["level"]),
        level_change=level_change(handbook, original["level"], audited["level"]),
    )


def _dig(result: Mapping[str, Any], keys: tuple[str, ...]) -> Any:
    value: Any = result
    for key in keys:
        value = value.get(key) if isinstance(value, Mapping) else None
    return value


def _ladder(handbook: Handbook) -> list[str]:
    return [NO_LEVEL, *(level.code for level in handbook.levels)]


def level_change(handbook: Handbook, original: str, audited: str) -> str:
    """"De geauditeerde trede is 1 trede lager: Trede 1 in plaats van Trede 2." """
    ladder = _ladder(handbook)
    steps = ladder.index(audited) - ladder.index(original)
    names = {"original": level_label(handbook, original),
             "audited": level_label(handbook, audited)}
    if steps == 0:
        return _("De geauditeerde trede is gelijk aan de aangevraagde: %(audited)s.") % names
    if steps < 0:
        return ngettext(
            "De geauditeerde trede is %(count)s trede lager: %(audited)s in plaats van "
            "%(original)s.",
            "De geauditeerde trede is %(count)s treden lager: %(audited)s in plaats van "
            "%(original)s.",
            -steps,
        ) % {"count": -steps, **names}
    return ngettext(
        "De geauditeerde trede is %(count)s trede hoger: %(audited)s in plaats van "
        "%(original)s.",
        "De geauditeerde trede is %(count)s treden hoger: %(audited)s in plaats van "
        "%(original)s.",
        steps,
    ) % {"count": steps, **names}


# -- the report ------------------------------------------------------------------------------


def recommendable_levels(audit: Audit) -> list[str]:
    """The levels the auditor may recommend, low to high: none up to the audited level (the
    engine's on the corrected figures; never above it, so PSO-Nederland never awards more than
    the checked figures carry), without a level whose qualitative aspects the auditor judged
    "voldoet niet" (§4: a level needs all of its aspects)."""
    handbook = handbook_of(audit.application)
    ladder = _ladder(handbook)
    ceiling = audited_result(audit).get("level", NO_LEVEL)
    top = ladder.index(ceiling) if ceiling in ladder else 0
    failed = set(
        audit.checks.filter(kind=Kind.ASPECT, outcome=Outcome.NOT_MET)
        .values_list("key", flat=True)
    )
    return [
        code for code in ladder[: top + 1]
        if code == NO_LEVEL or not failed & {a.code for a in handbook.aspects_for(code)}
    ]


def audit_report_file(
    *, audit: Audit, party: str, user: User, findings: str, recommended_level: str,
    upload: UploadedFile | None, today: dt.date | None = None,
) -> Audit:
    """File the audit report (transition "file_report"): findings, the recommended level and
    the report as a PDF, stored under a random name outside the web root. Everything is
    checked before anything is written; a refusal lists every problem."""
    _require_institution(party)
    today = today or timezone.localdate()
    errors = _report_errors(audit, findings, recommended_level, upload, today)
    if errors:
        raise AuditRefused(errors=errors)
    assert upload is not None  # checked above

    def write(app: Application) -> None:
        audit.findings = findings.strip()
        audit.recommended_level = recommended_level
        audit.report_filename = original_name(upload)
        audit.report_filed_at = timezone.now()
        upload.seek(0)
        audit.report_file.save("report.pdf", upload, save=False)  # upload_to names it
        audit.save(update_fields=["findings", "recommended_level", "report_filename",
                                  "report_filed_at", "report_file"])
        audit_record(actor=user, action="audit_report_file", organisation_id=app.organisation_id,
                     subject=audit, changes={"recommended_level": recommended_level})

    try:
        application_transition(application=audit.application, name="file_report", actor=user,
                               party=party, then=write)
    except Exception as exc:
        # The transaction rolled back; a file already written would be an orphan.
        if audit.report_file.name:
            audit.report_file.storage.delete(audit.report_file.name)
        audit.refresh_from_db()  # forget what `write` set in memory
        if isinstance(exc, TransitionRefused):
            raise AuditRefused(str(exc)) from None
        raise
    audit.refresh_from_db()
    return audit


def _report_errors(audit: Audit, findings: str, level: str, upload: UploadedFile | None,
                   today: dt.date) -> list[tuple[str | None, str]]:
    errors: list[tuple[str | None, str]] = []
    if today < audit.first_day:
        errors.append((None, _("Het auditrapport kan pas vanaf de eerste auditdag (%(date)s) "
                               "worden ingediend.") % {"date": _day(audit.first_day)}))
    progress = checklist_progress(audit)
    if not progress.complete:
        count = progress.still_open
        errors.append((None, ngettext(
            "Beoordeel eerst de hele checklist: nog %(count)s aspect of medewerker in de "
            "steekproef is open.",
            "Beoordeel eerst de hele checklist: nog %(count)s aspecten of medewerkers in de "
            "steekproef zijn open.",
            count) % {"count": count}))
    if not findings.strip():
        errors.append(("findings", _("Beschrijf de bevindingen van de audit.")))
    if level not in recommendable_levels(audit):
        errors.append(("recommended_level", _("Kies een trede die niet hoger is dan de "
                                              "geauditeerde trede.")))
    errors += [("report_file", message) for message in report_file_errors(upload)]
    return errors


def report_file_errors(upload: UploadedFile | None) -> list[str]:
    """Why an upload is not an acceptable report: missing, empty, too large, or not a PDF by
    its first bytes (uploads.py, shared with the quotes) and by its declared type."""
    if upload is None:
        return [_("Voeg het auditrapport toe als pdf-bestand.")]
    error = pdf_upload_error(upload)
    declared = (upload.content_type or "").split(";")[0].strip().lower()
    if error is None and declared != PDF_CONTENT_TYPE:
        error = _("Dit is geen pdf-bestand. Upload een pdf.")
    return [error] if error else []


# -- overdue reports -------------------------------------------------------------------------


def overdue_audits(today: dt.date) -> QuerySet[Audit]:
    """Audits whose report is past its due date and not filed, oldest due date first: shown to
    the certifying institution and to PSO-Nederland's back office."""
    return (
        Audit.objects.filter(report_due__lt=today, report_filed_at__isnull=True,
                             application__state=State.AUDIT_PLANNED)
        .select_related("application__organisation",
                        "application__accepted_quote__request__institution")
        .order_by("report_due", "pk")
    )


def overdue_audits_for_institution_user(user: User, today: dt.date) -> QuerySet[Audit]:
    """The overdue audits of the institutions this user works for."""
    mine = Application.objects.filter(
        accepted_quote__request__institution__memberships__user=user
    ).values("pk")
    return overdue_audits(today).filter(application__in=mine)


def is_overdue(audit: Audit, today: dt.date) -> bool:
    return (audit.report_filed_at is None and audit.report_due < today
            and audit.application.state == State.AUDIT_PLANNED)
