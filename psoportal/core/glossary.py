"""The words of the PSO method, explained once: the /begrippen/ page and ``{% term %}`` links.

Definitions follow the PSO method (shared/domain/pso-method.md) in plain words; they name no
handbook number (those change with the handbook and are shown where they apply).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Term:
    slug: str
    name: Promise
    definition: Promise


TERMS: tuple[Term, ...] = (
    Term(
        "peiljaar",
        _("Peiljaar"),
        _(
            "De periode van twaalf aaneengesloten maanden waarover u meet: het personeel, de "
            "doelgroepmedewerkers en de inkopen tellen alleen mee voor zover ze in deze periode "
            "vallen."
        ),
    ),
    Term(
        "d",
        _("D (gewogen doelgroep-fte)"),
        _(
            "De directe bijdrage in fte: per doelgroepmedewerker de fte die hij of zij in het "
            "peiljaar werkte, vermenigvuldigd met het gewicht van de doelgroep en van de "
            "contractvorm, en dat opgeteld."
        ),
    ),
    Term(
        "t",
        _("T (totaal fte)"),
        _(
            "Het totale aantal fte van de aanvragende organisatie in het peiljaar (stap 3B), "
            "zonder SW-medewerkers die bij een andere organisatie gedetacheerd zijn. De directe "
            "bijdrage is D gedeeld door T."
        ),
    ),
    Term(
        "z",
        _("Z (aantal doelgroepmedewerkers)"),
        _(
            "Het aantal verschillende doelgroepmedewerkers dat in het peiljaar meetelt. Z "
            "bepaalt onder meer hoeveel mandagen de audit ten minste duurt."
        ),
    ),
    Term(
        "trede",
        _("Trede"),
        _(
            "Een niveau op de Prestatieladder Socialer Ondernemen. Van laag naar hoog: "
            "Aspirant-status, Basistrede en daarna de genummerde treden. U bereikt een trede "
            "als uw totale sociale bijdrage ten minste de norm voor uw organisatiegrootte is en "
            "u aan alle kwalitatieve eisen voldoet."
        ),
    ),
    Term(
        "basistrede",
        _("Basistrede"),
        _(
            "De trede onder de eerste genummerde trede: meer dan gemiddeld sociaal, maar nog "
            "niet bij de koplopers. De norm van de Basistrede is nog niet openbaar; MijnPSO "
            "rekent met een voorlopige norm en zegt dat erbij."
        ),
    ),
    Term(
        "indirecte-bijdrage",
        _("Indirecte bijdrage"),
        _(
            "Wat u bijdraagt door in te kopen bij andere PSO-gecertificeerde organisaties of "
            "werk uit te besteden aan SW-bedrijven: het deel van de gewogen doelgroep-fte van de "
            "leverancier dat bij uw inkoop hoort. De indirecte bijdrage mag maar een beperkt "
            "deel van het totaal zijn; de rest moet direct zijn."
        ),
    ),
    Term(
        "lks",
        _("LKS (loonkostensubsidie)"),
        _(
            "Een subsidie van de gemeente op de loonkosten van iemand uit de Participatiewet die "
            "niet het volledige minimumloon kan verdienen. Een medewerker met LKS telt mee zolang "
            "de loonkostensubsidie loopt."
        ),
    ),
    Term(
        "banenafspraak",
        _("Banenafspraak"),
        _(
            "De landelijke afspraak over extra banen voor mensen met een arbeidsbeperking. "
            "MijnPSO toont welk deel van uw fte bestaat uit medewerkers die onder de "
            "Banenafspraak vallen (ongewogen) en hoeveel banen dat zijn."
        ),
    ),
    Term(
        "pso-30-plus",
        _("PSO 30+"),
        _(
            "Een aparte aantekening bij de hoogste trede voor organisaties waarvan een groot deel "
            "van de eigen medewerkers arbeidsbeperkt of kansarm is, zoals bedoeld in de "
            "Aanbestedingswet. Alleen eigen medewerkers tellen, ongewogen; inkopen tellen niet "
            "mee."
        ),
    ),
)

BY_SLUG: dict[str, Term] = {term.slug: term for term in TERMS}
