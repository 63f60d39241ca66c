from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandbooksConfig(AppConfig):
    name = "psoportal.handbooks"
    label = "handbooks"
    verbose_name = _("Handboekversies")
