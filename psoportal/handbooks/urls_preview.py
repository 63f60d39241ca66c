"""URLs of the impact preview of a handbook version (issue 14 item 2)."""

from django.urls import path

from psoportal.handbooks import views_preview

urlpatterns = [
    path("pso-nederland/handboeken/<int:version_id>/impact/", views_preview.preview_page,
         name="preview"),
    path("pso-nederland/handboeken/<int:version_id>/impact/berekenen/",
         views_preview.preview_start, name="preview_start"),
    path("pso-nederland/handboeken/<int:version_id>/impact/voortgang/",
         views_preview.preview_progress, name="preview_progress"),
]
