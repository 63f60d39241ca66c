"""URLs of the policy part of the buyer workspace (issue 13)."""

from django.urls import path

from psoportal.buyers import views

# Placeholder until the policy part lands: the section's name points at the workspace home.
urlpatterns = [
    path("<int:organisation_id>/policy/", views.home, name="policy"),
]
