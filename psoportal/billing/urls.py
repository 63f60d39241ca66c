from django.urls import path

from psoportal.billing import views

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
]
