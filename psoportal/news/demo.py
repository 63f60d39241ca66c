"""Demo news: the announcement of the next handbook version (rule book §10: every 1 April a
new version takes effect, and users are told in advance by a news item and the newsletter).

The version and date come from the handbooks shipped with the code, so the demo stays true
when a new handbook file is added.
"""

from __future__ import annotations

import datetime as dt

from django.utils import formats, timezone, translation

from psoportal.accounts.models import User
from psoportal.methodology.handbook import Handbook, handbook_list
from psoportal.news import services
from psoportal.news.models import NewsItem


def next_handbook_version(latest: Handbook) -> str:
    """The version after the latest shipped one: its last number plus one ("2.2" → "2.3")."""
    *head, last = latest.version.split(".")
    return ".".join([*head, str(int(last) + 1)])


def next_handbook_date(latest: Handbook, today: dt.date) -> dt.date:
    """The next day on which a version takes effect: the latest version's day of the year
    (1 April), in the first year after both that version and today."""
    effective = latest.effective
    year = max(today.year, effective.year)
    candidate = effective.replace(year=year)
    while candidate <= today or candidate <= effective:
        year += 1
        candidate = effective.replace(year=year)
    return candidate


def _body(latest: Handbook, version: str, on: dt.date) -> str:
    day = formats.date_format(on, "j F Y")
    return (
        f"Op {day} gaat versie {version} van het handboek van de Prestatieladder Socialer "
        f"Ondernemen in. Tot die dag geldt versie {latest.version}.\n\n"
        "## Wat betekent dit voor u?\n\n"
        "- Voor een aanvraag geldt de versie die van kracht is op de dag dat u haar indient.\n"
        f"- Rekentools die u nog niet heeft ingediend, zetten we op {day} om naar de nieuwe "
        "versie. U ziet dan uw score voor en na de omzetting, en welke stappen u opnieuw moet "
        "controleren.\n"
        "- Lopende certificeringen veranderen niet.\n\n"
        "Wilt u nog onder de huidige versie aanvragen? Dien uw aanvraag dan in vóór "
        f"{day}.\n\n"
        "Meld u aan voor de nieuwsbrief, dan krijgt u bericht zodra de nieuwe versie "
        "gepubliceerd is."
    )


def news_demo_seed() -> list[tuple[str, str]]:
    """A published item announcing the next handbook version; running it again changes
    nothing. Returns no logins (the shape of the other apps' demo steps)."""
    latest = handbook_list()[-1]
    version = next_handbook_version(latest)
    title = f"Vooraankondiging PSO-handboek versie {version}"
    if NewsItem.objects.filter(title=title).exists():
        return []
    today = timezone.localdate()
    with translation.override("nl"):
        body = _body(latest, version, next_handbook_date(latest, today))
    staff = User.objects.filter(is_staff=True, is_active=True).order_by("pk").first()
    item = services.news_item_create(actor=staff, title=title, published_on=today, body=body)
    services.news_item_publish(actor=staff, item=item)
    return []


seed = news_demo_seed
