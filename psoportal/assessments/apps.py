from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "psoportal.assessments"
    label = "assessments"
    verbose_name = _("Rekentools")

    def ready(self) -> None:
        # Lower floors expose hook lists so they never import this app (arrows point down).
        from psoportal.accounts.erasure import erasure_hook_register
        from psoportal.assessments import erasure

        erasure_hook_register(erasure.drafts_erase_for)
