"""PSO-Nederland's news desk, under mijnpso/pso-nederland/ like the rest of its back office."""

from django.urls import path

from psoportal.news import views_staff

app_name = "news_staff"

urlpatterns = [
    path("pso-nederland/nieuws/", views_staff.news_desk, name="list"),
    path("pso-nederland/nieuws/nieuw/", views_staff.news_item_new, name="new"),
    path("pso-nederland/nieuws/<int:item_id>/", views_staff.news_item_edit, name="edit"),
    path("pso-nederland/nieuws/<int:item_id>/publiceren/", views_staff.news_item_publish,
         name="publish"),
    path("pso-nederland/nieuws/<int:item_id>/intrekken/", views_staff.news_item_unpublish,
         name="unpublish"),
    path("pso-nederland/nieuws/<int:item_id>/versturen/", views_staff.news_item_mail,
         name="mail"),
]
