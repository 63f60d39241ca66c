"""URLs of the contract watch in the buyer workspace (issue 13 item 3)."""

from django.urls import path

from psoportal.buyers import views_watch

urlpatterns = [
    path("<int:organisation_id>/signalen/", views_watch.alerts, name="alerts"),
    path("<int:organisation_id>/signalen/<int:alert_id>/gezien/", views_watch.alert_seen,
         name="alert_seen"),
    path("<int:organisation_id>/signalen/alles-gezien/", views_watch.alerts_seen_all,
         name="alerts_seen_all"),
]
