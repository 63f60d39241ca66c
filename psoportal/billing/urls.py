from django.urls import path

from psoportal.billing import views, views_payments

app_name = "billing"

urlpatterns = [
    path("factuur/<int:invoice_id>/pdf/", views.invoice_download, name="invoice_pdf"),
    path("pso-nederland/facturen/", views.overview, name="overview"),
    path("pso-nederland/facturen/export.<str:fmt>", views.export, name="export"),
    path("pso-nederland/kortingscodes/", views.discount_codes, name="discount_codes"),
    path("pso-nederland/kortingscodes/<int:code_id>/deactiveren/", views.discount_deactivate,
         name="discount_deactivate"),
    path("aanvraag/<int:application_id>/kortingscode/", views.discount_redeem_view,
         name="discount_redeem"),
    path("pso-nederland/betalingen/", views_payments.payments_review, name="payments"),
    path("pso-nederland/betalingen/registreren/", views_payments.payment_register_view,
         name="payment_register"),
    path("pso-nederland/betalingen/<int:payment_id>/koppelen/",
         views_payments.payment_assign_view, name="payment_assign"),
]
