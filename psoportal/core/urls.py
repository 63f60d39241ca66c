from django.urls import path

from psoportal.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("privacy/", views.privacy, name="privacy"),
    path("begrippen/", views.glossary, name="glossary"),
    path("gebruiksvoorwaarden/", views.terms, name="terms"),
    path("toegankelijkheid/", views.accessibility, name="accessibility"),
    path("healthz", views.healthz, name="healthz"),
]
