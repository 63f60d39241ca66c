from django.urls import path

from psoportal.certification.views import (
    application,
    award,
    certificates,
    changes,
    institution,
    step6,
)
from psoportal.certification.views import audit as audit_views

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
    path("pso-nederland/", award.pso_workspace, name="pso_workspace"),
    path("aanvraag/<int:application_id>/toekennen/", award.award, name="award"),
    path("certificaat/<int:certificate_id>/pdf/", certificates.certificate_pdf,
         name="certificate_pdf"),
    path("aanvraag/<int:application_id>/audit/", audit_views.audit, name="audit"),
    path("aanvraag/<int:application_id>/audit/checklist/", audit_views.audit_checklist,
         name="audit_checklist"),
    path("aanvraag/<int:application_id>/audit/correcties/", audit_views.audit_corrections,
         name="audit_corrections"),
    path("aanvraag/<int:application_id>/audit/correcties/medewerker/<int:row>/",
         audit_views.audit_correct_row, name="audit_correct_row"),
    path("aanvraag/<int:application_id>/audit/rapport/", audit_views.audit_report,
         name="audit_report"),
    path("aanvraag/<int:application_id>/audit/rapport/download/",
         audit_views.audit_report_download, name="audit_report_download"),
    path("aanvraag/<int:application_id>/wijziging/<str:kind>/", changes.change, name="change"),
    path("aanvraag/<int:application_id>/hercertificering/", changes.recertify,
         name="recertify"),
    path("pso-nederland/kostenposten/", changes.fee_events, name="fee_events"),
]
