from django.urls import path

from psoportal.certification import views

app_name = "certification"

urlpatterns = [
    path("rekentool/<int:rekentool_id>/aanvraag/", views.step6, name="step6"),
    path("rekentool/<int:rekentool_id>/aanvraag/offertes/", views.quotes_request,
         name="quotes_request"),
    path("rekentool/<int:rekentool_id>/aanvraag/offertes/<int:quote_id>/accepteren/",
         views.quote_choose, name="quote_accept"),
    path("rekentool/<int:rekentool_id>/aanvraag/indienen/", views.submit, name="submit"),
    path("aanvraag/<int:application_id>/", views.application, name="application"),
    path("aanvraag/<int:application_id>/stap/", views.application_step,
         name="application_step"),
    path("instelling/", views.institution_workspace, name="institution"),
    path("instelling/offerteaanvraag/<int:request_id>/", views.institution_quote,
         name="institution_quote"),
]
