"""The public rules page that every line of "Alle rekenstappen" links to (issue 9 §7)."""

from html import escape

import pytest
from django.urls import reverse

from psoportal.methodology.handbook import handbook_get

pytestmark = pytest.mark.django_db

RULES = reverse("mijnpso:rules")


def test_anyone_can_read_the_rules_without_logging_in(client):
    response = client.get(RULES)
    assert response.status_code == 200
    assert "<h1>Rekenregels</h1>" in response.content.decode()


@pytest.mark.parametrize("anchor", ["par-4", "par-4-1", "par-5-1", "par-5-2", "par-5-3",
                                    "par-6", "par-7", "par-7-4", "par-8", "par-9"])
def test_every_paragraph_the_trace_refers_to_has_an_anchor(client, anchor):
    assert f'id="{anchor}"' in client.get(RULES).content.decode()


def test_weights_and_questions_come_from_the_handbook(client):
    handbook = handbook_get("2.2")
    content = client.get(RULES, {"handboek": "2.2"}).content.decode()
    ww = handbook.categories["ww"]
    assert ww.label_nl in content and "0,75" in content
    for aspect in handbook.aspects:
        assert escape(aspect.questions[0].text_nl) in content


def test_an_unknown_handbook_version_is_not_found(client):
    assert client.get(RULES, {"handboek": "9.9"}).status_code == 404


def test_the_rules_read_in_english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    content = client.get(RULES).content.decode()
    assert "Calculation rules" in content
    assert escape(handbook_get("2.2").aspects[0].questions[0].text_en) in content
