"""URLs of publishing a handbook version (issue 14 item 3)."""

from django.urls import path

from psoportal.handbooks import views_publish

urlpatterns = [
    path("pso-nederland/handboeken/<int:version_id>/publiceren/", views_publish.publish,
         name="publish"),
]
