"""Uploading a new handbook version (issue 14 §1): PSO-Nederland's file, checked by the engine's
own loader and against the versions already known, kept as text with its SHA-256.

A version is new: not shipped with the code and not published. It takes effect after the newest
known version (shipped, or published in the back office) and its ``[migration]`` table says it
follows exactly that version, so drafts move from the version in force before it. Until it is
published, uploading the same version again replaces its text.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from psoportal.accounts.models import User
from psoportal.core.audit import audit_record
from psoportal.handbooks.error_messages import HandbookProblem, handbook_problem
from psoportal.handbooks.models import VERSION_MAX_LENGTH, HandbookVersion
from psoportal.methodology.handbook import (
    HANDBOOK_TEXT_MAX_BYTES,
    Handbook,
    HandbookError,
    handbook_list,
    parse_handbook_text,
)

# The loader names this as the source of every message; error_messages strips it again.
UPLOAD_SOURCE = "upload"
FILE_NAME_MAX_LENGTH = HandbookVersion._meta.get_field("file_name").max_length
TITLE_MAX_LENGTH = HandbookVersion._meta.get_field("title").max_length
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f]")


class HandbookUploadRefused(Exception):
    """The file is not taken; `message` is Dutch and says why. `problem` is the loader's
    problem with the file, when that was the reason."""

    def __init__(self, message: str, problem: HandbookProblem | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problem = problem


def handbook_read(text: str | bytes) -> Handbook:
    """An uploaded or stored handbook text read by the engine's loader (HandbookError)."""
    return parse_handbook_text(text, source=UPLOAD_SOURCE)


def known_versions() -> dict[str, tuple[str, date]]:
    """Every version that is or will be in force: version → (its title, its effective date).
    Shipped with the code, or published in the back office."""
    known: dict[str, tuple[str, date]] = {h.version: (h.title_nl, h.effective)
                                            for h in handbook_list()}
    published = HandbookVersion.objects.exclude(state=HandbookVersion.State.UPLOADED)
    for version, title, effective in published.values_list("version", "title", "effective"):
        known.setdefault(version, (title, effective))
    return known


def _clean_file_name(file_name: str) -> str:
    name = re.split(r"[\\/]", file_name or "")[-1]
    return _UNSAFE_NAME.sub("", name).strip()[:FILE_NAME_MAX_LENGTH]


@transaction.atomic
def handbook_version_upload(*, text: bytes, file_name: str, by: User) -> HandbookVersion:
    """Check an uploaded handbook file and keep it as a new, unpublished version (or as the new
    text of the same unpublished version). Raises HandbookUploadRefused."""
    # The size first: nothing larger is decoded or parsed (the view reads at most one byte more).
    if len(text) > HANDBOOK_TEXT_MAX_BYTES:
        raise HandbookUploadRefused(_(
            "Het bestand is groter dan %(kb)s KB en is niet ingelezen. Kies het juiste "
            "handboekbestand.") % {"kb": HANDBOOK_TEXT_MAX_BYTES // 1024})
    try:
        handbook = handbook_read(text)
    except HandbookError as error:
        problem = handbook_problem(error, source=UPLOAD_SOURCE)
        raise HandbookUploadRefused(problem.message, problem) from error

    if len(handbook.version) > VERSION_MAX_LENGTH:
        raise HandbookUploadRefused(_(
            "Het versienummer %(version)s is te lang: hoogstens %(max)s tekens.")
            % {"version": handbook.version[:VERSION_MAX_LENGTH] + "…",
               "max": VERSION_MAX_LENGTH})
    if len(handbook.title_nl) > TITLE_MAX_LENGTH:
        raise HandbookUploadRefused(_(
            "De titel (handbook.title_nl) is te lang: hoogstens %(max)s tekens.")
            % {"max": TITLE_MAX_LENGTH})

    known = known_versions()
    if handbook.version in known:
        raise HandbookUploadRefused(_(
            "Versie %(version)s is al in gebruik of gepubliceerd en verandert niet meer. Geef "
            "de nieuwe versie een eigen versienummer (handbook.version).")
            % {"version": handbook.version})
    newest_version, (_title, newest_effective) = max(known.items(), key=lambda kv: kv[1][1])
    if handbook.effective <= newest_effective:
        raise HandbookUploadRefused(_(
            "De ingangsdatum %(effective)s is niet later dan die van versie %(newest)s "
            "(%(newest_effective)s). Een nieuwe versie gaat in na de nieuwste bekende versie; "
            "verbeter handbook.effective.") % {
                "effective": handbook.effective.strftime("%d-%m-%Y"), "newest": newest_version,
                "newest_effective": newest_effective.strftime("%d-%m-%Y")})
    if handbook.migration is None:
        raise HandbookUploadRefused(_(
            "Het bestand heeft geen tabel [migration]. Voeg die toe met from_version = "
            "\"%(newest)s\": daarmee zegt het bestand welke versie het opvolgt, zodat "
            "concept-rekentools kunnen overgaan.") % {"newest": newest_version})
    if handbook.migration.from_version != newest_version:
        raise HandbookUploadRefused(_(
            "migration.from_version is \"%(given)s\", maar deze versie volgt versie "
            "%(newest)s op. Zet from_version op \"%(newest)s\" en controleer of de "
            "hernoemde en vervallen codes bij die versie horen.") % {
                "given": handbook.migration.from_version, "newest": newest_version})

    fields = {
        "effective": handbook.effective,
        "title": handbook.title_nl,
        "text": text.decode("utf-8"),
        "file_name": _clean_file_name(file_name),
        "sha256": hashlib.sha256(text).hexdigest(),
        "uploaded_at": timezone.now(),
        "uploaded_by": by,
    }
    existing = (HandbookVersion.objects.select_for_update()
                .filter(version=handbook.version).first())
    if existing is None:
        try:
            with transaction.atomic():
                row = HandbookVersion.objects.create(version=handbook.version, **fields)
        except IntegrityError as error:  # the same version uploaded at the same moment
            raise HandbookUploadRefused(_(
                "Versie %(version)s wordt op dit moment al ingelezen. Probeer het opnieuw.")
                % {"version": handbook.version}) from error
        previous = ""
    elif existing.state != HandbookVersion.State.UPLOADED:  # published since `known` was read
        raise HandbookUploadRefused(_(
            "Versie %(version)s is al gepubliceerd en verandert niet meer.")
            % {"version": handbook.version})
    else:
        row, previous = existing, existing.sha256
        for name, value in fields.items():
            setattr(row, name, value)
        # The impact preview was worked out for the old text: it no longer says anything.
        row.preview_state = HandbookVersion.PreviewState.NONE
        row.preview_total = row.preview_done = 0
        row.preview_started_at = row.preview_finished_at = None
        row.preview = None
        row.full_clean()
        row.save()
    audit_record(actor=by, action="handbook_version_upload", subject=row, changes={
        "version": row.version, "effective": row.effective.isoformat(),
        "file_name": row.file_name, "sha256": row.sha256, "replaced_sha256": previous})
    return row
