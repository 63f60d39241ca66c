"""URLs of the watch part of the buyer workspace (issue 13)."""

from django.urls import path

from psoportal.buyers import views

# Placeholder until the watch part lands: the section's name points at the workspace home.
urlpatterns = [
    path("<int:organisation_id>/alerts/", views.home, name="alerts"),
]
