from django.conf import settings
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "MijnPSO beheer"
admin.site.site_title = "MijnPSO beheer"

urlpatterns = [
    path("", include("psoportal.core.urls")),
    path("account/", include("psoportal.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/", admin.site.urls),
]

handler404 = "psoportal.core.views.page_not_found"
handler500 = "psoportal.core.views.server_error"

if settings.DEBUG:
    from django.views.defaults import page_not_found

    # Lets developers look at the 404 page while DEBUG shows technical pages elsewhere.
    urlpatterns += [path("404/", page_not_found, {"exception": Exception()})]
