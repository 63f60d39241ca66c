from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "psoportal.core"
    label = "core"
    verbose_name = "Kern"
