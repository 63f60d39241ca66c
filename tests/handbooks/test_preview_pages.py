"""The impact preview's pages (issue 14 item 2): PSO-Nederland starts the computation, sees a
progress bar that htmx refreshes (and a link without JavaScript), then the counts, the level
transitions and the drafts that would lose data. Everyone else gets 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from psoportal.handbooks.models import HandbookVersion
from psoportal.handbooks.preview import PREVIEW_STALLED_AFTER
from tests.factories import OrganisationFactory
from tests.handbooks.preview_data import known_drafts, uploaded_version

State = HandbookVersion.PreviewState


@pytest.fixture
def version(db):
    return uploaded_version()


@pytest.fixture
def drafts(organisation):
    other = OrganisationFactory(name="Ander Bedrijf B.V.", kvk="99887766")
    return known_drafts(organisation, other)


def _urls(version):
    return {
        "preview": reverse("handbooks:preview", args=[version.pk]),
        "preview_progress": reverse("handbooks:preview_progress", args=[version.pk]),
        "preview_start": reverse("handbooks:preview_start", args=[version.pk]),
    }


def _running(version, *, done, total, state=State.RUNNING, started=None):
    HandbookVersion.objects.filter(pk=version.pk).update(
        preview_state=state, preview_done=done, preview_total=total,
        preview_started_at=started or timezone.now())


@pytest.mark.parametrize("persona", ["alice", "charlie", "audrey"])
def test_no_one_but_pso_nederland_finds_the_preview(request, login, client, version, persona):
    login(request.getfixturevalue(persona))
    urls = _urls(version)
    assert client.get(urls["preview"]).status_code == 404
    assert client.get(urls["preview_progress"]).status_code == 404
    assert client.post(urls["preview_start"]).status_code == 404
    assert HandbookVersion.objects.get(pk=version.pk).preview_state == State.NONE


def test_an_unknown_version_is_not_found(login, client, bo, version):
    login(bo)
    assert client.get(reverse("handbooks:preview", args=[version.pk + 1])).status_code == 404


def test_before_the_first_run_the_page_offers_to_compute(login, client, bo, version):
    login(bo)
    response = client.get(_urls(version)["preview"])
    assert response.status_code == 200
    assert "nog niet berekend" in response.content.decode()
    assert "Impact berekenen" in response.content.decode()


def test_starting_computes_and_the_page_shows_the_outcome(
        login, client, bo, version, drafts, django_capture_on_commit_callbacks):
    login(bo)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_urls(version)["preview_start"])
    assert response.status_code == 302 and response["Location"] == _urls(version)["preview"]
    page = client.get(_urls(version)["preview"]).content.decode()
    assert "4 concepten berekend met versie 2.2 en met versie 2.3" in page
    assert 'role="img"' in page and "hoger 0, lager 1, gelijk 2, niet te berekenen 1" in page
    assert "<td>Trede 1</td><td>Basistrede</td>" in page.replace("\n", "")
    assert "Ander Bedrijf B.V." in page and "Met statusverlies" in page
    assert "Doelgroepstatus minder dan 2 jaar geleden verloren: 1 medewerker" in page
    assert "Stap 3C: de doelgroep: 1 concept" in page
    assert "Opnieuw berekenen" in page
    assert "hx-trigger" not in page


def test_a_double_click_starts_one_run(login, client, bo, version, drafts):
    login(bo)
    client.post(_urls(version)["preview_start"])  # queued; the test has no worker
    started = HandbookVersion.objects.get(pk=version.pk).preview_started_at
    response = client.post(_urls(version)["preview_start"], follow=True)
    assert "wordt al berekend" in response.content.decode()
    version.refresh_from_db()
    assert version.preview_state == State.QUEUED and version.preview_started_at == started
    assert version.preview_total == 4


def test_while_running_the_page_shows_a_progress_bar_that_refreshes(login, client, bo,
                                                                    version):
    _running(version, done=2, total=5)
    login(bo)
    for url in (_urls(version)["preview"], _urls(version)["preview_progress"]):
        page = client.get(url).content.decode()
        assert '<progress id="preview-bar" value="2" max="5">' in page
        assert "2 van 5 concepten" in page
        assert 'hx-trigger="every 2s"' in page
        assert f'href="{_urls(version)["preview"]}">Vernieuwen</a>' in page
    assert "Opnieuw berekenen" not in client.get(_urls(version)["preview"]).content.decode()


def test_the_progress_stops_polling_when_the_run_is_over(login, client, bo, version):
    _running(version, done=5, total=5, state=State.DONE)
    login(bo)
    page = client.get(_urls(version)["preview_progress"]).content.decode()
    assert "hx-trigger" not in page and "Uitkomst tonen" in page


def test_a_run_that_seems_stuck_may_be_started_again(login, client, bo, version):
    long_ago = timezone.now() - PREVIEW_STALLED_AFTER - dt.timedelta(minutes=1)
    _running(version, done=1, total=5, started=long_ago)
    login(bo)
    page = client.get(_urls(version)["preview"]).content.decode()
    assert "blijven steken" in page and "Opnieuw berekenen" in page
    assert "hx-trigger" not in page


def test_a_failed_run_shows_its_error(login, client, bo, version):
    HandbookVersion.objects.filter(pk=version.pk).update(
        preview_state=State.FAILED, preview={"error": "RuntimeError: kapot"})
    login(bo)
    page = client.get(_urls(version)["preview"]).content.decode()
    assert "De berekening is mislukt" in page and "RuntimeError: kapot" in page
    assert "Opnieuw berekenen" in page


def test_starting_is_post_only(login, client, bo, version):
    login(bo)
    assert client.get(_urls(version)["preview_start"]).status_code == 405
