"""The buyer workspace, mounted at /inkoop/. Each part of issue 13 keeps its own URL list."""

from django.urls import path

from psoportal.buyers import urls_letter, urls_policy, urls_portfolio, urls_watch, views

app_name = "buyers"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:organisation_id>/aanzetten/", views.activate, name="activate"),
    path("<int:organisation_id>/", views.home, name="home"),
    *urls_portfolio.urlpatterns,
    *urls_watch.urlpatterns,
    *urls_policy.urlpatterns,
    *urls_letter.urlpatterns,
]
