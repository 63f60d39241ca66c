from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegisterConfig(AppConfig):
    name = "psoportal.register"
    label = "register"
    verbose_name = _("Register")

    def ready(self) -> None:
        # Step 3D asks the register for suppliers and their certified figures through a port
        # that the rekentool app defines (assessments.supplier_register): it never imports
        # this app, which sits above it.
        from psoportal.assessments.supplier_register import supplier_register_set
        from psoportal.register.suppliers import RegisterSuppliers

        supplier_register_set(RegisterSuppliers())
