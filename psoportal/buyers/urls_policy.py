"""URLs of the policy part of the buyer workspace (issue 13 items 4 and 5): the procurement
policy, supplier assessments, the compliance overview and social return."""

from django.urls import path

from psoportal.buyers import views_policy, views_social_return

urlpatterns = [
    path("<int:organisation_id>/inkoopbeleid/", views_policy.policy, name="policy"),
    path("<int:organisation_id>/inkoopbeleid/categorie/<int:category_id>/",
         views_policy.category_edit, name="policy_category"),
    path("<int:organisation_id>/inkoopbeleid/categorie/<int:category_id>/verwijderen/",
         views_policy.category_remove, name="policy_category_delete"),
    path("<int:organisation_id>/inkoopbeleid/naleving/", views_policy.compliance,
         name="policy_compliance"),
    path("<int:organisation_id>/inkoopbeleid/beoordelingen/", views_policy.assessment_list,
         name="assessments"),
    path("<int:organisation_id>/inkoopbeleid/beoordelingen/planning/",
         views_policy.assessment_interval, name="assessment_interval"),
    path("<int:organisation_id>/inkoopbeleid/beoordelingen/<int:assessment_id>/",
         views_policy.assessment_detail, name="assessment"),
    path("<int:organisation_id>/inkoopbeleid/beoordelingen/<int:assessment_id>/"
         "download.<str:fmt>", views_policy.assessment_export, name="assessment_export"),
    path("<int:organisation_id>/inkoopbeleid/social-return/",
         views_social_return.social_return_policy, name="social_return_policy"),
    path("<int:organisation_id>/leveranciers/<int:supplier_id>/social-return/",
         views_social_return.social_return_contract, name="social_return"),
    path("<int:organisation_id>/leveranciers/<int:supplier_id>/social-return/"
         "rapportage.<str:fmt>", views_social_return.social_return_report,
         name="social_return_report"),
]
