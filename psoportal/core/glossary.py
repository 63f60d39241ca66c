"""The terms of the PSO scheme that users meet in MijnPSO, each with an anchor on /begrippen/.

Pages link a term where it appears with `{% term "peiljaar" %}` (core/templatetags/glossary.py);
the definitions themselves are on the glossary page, rendered with the handbook in force so
numbers such as the indirect share or the hours per baan are never written out twice.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# code (the anchor) -> the term as it is named on pages
TERMS = {
    "peiljaar": _("peiljaar"),
    "t": _("totaal fte (T)"),
    "d": _("gewogen doelgroep-fte (D)"),
    "z": _("aantal doelgroepmedewerkers (Z)"),
    "trede": _("trede"),
    "basis": _("Basistrede"),
    "indirecte-bijdrage": _("indirecte bijdrage"),
    "lks": _("loonkostensubsidie (LKS)"),
    "banenafspraak": _("Banenafspraak"),
    "pso-30-plus": _("PSO 30+"),
    "rekentool": _("rekentool"),
}
