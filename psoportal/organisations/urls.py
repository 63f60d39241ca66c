from django.urls import include, path

from psoportal.organisations import registration, views, views_institutions

app_name = "organisations"

# Mijn organisatie (mounted at /organisatie/ as before).
_organisation = [
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

# PSO-Nederland keeps the list of certifying institutions (staff only, others 404).
_pso_institutions = [
    path("", views_institutions.institution_list, name="institutions"),
    path("nieuw/", views_institutions.institution_new, name="institution_new"),
    path("<int:institution_id>/", views_institutions.institution_detail,
         name="institution_detail"),
    path("<int:institution_id>/wijzigen/", views_institutions.institution_edit,
         name="institution_edit"),
    path("<int:institution_id>/actief/", views_institutions.institution_active,
         name="institution_active"),
    path("<int:institution_id>/uitnodigen/", views_institutions.institution_invite,
         name="institution_invite"),
    path("<int:institution_id>/uitnodigingen/<int:invitation_id>/intrekken/",
         views_institutions.institution_invitation_revoke,
         name="institution_invitation_revoke"),
    path("<int:institution_id>/medewerkers/<int:membership_id>/verwijderen/",
         views_institutions.institution_member_remove, name="institution_member_remove"),
]

# The institution's own side, next to its workspace (certification:institution at
# mijnpso/instelling/): the CI-beheerder's team page and the link in the invitation e-mail.
_institution_side = [
    path("team/<int:institution_id>/", views_institutions.team, name="institution_team"),
    path("team/<int:institution_id>/uitnodigen/", views_institutions.team_invite,
         name="institution_team_invite"),
    path("team/<int:institution_id>/uitnodigingen/<int:invitation_id>/intrekken/",
         views_institutions.team_invitation_revoke,
         name="institution_team_invitation_revoke"),
    path("team/<int:institution_id>/medewerkers/<int:membership_id>/verwijderen/",
         views_institutions.team_member_remove, name="institution_team_member_remove"),
    path("uitnodiging/<str:token>/", views_institutions.institution_invitation,
         name="institution_invitation"),
]

# One namespace for all three, each under its own prefix (psoportal/urls.py mounts this at "").
urlpatterns = [
    path("organisatie/", include(_organisation)),
    path("mijnpso/pso-nederland/instellingen/", include(_pso_institutions)),
    path("mijnpso/instelling/", include(_institution_side)),
]
