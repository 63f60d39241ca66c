from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScheduleConfig(AppConfig):
    """Top floor: `manage.py run_schedule` composes the clock-driven jobs of every app; nothing
    imports this app."""

    name = "psoportal.schedule"
    label = "schedule"
    verbose_name = _("Geplande taken")
