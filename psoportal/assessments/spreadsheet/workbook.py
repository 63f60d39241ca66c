"""A whole rekentool as an Excel workbook and back (export/import of a ``pso-assessment/1``).

Sheets (Dutch names, as the users see them):

- ``Rekentool``: one row per field (``Veld``/``Waarde``), steps 1-3B: format, handbook, date,
  organisation name, KvK and full-time hours, each *onderliggende entiteit* on its own row
  (name in ``Waarde``, KvK in ``KvK``), peiljaar and workforce;
- ``Doelgroep``: the target group, the same columns as the step-3C template (rule book §5);
- ``Inkopen``: purchases for the indirect contribution (rule book §6);
- ``Kwalitatief``: one row per answered aspect (rule book §8): ``Antwoord`` is Ja/Nee/empty
  (not answered), or ``Per vraag`` with one answer per question in ``Vraag 1``, ``Vraag 2`` …
- ``Toelichting``: help and the valid categories/contracts (ignored on import).

The round trip is lossless for valid documents: ``parse_assessment`` of the re-imported document
equals that of the original. Numbers are written as Excel numbers when a float holds them exactly
and as text otherwise; dates as Excel dates; text always as text (never a formula). On import,
surrounding spaces of text are trimmed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext, gettext_noop
from openpyxl import Workbook

from psoportal.core.lib.numbers import as_count
from psoportal.methodology.handbook import Handbook
from psoportal.methodology.limits import MAX_ENTITIES, MAX_PURCHASES

from . import values
from .columns import header_key
from .errors import Errors, RowError, SheetErrors, SpreadsheetRefused, TooManyErrors
from .sources import XLSX, Rows, open_workbook, sheet_rows, sniff_kind
from .target_group import MAX_ROWS as TARGET_GROUP_ROWS
from .target_group import SHEET_NAME as TARGET_GROUP_SHEET
from .target_group import read_target_group_rows, rows_hint
from .template import (
    DATE_FORMAT,
    _date_cell,
    add_validations,
    save,
    set_cell,
    write_header,
    write_help_sheet,
    write_target_group_sheet,
)

MAIN_SHEET = "Rekentool"
PURCHASE_SHEET = "Inkopen"
QUALITATIVE_SHEET = "Kwalitatief"

FORMAT_FIELD = "format"
ENTITY = "entity"
PER_QUESTION = "Per vraag"

# (document path, Dutch label, kind) of the Rekentool sheet, in the order written; the labels
# are marked for the catalogue because problem_messages.field_label shows them translated.
MAIN_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("format", gettext_noop("Formaat"), "text"),
    ("handbook", gettext_noop("Handboek"), "text"),
    ("date", gettext_noop("Datum"), "date"),
    ("organisation.name", gettext_noop("Naam organisatie"), "text"),
    ("organisation.kvk", gettext_noop("KvK-nummer"), "kvk"),
    ("organisation.fulltime_hours", gettext_noop("Voltijd-uren per week"), "decimal"),
    (ENTITY, gettext_noop("Onderliggende entiteit"), "entity"),
    ("peiljaar.start", gettext_noop("Peiljaar begin"), "date"),
    ("peiljaar.end", gettext_noop("Peiljaar eind"), "date"),
    ("workforce.total_fte", gettext_noop("Totaal fte"), "decimal"),
    ("workforce.average_headcount", gettext_noop("Gemiddeld aantal medewerkers"), "decimal"),
    (
        "workforce.sw_seconded_out_fte",
        gettext_noop("SW-medewerkers gedetacheerd naar buiten (fte)"),
        "decimal",
    ),
)

# (document key, Dutch header, kind, required) of the Inkopen sheet.
PURCHASE_COLUMNS: tuple[tuple[str, str, str, bool], ...] = (
    ("supplier", "Leverancier", "text", True),
    ("kvk", "KvK", "kvk", False),
    ("kind", "Soort", "kind", True),
    ("amount", "Bedrag", "decimal", True),
    ("supplier_turnover", "Omzet leverancier", "decimal", False),
    ("supplier_weighted_fte", "Gewogen doelgroep-fte leverancier", "decimal", False),
)


@dataclass
class XlsxImport:
    """The result of reading a whole-rekentool workbook.

    ``document`` is a ``pso-assessment/1`` dict when the workbook could be read without
    ``errors``; it is *not* yet validated: pass it to ``parse_assessment`` for the rule-book
    checks that need the whole document (peiljaar length, D ≤ T …).
    """

    document: dict[str, Any] | None = None
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


# -- export ------------------------------------------------------------------------------------


def _get(document: Mapping[str, Any], path: str) -> Any:
    value: Any = document
    for part in path.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text_cell(value: Any) -> Any:
    """Text fields stay text in Excel, even when they look like a number (a version "2.2")."""
    return value if value is None or isinstance(value, bool) else str(value)


def assessment_to_xlsx(
    document: Mapping[str, Any], handbook: Handbook, result: Mapping[str, Any] | None = None
) -> bytes:
    """A ``pso-assessment/1`` document (also an unfinished draft) as an xlsx workbook.

    With ``result`` (the ``pso score`` output for the document) an "Uitslag" sheet beside the
    inputs shows it; the import reads only the input sheets.
    """
    workbook = Workbook()
    main = workbook.active
    assert main is not None
    main.title = MAIN_SHEET
    write_header(main, ("Veld", "Waarde", "KvK"), (44, 40, 14))
    row = 2
    for path, label, kind in MAIN_FIELDS:
        if kind == "entity":
            for entity in _list(_get(document, "organisation.entities")):
                entity = entity if isinstance(entity, Mapping) else {}
                set_cell(main, row, 1, label)
                set_cell(main, row, 2, _text_cell(entity.get("name")))
                set_cell(main, row, 3, _text_cell(entity.get("kvk")))
                row += 1
            continue
        value = _get(document, path)
        set_cell(main, row, 1, label)
        if kind == "date":
            value = _date_cell(value)
            set_cell(main, row, 2, value)
            main.cell(row=row, column=2).number_format = DATE_FORMAT
        elif kind == "decimal":
            set_cell(main, row, 2, values.excel_number(value))
        else:
            set_cell(main, row, 2, _text_cell(value))
        row += 1

    target = workbook.create_sheet(TARGET_GROUP_SHEET)
    rows = [r for r in _list(document.get("target_group")) if isinstance(r, Mapping)]
    write_target_group_sheet(target, rows, handbook)

    purchases = workbook.create_sheet(PURCHASE_SHEET)
    write_header(purchases, (c[1] for c in PURCHASE_COLUMNS), (36, 12, 44, 14, 18, 34))
    kinds = handbook.purchase_kinds
    for r, purchase in enumerate(_list(document.get("purchases")), start=2):
        if not isinstance(purchase, Mapping):
            continue
        for c, (key, _header, kind, _required) in enumerate(PURCHASE_COLUMNS, start=1):
            value = purchase.get(key)
            if kind == "decimal":
                value = values.excel_number(value)
            elif kind == "kind" and value in kinds:
                value = kinds[value].label_nl
            else:
                value = _text_cell(value)
            set_cell(purchases, r, c, value)

    _write_qualitative(workbook, document.get("qualitative"), handbook)
    if result is not None:
        _write_result(workbook.create_sheet(RESULT_SHEET), result, handbook)
    ranges = write_help_sheet(workbook, handbook)
    add_validations(target, ranges, handbook)
    return save(workbook)


RESULT_SHEET = "Uitslag"


def _level_name(handbook: Handbook, code: Any) -> Any:
    if code == "none":
        return "Geen trede"
    for level in handbook.levels:
        if level.code == code:
            return level.label_nl
    return code


def _write_result(sheet, result: Mapping[str, Any], handbook: Handbook) -> None:
    """The score as labelled rows (Dutch, like the other sheets); numbers stay numbers."""
    write_header(sheet, ("Onderdeel", "Waarde"), (48, 24))
    norms = result.get("norms") or {}
    costs = result.get("costs") or {}
    lines: list[tuple[str, Any]] = [
        ("Handboek", _text_cell(result.get("handbook"))),
        ("Trede", _level_name(handbook, result.get("level"))),
        ("Trede op basis van de cijfers", _level_name(handbook, result.get("quantitative_level"))),
        ("Gewogen doelgroep-fte (D)", values.excel_number(result.get("direct_fte"))),
        ("Directe bijdrage (%)", values.excel_number(result.get("direct_pct"))),
        ("Indirecte bijdrage (%)", values.excel_number(result.get("indirect_pct"))),
        ("Indirecte bijdrage meegeteld (%)",
         values.excel_number(result.get("indirect_pct_counted"))),
        ("Totale sociale bijdrage (%)", values.excel_number(result.get("total_pct"))),
        ("Grootteklasse (fte)", result.get("size_row")),
    ]
    for code, value in norms.items():
        lines.append((f"Norm {_level_name(handbook, code)} (%)", values.excel_number(value)))
    lines += [
        ("Aantal doelgroepmedewerkers (Z)", result.get("z")),
        ("PSO 30+ (%)", values.excel_number((result.get("pso30plus") or {}).get("pct"))),
        ("Banenafspraak (%)", values.excel_number((result.get("banenafspraak") or {}).get("pct"))),
        ("Jaarbijdrage (€, excl. btw)", values.excel_number(costs.get("annual_contribution"))),
        ("Auditduur (mandagen)", values.excel_number(costs.get("audit_mandays"))),
    ]
    for row, (label, value) in enumerate(lines, start=2):
        set_cell(sheet, row, 1, label)
        set_cell(sheet, row, 2, value)


def _answer_cell(answer: Any) -> Any:
    if answer is True:
        return "Ja"
    if answer is False:
        return "Nee"
    return None if answer is None else _text_cell(answer)


def _write_qualitative(workbook: Workbook, answers: Any, handbook: Handbook) -> None:
    sheet = workbook.create_sheet(QUALITATIVE_SHEET)
    answers = answers if isinstance(answers, Mapping) else {}
    aspects = {a.code: a for a in handbook.aspects}
    width = max(
        [len(a.questions) for a in handbook.aspects]
        + [len(v) for v in answers.values() if isinstance(v, list)]
        + [1]
    )
    headers = ["Aspect", "Omschrijving", "Antwoord"] + [f"Vraag {i}" for i in range(1, width + 1)]
    write_header(sheet, headers, [28, 40, 12] + [10] * width)
    for r, (code, answer) in enumerate(answers.items(), start=2):
        set_cell(sheet, r, 1, str(code))
        if code in aspects:
            set_cell(sheet, r, 2, aspects[code].label_nl)
        if isinstance(answer, list):
            set_cell(sheet, r, 3, PER_QUESTION)
            for q, item in enumerate(answer, start=4):
                set_cell(sheet, r, q, _answer_cell(item))
        else:
            set_cell(sheet, r, 3, _answer_cell(answer))


# -- import ------------------------------------------------------------------------------------


class _Collector:
    """Errors of one sheet."""

    def __init__(self, errors: SheetErrors) -> None:
        self.errors = errors

    @property
    def count(self) -> int:
        return self.errors.count

    def add(self, row: int | None, column: str | None, code: str, message: str) -> None:
        self.errors.add(row, column, code, message)

    def read(
        self, row: int, column: str, parse: Callable[[Any], Any], raw: Any
    ) -> tuple[bool, Any]:
        try:
            return True, parse(raw)
        except values.BadValue as e:
            self.add(row, column, e.code, e.message)
            return False, None


def _blank(cells: tuple[Any, ...]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in cells)


def _parse_kvk(digits: int) -> Callable[[Any], str | None]:
    def parse(raw: Any) -> str | None:
        text = values.parse_text(raw)
        # A KvK number typed as a number has lost its leading zeros in Excel.
        if isinstance(raw, int | float) and text is not None and len(text) < digits:
            text = text.zfill(digits)
        return text

    return parse


def _parsers(handbook: Handbook) -> dict[str, Callable[[Any], Any]]:
    return {
        "text": values.parse_text,
        "date": values.parse_date,
        "decimal": values.parse_decimal,
        "kvk": _parse_kvk(handbook.limits.kvk_digits),
    }


def _read_main(rows: Rows, handbook: Handbook, out: _Collector) -> dict[str, Any]:
    labels = {header_key(label): (path, kind) for path, label, kind in MAIN_FIELDS}
    parsers = _parsers(handbook)
    found: dict[str, Any] = {}
    first_row: dict[str, int] = {}
    entities: list[dict[str, Any]] = []
    for number, cells in rows:
        if _blank(cells):
            continue
        cells = (*cells, None, None, None)
        label = values.parse_text(cells[0]) if not isinstance(cells[0], bool) else None
        key = header_key(label) if label else ""
        if key in ("veld", "field"):
            continue  # the header row
        if key not in labels:
            out.add(
                number,
                "Veld",
                "unknown_field",
                gettext("Onbekend veld '%(label)s'. Toegestaan: %(allowed)s.")
                % {"label": label or "", "allowed": ", ".join(f[1] for f in MAIN_FIELDS)},
            )
            continue
        path, kind = labels[key]
        if kind == "entity":
            _, name = out.read(number, "Waarde", values.parse_text, cells[1])
            _, kvk = out.read(number, "KvK", parsers["kvk"], cells[2])
            entities.append({"name": name, "kvk": kvk})
            continue
        if path in first_row:
            out.add(
                number,
                "Veld",
                "duplicate_field",
                gettext("Het veld '%(label)s' staat ook in rij %(other)s.")
                % {"label": label, "other": first_row[path]},
            )
            continue
        first_row[path] = number
        _, value = out.read(number, "Waarde", parsers[kind], cells[1])
        found[path] = value

    organisation = {
        "name": found.get("organisation.name"),
        "kvk": found.get("organisation.kvk"),
        "entities": entities,
        "fulltime_hours": found.get("organisation.fulltime_hours"),
    }
    return {
        "format": found.get("format"),
        "handbook": found.get("handbook"),
        "date": found.get("date"),
        "organisation": organisation,
        "peiljaar": {"start": found.get("peiljaar.start"), "end": found.get("peiljaar.end")},
        "workforce": {
            "total_fte": found.get("workforce.total_fte"),
            "average_headcount": found.get("workforce.average_headcount"),
            "sw_seconded_out_fte": found.get("workforce.sw_seconded_out_fte"),
        },
    }


def _table(
    rows: Rows, columns: Mapping[str, str], required: tuple[str, ...], out: _Collector
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number, {key: raw cell}) for each data row of a sheet with a header row.

    ``columns`` maps every accepted header spelling (``header_key``) to a key. Unknown or
    missing headers are reported and no rows are yielded.
    """
    rows = iter(rows)
    header = next(((n, c) for n, c in rows if not _blank(c)), None)
    if header is None:
        return
    number, cells = header
    before = out.count
    keys: list[str | None] = []
    for raw in cells:
        text = "" if raw is None else str(raw).strip()
        key = columns.get(header_key(text)) if text else None
        if text and key is None:
            out.add(
                number,
                text,
                "unknown_header",
                gettext("Onbekende kolom '%(header)s'.") % {"header": text},
            )
        keys.append(key)
    for key in required:
        if key not in keys:
            names = [h for h, k in columns.items() if k == key]
            out.add(
                number,
                names[0] if names else key,
                "missing_header",
                gettext("De verplichte kolom '%(header)s' ontbreekt.")
                % {"header": names[0] if names else key},
            )
    if out.count != before:
        return
    for number, cells in rows:
        if _blank(cells):
            continue
        yield (
            number,
            {key: value for key, value in zip(keys, cells, strict=False) if key is not None},
        )


def _read_purchases(rows: Rows, handbook: Handbook, out: _Collector) -> list[dict[str, Any]]:
    columns = {header_key(header): key for key, header, _kind, _req in PURCHASE_COLUMNS}
    columns.update({header_key(key): key for key, _h, _kind, _req in PURCHASE_COLUMNS})
    headers = {key: header for key, header, _kind, _req in PURCHASE_COLUMNS}
    required = tuple(key for key, _h, _kind, req in PURCHASE_COLUMNS if req)
    kinds = values.label_lookup(handbook.purchase_kinds)
    parsers = _parsers(handbook)
    parsers["kind"] = lambda raw: values.parse_code(raw, handbook.purchase_kinds, kinds)
    purchases = []
    for number, cells in _table(rows, columns, required, out):
        purchase: dict[str, Any] = {}
        for key, _header, kind, is_required in PURCHASE_COLUMNS:
            raw = cells.get(key)
            try:
                ok, value = out.read(number, headers[key], parsers[kind], raw)
            except KeyError:
                out.add(
                    number,
                    headers[key],
                    "unknown_kind",
                    gettext("Onbekende soort inkoop '%(value)s'. Kies uit: %(allowed)s.")
                    % {
                        "value": raw,
                        "allowed": ", ".join(k.label_nl for k in handbook.purchase_kinds.values()),
                    },
                )
                ok, value = False, None
            if ok and value is None and is_required:
                out.add(
                    number,
                    headers[key],
                    "required",
                    gettext("'%(header)s' is verplicht.") % {"header": headers[key]},
                )
            purchase[key] = value
        purchases.append(purchase)
    return purchases


def _read_qualitative(rows: Rows, handbook: Handbook, out: _Collector) -> dict[str, Any]:
    aspects = {a.code: a for a in handbook.aspects}
    lookup = values.label_lookup(aspects)
    width = max([len(a.questions) for a in handbook.aspects] + [1]) + 20
    columns = {"aspect": "aspect", "omschrijving": "label", "antwoord": "answer"}
    columns.update({header_key(f"Vraag {i}"): f"q{i}" for i in range(1, width + 1)})
    columns.update({"description": "label", "answer": "answer"})
    answers: dict[str, Any] = {}
    first_row: dict[str, int] = {}
    for number, cells in _table(rows, columns, ("aspect", "answer"), out):
        try:
            code = values.parse_code(cells.get("aspect"), aspects, lookup)
        except (KeyError, values.BadValue):
            out.add(
                number,
                "Aspect",
                "unknown_aspect",
                gettext("Onbekend aspect '%(value)s'. Kies uit: %(allowed)s.")
                % {"value": cells.get("aspect"), "allowed": ", ".join(aspects)},
            )
            continue
        if code is None:
            out.add(number, "Aspect", "required", gettext("'Aspect' is verplicht."))
            continue
        if code in first_row:
            out.add(
                number,
                "Aspect",
                "duplicate_aspect",
                gettext("Het aspect '%(code)s' staat ook in rij %(other)s.")
                % {"code": code, "other": first_row[code]},
            )
            continue
        first_row[code] = number
        answer = cells.get("answer")
        if isinstance(answer, str) and header_key(answer) == header_key(PER_QUESTION):
            given = [i for i in range(1, width + 1) if values.clean(cells.get(f"q{i}")) is not None]
            count = max([len(aspects[code].questions), *given])
            items = []
            for i in range(1, count + 1):
                _, item = out.read(number, f"Vraag {i}", values.parse_bool, cells.get(f"q{i}"))
                items.append(item)
            answers[code] = items
        else:
            _, value = out.read(number, "Antwoord", values.parse_bool, answer)
            answers[code] = value
    return answers


def _hints() -> dict[str, str]:
    """Per sheet: its row cap (header and empty rows included) and what the cap is for."""
    small = gettext(
        "Dit werkblad heeft één regel per veld en per onderliggende entiteit (hoogstens "
        "%(limit)s); verwijder lege en overbodige regels."
    ) % {"limit": as_count(MAX_ENTITIES)}
    return {
        MAIN_SHEET: small,
        QUALITATIVE_SHEET: gettext(
            "Dit werkblad heeft één regel per aspect; verwijder lege en overbodige regels."
        ),
        TARGET_GROUP_SHEET: rows_hint(),
        PURCHASE_SHEET: gettext(
            "Een rekentool heeft hoogstens %(limit)s inkopen (plus de kopregel); verwijder lege "
            "en overbodige regels."
        ) % {"limit": as_count(MAX_PURCHASES)},
    }


# Rows read per sheet, the header and empty rows included (stop at the cap, counting empty
# rows). The two small sheets get the room of every field and MAX_ENTITIES entities.
_SMALL_SHEET_ROWS = 1 + len(MAIN_FIELDS) + MAX_ENTITIES
SHEET_ROWS = {
    MAIN_SHEET: _SMALL_SHEET_ROWS,
    QUALITATIVE_SHEET: _SMALL_SHEET_ROWS,
    TARGET_GROUP_SHEET: TARGET_GROUP_ROWS,
    PURCHASE_SHEET: 1 + MAX_PURCHASES,
}


def assessment_from_xlsx(data: bytes, handbook: Handbook) -> XlsxImport:
    """Read a workbook written by :func:`assessment_to_xlsx` (and edited in Excel).

    Every sheet is read to its row cap at most (empty rows count); a sheet past its cap, a row
    with too many columns or an over-long cell refuses the workbook with that one message.
    """
    try:
        if sniff_kind(data, "rekentool.xlsx") != XLSX:  # pragma: no cover - sniff refuses
            raise AssertionError
        workbook = open_workbook(data)
    except SpreadsheetRefused as e:
        return XlsxImport(errors=[e.error])
    errors = Errors()
    hints = _hints()

    def rows(sheet: str) -> Rows:
        return sheet_rows(workbook[sheet], max_rows=SHEET_ROWS[sheet], hint=hints[sheet])

    try:
        names = workbook.sheetnames
        if MAIN_SHEET not in names:
            return XlsxImport(
                errors=[
                    RowError(
                        None,
                        None,
                        gettext(
                            "Het werkblad '%(sheet)s' ontbreekt; dit is geen export van een "
                            "rekentool."
                        )
                        % {"sheet": MAIN_SHEET},
                        "missing_sheet",
                        MAIN_SHEET,
                    )
                ]
            )
        document = _read_main(rows(MAIN_SHEET), handbook, _Collector(errors.sheet(MAIN_SHEET)))
        target_group: list[dict[str, Any]] = []
        if TARGET_GROUP_SHEET in names:
            target_group = read_target_group_rows(
                rows(TARGET_GROUP_SHEET),
                handbook,
                errors.sheet(TARGET_GROUP_SHEET),
                allow_empty=True,
            )
        document["target_group"] = target_group
        document["purchases"] = (
            _read_purchases(
                rows(PURCHASE_SHEET), handbook, _Collector(errors.sheet(PURCHASE_SHEET))
            )
            if PURCHASE_SHEET in names
            else []
        )
        document["qualitative"] = (
            _read_qualitative(
                rows(QUALITATIVE_SHEET), handbook, _Collector(errors.sheet(QUALITATIVE_SHEET))
            )
            if QUALITATIVE_SHEET in names
            else {}
        )
    except SpreadsheetRefused as e:  # a sheet past its row cap, too many columns …
        return XlsxImport(errors=[e.error])
    except TooManyErrors:
        pass
    finally:
        workbook.close()
    if errors:
        return XlsxImport(errors=errors.result())
    return XlsxImport(document=document)
