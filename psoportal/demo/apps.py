from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Top floor: `seed_demo` composes each app's demo data; nothing imports this app."""

    name = "psoportal.demo"
    label = "demo"
    verbose_name = "Demo"
