"""URLs of the draft migration part of the handbook versions (issue 14): the banner's
"Gezien" on a rekentool's step pages."""

from django.urls import path

from psoportal.handbooks import views_migration

urlpatterns = [
    path("rekentool/<int:rekentool_id>/handboekovergang/<int:migration_id>/gezien/",
         views_migration.migration_seen, name="migration_seen"),
]
