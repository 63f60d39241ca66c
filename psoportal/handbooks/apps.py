from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandbooksConfig(AppConfig):
    name = "psoportal.handbooks"
    label = "handbooks"
    verbose_name = _("Handboekversies")

    def ready(self) -> None:
        # The engine reads published versions from the database through this source; it never
        # imports Django itself (methodology.handbook.HandbookSource).
        from psoportal.handbooks.registry import PUBLISHED
        from psoportal.methodology.handbook import handbook_source_set

        handbook_source_set(PUBLISHED)
