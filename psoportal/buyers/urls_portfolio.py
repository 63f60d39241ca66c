"""URLs of the portfolio part of the buyer workspace (issue 13 §2): the supplier table, its
downloads, one supplier at a time and the import of a file."""

from django.urls import path

from psoportal.buyers import views_portfolio as views

urlpatterns = [
    path("<int:organisation_id>/leveranciers/", views.suppliers, name="suppliers"),
    path("<int:organisation_id>/leveranciers/download/<str:fmt>/", views.suppliers_export,
         name="suppliers_export"),
    path("<int:organisation_id>/leveranciers/nieuw/", views.supplier_add, name="supplier_add"),
    path("<int:organisation_id>/leveranciers/<int:supplier_id>/", views.supplier_edit,
         name="supplier_edit"),
    path("<int:organisation_id>/leveranciers/<int:supplier_id>/verwijderen/",
         views.supplier_delete_view, name="supplier_delete"),
    path("<int:organisation_id>/leveranciers/inlezen/", views.suppliers_import,
         name="suppliers_import"),
    path("<int:organisation_id>/leveranciers/sjabloon/<str:fmt>/", views.suppliers_template,
         name="suppliers_template"),
]
