"""Demo data of the register (issue 12 §5): 200 certificates of the old portal's register, loaded
through the import itself, so `make run` shows a register to search and verify.

The file is generated in memory, the same every time within a month: the dates are counted
from the first day of the current month, so "verloopt binnenkort" and "verlopen" stay true for
a demo seeded today. Seeding again in the same month changes nothing (the import finds every
certificate unchanged); in a later month the dates move with it (the import's updates).

What is in it: 188 organisations' rows, 12 of them with a PSO 30+ certificate (200 certificates
in all); every level of the handbook; several certifying institutions; 14 organisations with two
certifications in a row, 8 of which overlap so the older one lapses (vervallen); some expired,
some revoked, some expiring within the handbook's "verloopt binnenkort" months; a few with more
than one KvK number. KvK numbers start with 6, clear of the other demos' numbers. Names avoid
common Dutch words, so English pages that list them pass the language check.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from decimal import Decimal

from django.utils import timezone

from psoportal.methodology.dates import ONE_DAY, add_months
from psoportal.register.import_file import COLUMNS, default_handbook, header
from psoportal.register.register_import import Plan, register_import_run

DEMO_FILE = "register-voorbeeld.csv"
CERTIFICATES = 200
PSO30PLUS = 12
PAIRS = 14
OVERLAPPING_PAIRS = 8
SINGLES = CERTIFICATES - PSO30PLUS - 2 * PAIRS

SECTORS = ("Schoonmaakbedrijf", "Groenvoorziening", "Bouwbedrijf", "Installatietechniek",
           "Cateringbedrijf", "Transportbedrijf", "Drukkerij", "Metaalbewerking", "Facilitair",
           "Zorggroep", "Beveiliging", "Verhuisbedrijf", "Schildersbedrijf", "Wasserij",
           "Montagebedrijf", "Recyclingbedrijf", "Koeriersdienst", "Houtbewerking",
           "Elektrotechniek", "Fietsenmakerij")
NAMES = ("Bakker", "Jansen", "Visser", "Smit", "Meijer", "Mulder", "Bos", "Vos", "Peters",
         "Hendriks", "Dekker", "Brouwer", "Dijkstra", "Kok", "Jacobs", "Vermeulen", "Willems",
         "Hoekstra", "Noordhoek", "Zuidwest", "Oosterhout", "Westland", "Kempen", "Veluwe",
         "Twente", "Rijnmond", "Achterhoek", "Kennemer", "Gooi", "Delta")
PLACES = ("Amsterdam", "Rotterdam", "Utrecht", "Eindhoven", "Groningen", "Tilburg", "Almere",
          "Breda", "Nijmegen", "Apeldoorn", "Haarlem", "Arnhem", "Enschede", "Amersfoort",
          "Zaanstad", "Zwolle", "Leiden", "Maastricht", "Dordrecht", "Ede", "Leeuwarden",
          "Alkmaar", "Emmen", "Delft", "Venlo", "Deventer", "Helmond", "Oss", "Hengelo",
          "Roosendaal", "Purmerend", "Middelburg", "Assen", "Sittard", "Heerlen", "Gouda",
          "Hoorn", "Lelystad", "Den Haag", "'s-Hertogenbosch")
INSTITUTIONS = ("Keurmerk Certificering B.V.", "Sociaal Audit Instituut B.V.",
                "Certificeringsbureau Noord B.V.", "Prestatie Audit Nederland B.V.")


def seed() -> list[tuple[str, str]]:
    plan = demo_register_import()
    if plan.errors:  # the generator and the import disagree: a bug, not a demo to show
        raise RuntimeError("; ".join(str(e) for e in plan.errors.lines()[:5]))
    return []


def demo_register_import(today: dt.date | None = None) -> Plan:
    return register_import_run(data=demo_register_csv(today or timezone.localdate()),
                               file_name=DEMO_FILE, actor=None)


class _Rows:
    def __init__(self, today: dt.date) -> None:
        self.anchor = today.replace(day=1)
        handbook = default_handbook(today)
        self.months = 12 * handbook.dates.certificate_years
        self.soon = handbook.register.expiring_soon_months
        self.rng = random.Random(12)
        self.kvks: set[str] = set()
        self.sequence = 0
        self.rows: list[dict[str, str]] = []
        self.pso30plus = 0

    def kvk(self) -> str:
        while True:
            number = f"6{self.rng.randrange(10**7):07d}"
            if number not in self.kvks:
                self.kvks.add(number)
                return number

    def add(self, organisation: dict[str, str], *, months_ago: int, level_index: int,
            revoked_months_ago: int | None = None, figures: bool = True) -> None:
        start = add_months(self.anchor, -months_ago)
        end = add_months(start, self.months) - ONE_DAY
        handbook = default_handbook(start)
        level = handbook.levels[level_index % len(handbook.levels)]
        self.sequence += 1
        number = f"P{start.year % 100:02d}-{self.sequence:04d}"
        row = {"number": number, **organisation, "level": level.label_nl,
               "start": start.strftime("%d-%m-%Y"), "end": end.strftime("%d-%m-%Y"),
               "institution": self.rng.choice(INSTITUTIONS)}
        if revoked_months_ago is not None:
            row["revoked_on"] = add_months(self.anchor, -revoked_months_ago).strftime("%d-%m-%Y")
        in_force = end >= self.anchor and revoked_months_ago is None
        if in_force and level.code == handbook.pso30plus.level and self.pso30plus < PSO30PLUS:
            self.pso30plus += 1
            row.update(pso30plus="ja", pso30plus_number=f"{number}-30")
        if figures:
            turnover = Decimal(self.rng.randrange(250, 40_000)) * 1000
            row["turnover"] = f"{turnover:.2f}".replace(".", ",")
            row["weighted_fte"] = str(Decimal(self.rng.randrange(5, 4000)) / 10).replace(".", ",")
        self.rows.append(row)


def demo_register_csv(today: dt.date) -> bytes:
    """The demo register as the old portal would export it (";"-separated UTF-8 with BOM)."""
    rows = _Rows(today)
    rng = rows.rng
    names = rng.sample([f"{sector} {name}" for sector in SECTORS for name in NAMES],
                       SINGLES + PAIRS)
    organisations = []
    for index, name in enumerate(names):
        extra = 2 if index % 13 == 0 else 1 if index % 7 == 0 else 0
        kvks = [rows.kvk() for _ in range(1 + extra)]
        organisations.append({"organisation": f"{name} B.V.", "city": rng.choice(PLACES),
                              "kvks": " ".join(kvks)})
    valid_span = rows.months - rows.soon - 2
    for index, organisation in enumerate(organisations[:SINGLES]):
        level = rng.randrange(len(default_handbook(today).levels))
        if index % 10 == 0:  # expired a while ago
            rows.add(organisation, months_ago=rows.months + 3 + index % 14, level_index=level,
                     figures=index % 20 != 0)
        elif index % 17 == 3:  # expires within the "verloopt binnenkort" months
            rows.add(organisation, months_ago=rows.months - rows.soon + 1, level_index=level)
        elif index % 29 == 5:  # withdrawn a few months ago
            rows.add(organisation, months_ago=3 + index % (valid_span - 3), level_index=level,
                     revoked_months_ago=1 + index % 2)
        else:
            rows.add(organisation, months_ago=1 + index % valid_span, level_index=level)
    for index, organisation in enumerate(organisations[SINGLES:]):
        level = 1 + index % (len(default_handbook(today).levels) - 1)
        if index < OVERLAPPING_PAIRS:
            # Recertified before the old certificate ended: the older one lapses (vervallen).
            rows.add(organisation, months_ago=rows.months - rows.soon + 1, level_index=level - 1)
            rows.add(organisation, months_ago=4, level_index=level)
        else:
            # Recertified the day after the old one ended.
            rows.add(organisation, months_ago=rows.months + 6, level_index=level - 1,
                     figures=False)
            rows.add(organisation, months_ago=6, level_index=level)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    keys = [column.key for column in COLUMNS]
    writer.writerow([header(key) for key in keys])
    for row in rows.rows:
        writer.writerow([row.get(key, "") for key in keys])
    return buffer.getvalue().encode("utf-8-sig")
