from django.urls import path

from psoportal.assessments.views import data, organisation, rekentools, result, rules, transfer

app_name = "mijnpso"

urlpatterns = [
    path("", organisation.dashboard, name="dashboard"),
    path("rekenregels/", rules.rules, name="rules"),
    path("organisatie/<int:organisation_id>/", organisation.organisation, name="organisation"),
    path(
        "organisatie/<int:organisation_id>/entiteiten/<int:entity_id>/verwijderen/",
        organisation.entity_delete,
        name="entity_delete",
    ),
    path("organisatie/<int:organisation_id>/rekentools/", rekentools.rekentools,
         name="rekentools"),
    path("organisatie/<int:organisation_id>/rekentools/vergelijken/",
         rekentools.rekentool_compare, name="compare"),
    path("rekentool/<int:rekentool_id>/", rekentools.rekentool_start, name="rekentool"),
    path("rekentool/<int:rekentool_id>/kopieren/", rekentools.rekentool_copy_view, name="copy"),
    path("rekentool/<int:rekentool_id>/verwijderen/", rekentools.rekentool_delete_view,
         name="delete"),
    path("rekentool/<int:rekentool_id>/gegevens/", data.data, name="data"),
    path("rekentool/<int:rekentool_id>/doelgroep/", data.target_group, name="target_group"),
    path("rekentool/<int:rekentool_id>/doelgroep/<int:employee_id>/", data.employee_edit,
         name="employee_edit"),
    path("rekentool/<int:rekentool_id>/doelgroep/<int:employee_id>/verwijderen/",
         data.employee_remove, name="employee_delete"),
    path("rekentool/<int:rekentool_id>/inkopen/", data.purchases, name="purchases"),
    path("rekentool/<int:rekentool_id>/inkopen/<int:purchase_id>/", data.purchase_edit,
         name="purchase_edit"),
    path("rekentool/<int:rekentool_id>/inkopen/<int:purchase_id>/verwijderen/",
         data.purchase_remove, name="purchase_delete"),
    path("rekentool/<int:rekentool_id>/score/", result.result, name="result"),
    path("rekentool/<int:rekentool_id>/score/stand/", result.score_status, name="score_status"),
    path("rekentool/<int:rekentool_id>/kwalitatief/", result.qualitative, name="qualitative"),
    path("rekentool/<int:rekentool_id>/uitslag.json", transfer.result_export,
         name="result_export"),
    path("rekentool/<int:rekentool_id>/export.<str:fmt>", transfer.export, name="export"),
    path("rekentool/<int:rekentool_id>/proefaanvraag.pdf", transfer.proefaanvraag,
         name="proefaanvraag"),
    path("rekentool/<int:rekentool_id>/importeren/", transfer.import_rekentool, name="import"),
    path("rekentool/<int:rekentool_id>/doelgroep/sjabloon.<str:fmt>",
         transfer.target_group_template_download, name="target_group_template"),
    path("rekentool/<int:rekentool_id>/doelgroep/importeren/", transfer.target_group_import,
         name="target_group_import"),
]
