from django.urls import path

from psoportal.organisations import registration, views

app_name = "organisations"

urlpatterns = [
    path("", views.my_organisations, name="mine"),
    path("registreren/", registration.register, name="register"),
    path("<int:organisation_id>/", views.detail, name="detail"),
    path("<int:organisation_id>/uitnodigen/", views.invite, name="invite"),
    path(
        "<int:organisation_id>/uitnodigingen/<int:invitation_id>/intrekken/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "<int:organisation_id>/leden/<int:membership_id>/verwijderen/",
        views.member_remove,
        name="member_remove",
    ),
    path(
        "<int:organisation_id>/leden/<int:membership_id>/accounthouder-worden/",
        views.transfer_request,
        name="transfer_request",
    ),
    path("uitnodiging/<str:token>/", views.invitation, name="invitation"),
]
