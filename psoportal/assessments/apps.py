from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "psoportal.assessments"
    label = "assessments"
    verbose_name = _("Rekentools")

    def ready(self) -> None:
        # Lower floors expose hook lists so they never import this app (arrows point down).
        from psoportal.accounts.erasure import erasure_hook_register
        from psoportal.assessments import demo, erasure
        from psoportal.core.demo import SEED_STEPS

        erasure_hook_register(erasure.drafts_erase_for)
        if demo.seed not in SEED_STEPS:
            SEED_STEPS.append(demo.seed)
