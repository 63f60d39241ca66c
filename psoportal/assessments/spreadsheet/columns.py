"""The columns of the target-group sheet (rule book §5; format keys of ``pso-assessment/1``).

One list drives the template, the export and the import, so a header can only be spelt one way
per language. Headers are Dutch (the users' language); the English header and the format key
are accepted on import too, compared loosely (case, spaces, underscores, a trailing ``*``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from psoportal.methodology.handbook import Handbook
from psoportal.methodology.rounding import plain

from .values import normalise_label

TEXT, CATEGORY, CONTRACT, DECIMAL, DATE, BOOL = (
    "text", "category", "contract", "decimal", "date", "bool",
)  # fmt: skip


@dataclass(frozen=True)
class Column:
    key: str  # the key of a target_group row in the document
    header: str  # Dutch header as written in the template and the export
    header_en: str
    kind: str
    required: bool
    # Help for the template; scheme numbers are placeholders filled from the handbook in force
    # (see help_text), never written here.
    help_nl: str

    def help_text(self, handbook: Handbook) -> str:
        """The help with the numbers of ``handbook`` (Dutch notation: 32,5)."""
        limits = handbook.limits
        return self.help_nl % {
            "hours_min": _dutch(limits.hours_per_week_min),
            "hours_max": _dutch(limits.hours_per_week_max),
        }


def _dutch(number: Decimal) -> str:
    return plain(number).replace(".", ",")


TARGET_GROUP_COLUMNS: tuple[Column, ...] = (
    Column("ref", "Referentie", "Reference", TEXT, True,
           "Anonieme interne referentie, uniek per medewerker. Nooit een naam of BSN."),
    Column("category", "Categorie", "Category", CATEGORY, True,
           "Uitgangspositie bij instroom: omschrijving of code uit de lijst hieronder."),
    Column("contract", "Contractvorm", "Contract", CONTRACT, True,
           "Soort dienstverband: omschrijving of code uit de lijst hieronder."),
    Column("hours_per_week", "Uren per week", "Hours per week", DECIMAL, True,
           "Contracturen per week, %(hours_min)s tot en met %(hours_max)s "
           "(bijvoorbeeld 32 of 32,5)."),
    Column("employed_from", "In dienst vanaf", "Employed from", DATE, True,
           "Eerste werkdag (dd-mm-jjjj)."),
    Column("employed_until", "In dienst tot", "Employed until", DATE, False,
           "Laatste werkdag; leeg als de medewerker nog in dienst is."),
    Column("inflow_date", "Instroomdatum", "Inflow date", DATE, False,
           "Begin van de telperiode; leeg = de datum in dienst."),
    Column("lks_until", "LKS tot", "LKS until", DATE, False,
           "Einddatum loonkostensubsidie (tot en met), indien van toepassing."),
    Column("indication_until", "Indicatie tot", "Indication until", DATE, False,
           "Einddatum Wsw-indicatie (tot en met), indien van toepassing."),
    Column("school_left", "Schoolverlaten", "School left", DATE, False,
           "Datum van schoolverlaten (VSO/PrO), indien van toepassing."),
    Column("indicated_30plus", "Indicatie 30+", "Indicated 30+", BOOL, False,
           "Ja als een formele indicatie arbeidsbeperkt/kansarm is vastgesteld (PSO 30+)."),
)  # fmt: skip

ROW_KEYS: tuple[str, ...] = tuple(c.key for c in TARGET_GROUP_COLUMNS)


def header_key(header: str) -> str:
    """A header compared loosely: ``"Uren per week *"`` and ``"uren  per week"`` are the same."""
    return normalise_label(header).rstrip("*: ").strip()


def header_lookup(columns: tuple[Column, ...]) -> dict[str, Column]:
    """Every accepted spelling of a header (Dutch, English, format key) → its column."""
    lookup: dict[str, Column] = {}
    for column in columns:
        for spelling in (column.header, column.header_en, column.key):
            lookup[header_key(spelling)] = column
    return lookup
