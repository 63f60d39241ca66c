"""URLs of the upload part of the handbook versions (issue 14): the upload, a version's page
with its diff against the version in force, and its file."""

from django.urls import path

from psoportal.handbooks import views_upload

urlpatterns = [
    path("pso-nederland/handboeken/nieuw/", views_upload.handbook_upload, name="upload"),
    path("pso-nederland/handboeken/<int:version_id>/", views_upload.handbook_version_detail,
         name="detail"),
    path("pso-nederland/handboeken/<int:version_id>/bestand/",
         views_upload.handbook_version_file, name="file"),
]
