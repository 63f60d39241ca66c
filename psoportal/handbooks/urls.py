"""PSO-Nederland's handbook versions, under mijnpso/pso-nederland/ like the rest of its back
office. Each part of issue 14 keeps its own URL list."""

from django.urls import path

from psoportal.handbooks import urls_migration, urls_preview, urls_publish, urls_upload, views

app_name = "handbooks"

urlpatterns = [
    path("pso-nederland/handboeken/", views.version_list, name="list"),
    *urls_upload.urlpatterns,
    *urls_preview.urlpatterns,
    *urls_publish.urlpatterns,
    *urls_migration.urlpatterns,
]
