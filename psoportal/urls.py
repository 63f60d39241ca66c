from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.urls import include, path, reverse
from django.views.generic import RedirectView

from psoportal.accounts import auth_state
from psoportal.accounts.views import language_switch
from psoportal.register.api import urls as api_urls
from psoportal.register.views import verify as verify_certificate

admin.site.site_header = "MijnPSO beheer"
admin.site.site_title = "MijnPSO beheer"


@login_not_required
def _admin_login(request, extra_context=None):
    # The admin's own login form would log in with a password only; there is one login, ours,
    # with TOTP.
    return redirect_to_login(request.GET.get("next", "/beheer/"), reverse("accounts:login"))


def _admin_has_permission(request) -> bool:
    return (
        request.user.is_active
        and request.user.is_staff
        and auth_state.is_verified(request.session)
    )


admin.site.login = _admin_login
admin.site.has_permission = _admin_has_permission

urlpatterns = [
    path("", include("psoportal.core.urls")),
    # Registration moved to organisations (accounts never knows organisations); old links work.
    path("account/registreren/", login_not_required(RedirectView.as_view(
        pattern_name="organisations:register", permanent=True, query_string=True)),
        name="register_moved"),
    path("account/", include("psoportal.accounts.urls")),
    # organisatie/, mijnpso/pso-nederland/instellingen/ and mijnpso/instelling/{team,uitnodiging}/
    path("", include("psoportal.organisations.urls")),
    path("mijnpso/", include("psoportal.assessments.urls")),
    path("mijnpso/", include("psoportal.certification.urls")),
    path("mijnpso/", include("psoportal.billing.urls")),
    path("mijnpso/", include("psoportal.register.urls_import")),
    path("mijnpso/", include("psoportal.handbooks.urls")),
    path("mijnpso/", include("psoportal.news.urls_staff")),
    # Public, no login: the register and its "Controleer een certificaat" form.
    path("", include("psoportal.register.urls")),
    # Public: the QR code on a certificate opens this page (an unguessable code, no login).
    path("certificaat/<str:code>/", verify_certificate, name="verify_certificate"),
    # The buyer workspace (issue 13): portfolio, contract watch, procurement policy, letter.
    path("inkoop/", include("psoportal.buyers.urls")),
    # Public: PSO-Nederland's news, its feeds and the newsletter's sign-up and sign-off.
    path("nieuws/", include("psoportal.news.urls")),
    # Public: the open JSON API of the register (no login, no cookies; register/api).
    path("api/v1/", api_urls()),
    # The language switch must work before logging in.
    path("i18n/setlang/", language_switch, name="set_language"),
    path("beheer/", admin.site.urls),
]

handler404 = "psoportal.core.views.page_not_found"
handler500 = "psoportal.core.views.server_error"

if settings.DEBUG:
    from django.views.defaults import page_not_found

    # Lets developers look at the 404 page while DEBUG shows technical pages elsewhere.
    urlpatterns += [
        path("404/", login_not_required(page_not_found), {"exception": Exception()}),
    ]
