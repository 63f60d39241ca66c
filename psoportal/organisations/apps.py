from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "psoportal.organisations"
    label = "organisations"
    verbose_name = _("Organisaties")

    def ready(self) -> None:
        # accounts sits below organisations: it erases an account through hooks the apps above
        # it register, and never imports them (arrows point down).
        from psoportal.accounts.erasure import erasure_hook_register
        from psoportal.organisations.services import memberships_erase_for

        erasure_hook_register(memberships_erase_for)
