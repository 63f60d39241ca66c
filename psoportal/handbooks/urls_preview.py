"""URLs of the preview part of the handbook versions (issue 14)."""

from django.urls import path

from psoportal.handbooks import views

# Placeholder until the preview part lands: the name points at the list.
urlpatterns = [
    path("pso-nederland/handboeken/<int:version_id>/preview/", views.version_list, name="preview"),
]
