import errno

import pytest
from django.contrib.auth.decorators import login_not_required
from django.db import OperationalError
from django.test import Client
from django.urls import path

from psoportal import urls as project_urls
from psoportal.core.storage import StorageFull

pytestmark = pytest.mark.django_db


@login_not_required
def _boom(request):
    raise RuntimeError("secret internal detail")


@login_not_required
def _database_down(request):
    raise OperationalError('connection to server at "db.internal" failed: Connection refused')


@login_not_required
def _disk_full(request):
    raise StorageFull(errno.ENOSPC, "no room to store the upload")


urlpatterns = [*project_urls.urlpatterns, path("boom/", _boom),
               path("database-down/", _database_down), path("disk-full/", _disk_full)]
handler404 = project_urls.handler404
handler500 = project_urls.handler500


def test_it_shows_a_friendly_dutch_404(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


@pytest.mark.urls("tests.core.test_error_pages")
def test_it_shows_a_generic_500_without_details():
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    content = response.content.decode()
    assert "Er ging iets mis" in content
    assert "secret internal detail" not in content
    assert "Traceback" not in content


@pytest.mark.urls("tests.core.test_error_pages")
def test_an_unreachable_database_is_a_503_to_try_again_with_the_same_page():
    response = Client(raise_request_exception=False).get("/database-down/")
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    content = response.content.decode()
    assert "Er ging iets mis" in content
    assert "db.internal" not in content


@pytest.mark.urls("tests.core.test_error_pages")
def test_an_upload_that_found_no_room_says_in_dutch_that_the_file_was_not_saved():
    response = Client(raise_request_exception=False).get("/disk-full/")
    assert response.status_code == 503
    content = response.content.decode()
    assert "Uw bestand kon niet worden opgeslagen" in content
    assert "no room" not in content
