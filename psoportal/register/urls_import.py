"""PSO-Nederland's register import (staff only), under mijnpso/pso-nederland/ like the rest of
its back office. A namespace of its own, beside the public register's pages."""

from django.urls import path

from psoportal.register import views_import

app_name = "register_import"

urlpatterns = [
    path("pso-nederland/registerimport/", views_import.register_import, name="start"),
    path("pso-nederland/registerimport/<int:batch_id>/", views_import.register_import_batch,
         name="batch"),
    path("pso-nederland/registerimport/sjabloon.<str:fmt>", views_import.register_import_template,
         name="template"),
]
