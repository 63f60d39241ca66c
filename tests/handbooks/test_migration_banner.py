"""A user opening a moved draft sees a banner with the old and new level and what to check
again (issue 14 item 4), on every step page, until a member dismisses it ("Gezien"); an
outsider cannot dismiss it (404)."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from psoportal.handbooks.models import DraftMigration
from tests.handbooks import migration_fixtures
from tests.handbooks.migration_fixtures import EFFECTIVE

pytestmark = pytest.mark.django_db

published, small, pinned, submitted = (migration_fixtures.published, migration_fixtures.small,
                                       migration_fixtures.pinned, migration_fixtures.submitted)

STEP_PAGES = ["mijnpso:data", "mijnpso:target_group", "mijnpso:purchases", "mijnpso:result",
              "mijnpso:qualitative"]


@pytest.fixture
def after_the_date():
    with time_machine.travel(dt.datetime(2027, 4, 2, 10, tzinfo=ZoneInfo("Europe/Amsterdam")),
                             tick=False):
        yield


@pytest.fixture
def migrated(published, small, pinned):
    call_command("run_schedule", "--as-of", EFFECTIVE.isoformat(), stdout=io.StringIO())


def _text(response) -> str:
    return " ".join(response.content.decode().split())


@pytest.mark.parametrize("page", STEP_PAGES)
def test_every_step_page_of_a_moved_draft_shows_the_banner(migrated, after_the_date, small,
                                                            alice, login, client, page):
    login(alice)
    text = _text(client.get(reverse(page, args=[small.pk])))
    assert 'class="utrecht-alert utrecht-alert--warning handbook-migration" role="status"' in text
    assert "Sinds 01-04-2027 geldt handboek 2.3." in text
    assert "Uw voorlopige trede was Trede 1, nu Basistrede." in text


def test_the_banner_names_the_new_question_of_step_5(migrated, after_the_date, small, alice,
                                                      login, client):
    login(alice)
    text = _text(client.get(reverse("mijnpso:result", args=[small.pk])))
    assert "stap 5</a>: het nieuwe handboek stelt een nieuwe vraag" in text
    assert ("Passend werk: Heeft iedere nieuwe medewerker uit de doelgroep een inwerkplan"
            in text)


def test_the_banner_lists_the_rows_set_aside_for_step_3c(migrated, after_the_date, pinned,
                                                         alice, login, client):
    login(alice)
    text = _text(client.get(reverse("mijnpso:target_group", args=[pinned.pk])))
    assert ("stap 3C</a>: 1 rij had een categorie die niet meer bestaat en is apart gezet"
            in text)
    assert "G-3: Doelgroepstatus minder dan 2 jaar geleden verloren, 32 uur per week" in text


def test_the_banner_speaks_english_too(migrated, after_the_date, small, alice, login, client):
    login(alice)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    text = _text(client.get(reverse("mijnpso:result", args=[small.pk])))
    # The catalogue is the lead's (locale/ is filled from the json); the labels come from the
    # handbook and the date stays d-m-Y in both languages.
    assert "01-04-2027" in text
    assert "Level 1, nu Base level" in text or "Level 1, now Base level" in text


def test_gezien_hides_the_banner_for_good(migrated, after_the_date, small, bob, login,
                                          client):
    login(bob)
    record = DraftMigration.objects.get(rekentool=small)
    page = reverse("mijnpso:result", args=[small.pk])
    assert "handbook-migration" in _text(client.get(page))
    response = client.post(reverse("handbooks:migration_seen", args=[small.pk, record.pk]),
                           {"next": page})
    assert response.status_code == 302 and response["Location"] == page
    record.refresh_from_db()
    assert record.seen_at is not None
    assert "handbook-migration" not in _text(client.get(page))


def test_gezien_never_redirects_to_another_site(migrated, after_the_date, small, alice, login,
                                                client):
    login(alice)
    record = DraftMigration.objects.get(rekentool=small)
    response = client.post(reverse("handbooks:migration_seen", args=[small.pk, record.pk]),
                           {"next": "https://evil.example/"})
    assert response["Location"] == reverse("mijnpso:rekentool", args=[small.pk])


def test_an_outsider_gets_404_on_gezien(migrated, after_the_date, small, charlie, login,
                                        client):
    login(charlie)
    record = DraftMigration.objects.get(rekentool=small)
    response = client.post(reverse("handbooks:migration_seen", args=[small.pk, record.pk]))
    assert response.status_code == 404
    record.refresh_from_db()
    assert record.seen_at is None


def test_a_record_of_another_rekentool_is_404(migrated, after_the_date, small, pinned, alice,
                                              login, client):
    login(alice)
    record = DraftMigration.objects.get(rekentool=pinned)
    response = client.post(reverse("handbooks:migration_seen", args=[small.pk, record.pk]))
    assert response.status_code == 404


def test_a_draft_that_did_not_move_shows_no_banner(published, after_the_date, small, alice,
                                                   login, client):
    login(alice)
    assert "handbook-migration" not in _text(client.get(reverse("mijnpso:result",
                                                               args=[small.pk])))
