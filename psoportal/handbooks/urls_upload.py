"""URLs of the upload part of the handbook versions (issue 14)."""

from django.urls import path

from psoportal.handbooks import views

# Placeholder until the upload part lands: the name points at the list.
urlpatterns = [
    path("pso-nederland/handboeken/<int:version_id>/detail/", views.version_list, name="detail"),
]
