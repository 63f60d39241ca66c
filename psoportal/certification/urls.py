from django.urls import path

from psoportal.certification.views import application, changes, institution, step6

app_name = "certification"

urlpatterns = [
    path("rekentool/<int:rekentool_id>/aanvraag/", step6.step6, name="step6"),
    path("rekentool/<int:rekentool_id>/aanvraag/offertes/", step6.quotes_request,
         name="quotes_request"),
    path("rekentool/<int:rekentool_id>/aanvraag/offertes/<int:quote_id>/accepteren/",
         step6.quote_choose, name="quote_accept"),
    path("deelnameovereenkomst/", step6.agreement, name="agreement"),
    path("deelnameovereenkomst/<str:version>/", step6.agreement, name="agreement_version"),
    path("offerte/<int:quote_id>/pdf/", step6.quote_pdf, name="quote_pdf"),
    path("rekentool/<int:rekentool_id>/aanvraag/indienen/", step6.submit, name="submit"),
    path("aanvraag/<int:application_id>/", application.application, name="application"),
    path("aanvraag/<int:application_id>/stap/", application.application_step,
         name="application_step"),
    path("instelling/", institution.institution_workspace, name="institution"),
    path("instelling/offerteaanvraag/<int:request_id>/", institution.institution_quote,
         name="institution_quote"),
    path("aanvraag/<int:application_id>/wijziging/<str:kind>/", changes.change, name="change"),
    path("aanvraag/<int:application_id>/hercertificering/", changes.recertify,
         name="recertify"),
    path("pso-nederland/kostenposten/", changes.fee_events, name="fee_events"),
]
