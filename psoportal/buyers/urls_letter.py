"""URLs of the letter part of the buyer workspace (issue 13)."""

from django.urls import path

from psoportal.buyers import views

# Placeholder until the letter part lands: the section's name points at the workspace home.
urlpatterns = [
    path("<int:organisation_id>/letter/", views.home, name="letter"),
]
