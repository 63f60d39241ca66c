from django.urls import path

from psoportal.accounts import views

app_name = "accounts"

urlpatterns = [
    path("inloggen/", views.login_view, name="login"),
    path("inloggen/code/", views.login_totp, name="login_totp"),
    path("inloggen/herstelcode/", views.login_recovery, name="login_recovery"),
    path("uitloggen/", views.logout_view, name="logout"),
    path("controleer-uw-email/", views.check_email, name="check_email"),
    path("bevestigen/<str:token>/", views.verify_email, name="verify_email"),
    path("tweestapsverificatie/", views.totp_enrol, name="totp_enrol"),
    path("herstelcodes/", views.recovery_codes, name="recovery_codes"),
    path("herstelcodes/herstelcodes.txt", views.recovery_codes_download,
         name="recovery_codes_download"),
    path("beveiliging/", views.security, name="security"),
    path("beveiliging/sessies-beeindigen/", views.sessions_end_others, name="sessions_end_others"),
    path("bevestig-identiteit/", views.sudo, name="sudo"),
    path("wachtwoord-wijzigen/", views.password_change, name="password_change"),
    path("wachtwoord-vergeten/", views.password_reset, name="password_reset"),
    path(
        "wachtwoord-herstellen/<str:uidb64>/<str:token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
]
