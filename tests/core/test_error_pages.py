import pytest
from django.contrib.auth.decorators import login_not_required
from django.test import Client
from django.urls import path

from psoportal import urls as project_urls

pytestmark = pytest.mark.django_db


@login_not_required
def _boom(request):
    raise RuntimeError("secret internal detail")


urlpatterns = [*project_urls.urlpatterns, path("boom/", _boom)]
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
