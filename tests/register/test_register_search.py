"""The public register page (issue 12 §1, rule book §11): anyone searches the certificates in
force by name, place, KvK number, minimum level, PSO 30+ and institution, sorted and 25 to a
page; invalid input gives Dutch messages on the fields and no result."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from psoportal.register.forms import SORTS
from psoportal.register.views import PAGE_SIZE
from tests.register.factories import certificate

pytestmark = pytest.mark.django_db

URL = reverse("register:search")


def _numbers(response) -> list[str]:
    """The certificate numbers of the result table, in the order shown."""
    assert response.status_code == 200
    table = response.text.split('<table class="register-table">', 1)
    if len(table) == 1:
        return []
    return re.findall(r'<td class="nowrap">(PSO-\d{4}-\d{6})</td>', table[1])


@pytest.fixture
def register(today):
    """Four entries in force today (one of them the PSO 30+ entry of the first) and one expired."""
    groen = certificate(name="Groen & Schoon B.V.", city="Utrecht", level="trede_3",
                        kvks=["12345678", "87654321"], start=dt.date(2025, 1, 1),
                        number="PSO-2025-000010")
    groen30 = certificate(name="Groen & Schoon B.V.", city="Utrecht", level="trede_3",
                          pso30plus=True, kvks=["12345678", "87654321"],
                          start=dt.date(2025, 1, 1), number="PSO-2025-000011")
    brug = certificate(name="De Brug Facilitair", city="Amsterdam", level="trede_1",
                       kvks=["11112222"], start=dt.date(2024, 6, 1),
                       institution="Sociaal Audit B.V.", number="PSO-2024-000003")
    zorg = certificate(name="Zorg & Co", city="Zeist", level="basistrede", kvks=["33334444"],
                       start=dt.date(2025, 3, 1), end=dt.date(2025, 12, 31),
                       number="PSO-2025-000020")
    expired = certificate(name="Oud Groen B.V.", city="Utrecht", level="trede_3",
                          kvks=["55556666"], start=dt.date(2022, 1, 1),
                          number="PSO-2022-000001")
    return {"groen": groen, "groen30": groen30, "brug": brug, "zorg": zorg,
            "expired": expired}


def _search(client, **params):
    return client.get(URL, params)


def test_anyone_sees_the_register_in_force_today_without_logging_in(client, register):
    response = client.get(URL)
    assert _numbers(response) == ["PSO-2024-000003", "PSO-2025-000010", "PSO-2025-000011",
                                  "PSO-2025-000020"]
    assert "4 certificaten gevonden" in response.text
    assert "Certificaten die vandaag (15-08-2025) geldig zijn." in response.text
    assert "Oud Groen" not in response.text


def test_an_outsider_who_is_logged_in_sees_the_same_register(client, login, charlie, register):
    login(charlie)
    assert len(_numbers(client.get(URL))) == 4


def test_each_entry_shows_the_public_facts(client, register):
    text = _search(client, naam="brug").text
    row = text[text.index('<tbody>'):text.index('</tbody>')]
    verify = reverse("verify_certificate", args=[register["brug"].verification_code])
    for fact in (f'<a href="{verify}">De Brug Facilitair</a>', "Amsterdam", "11112222",
                 "Trede 1", "01-06-2024", "31-05-2026", "PSO-2024-000003",
                 "Sociaal Audit B.V.", "geldig", "<td>nee</td>"):
        assert fact in row, fact
    assert "trede_1" not in row


def test_every_kvk_number_in_scope_is_listed_and_pso30plus_is_its_own_entry(client, register):
    text = _search(client, naam="groen").text
    body = text[text.index('<tbody>'):text.index('</tbody>')]
    assert body.count("12345678<br>87654321") == 2
    assert body.count("<td>ja</td>") == 1 and body.count("<td>nee</td>") == 1


def test_it_finds_by_part_of_the_name_in_any_case_also_of_an_organisation_in_scope(
    client, register
):
    assert _numbers(_search(client, naam="GROEN")) == ["PSO-2025-000010", "PSO-2025-000011"]
    # The second KvK number's organisation is "Groen & Schoon B.V. dochter 1".
    assert _numbers(_search(client, naam="dochter")) == ["PSO-2025-000010", "PSO-2025-000011"]


def test_it_finds_by_place(client, register):
    assert _numbers(_search(client, plaats="amsterdam")) == ["PSO-2024-000003"]
    assert _numbers(_search(client, plaats="Zeist")) == ["PSO-2025-000020"]


def test_it_finds_by_any_kvk_number_in_scope_typed_with_spaces(client, register):
    assert _numbers(_search(client, kvk="8765 4321")) == ["PSO-2025-000010", "PSO-2025-000011"]
    assert _numbers(_search(client, kvk="11112222")) == ["PSO-2024-000003"]
    assert _numbers(_search(client, kvk="99999999")) == []


def test_a_minimum_level_lists_that_level_and_higher(client, register):
    assert _numbers(_search(client, trede="trede_1")) == ["PSO-2024-000003", "PSO-2025-000010",
                                                          "PSO-2025-000011"]
    assert _numbers(_search(client, trede="trede_3")) == ["PSO-2025-000010", "PSO-2025-000011"]
    assert len(_numbers(_search(client, trede="basistrede"))) == 4


def test_the_level_choices_are_the_handbooks_labels(client, register):
    text = client.get(URL).text
    assert '<option value="trede_2">Trede 2</option>' in text
    assert '<option value="basistrede">Basistrede</option>' in text


def test_pso30plus_all_only_or_none(client, register):
    assert _numbers(_search(client, pso30plus="ja")) == ["PSO-2025-000011"]
    assert _numbers(_search(client, pso30plus="nee")) == ["PSO-2024-000003", "PSO-2025-000010",
                                                          "PSO-2025-000020"]
    assert len(_numbers(_search(client, pso30plus=""))) == 4


def test_it_filters_by_certifying_institution_chosen_from_the_register(client, register):
    text = client.get(URL).text
    assert '<option value="Sociaal Audit B.V.">Sociaal Audit B.V.</option>' in text
    assert _numbers(_search(client, instelling="Sociaal Audit B.V.")) == ["PSO-2024-000003"]


def test_filters_combine(client, register):
    assert _numbers(_search(client, plaats="utrecht", trede="trede_3", pso30plus="nee")) == [
        "PSO-2025-000010"]


@pytest.mark.parametrize(("sort", "expected"), [
    ("naam", ["PSO-2024-000003", "PSO-2025-000010", "PSO-2025-000011", "PSO-2025-000020"]),
    ("-naam", ["PSO-2025-000020", "PSO-2025-000011", "PSO-2025-000010", "PSO-2024-000003"]),
    ("plaats", ["PSO-2024-000003", "PSO-2025-000010", "PSO-2025-000011", "PSO-2025-000020"]),
    ("-plaats", ["PSO-2025-000020", "PSO-2025-000011", "PSO-2025-000010", "PSO-2024-000003"]),
    ("trede", ["PSO-2025-000020", "PSO-2024-000003", "PSO-2025-000010", "PSO-2025-000011"]),
    ("-trede", ["PSO-2025-000010", "PSO-2025-000011", "PSO-2024-000003", "PSO-2025-000020"]),
    ("ingang", ["PSO-2024-000003", "PSO-2025-000010", "PSO-2025-000011", "PSO-2025-000020"]),
    ("-ingang", ["PSO-2025-000020", "PSO-2025-000011", "PSO-2025-000010", "PSO-2024-000003"]),
    ("einde", ["PSO-2025-000020", "PSO-2024-000003", "PSO-2025-000010", "PSO-2025-000011"]),
    ("-einde", ["PSO-2025-000011", "PSO-2025-000010", "PSO-2024-000003", "PSO-2025-000020"]),
    ("nummer", ["PSO-2024-000003", "PSO-2025-000010", "PSO-2025-000011", "PSO-2025-000020"]),
    ("-nummer", ["PSO-2025-000020", "PSO-2025-000011", "PSO-2025-000010", "PSO-2024-000003"]),
])
def test_it_sorts_both_ways_by_every_column_offered(client, register, sort, expected):
    assert _numbers(_search(client, sortering=sort)) == expected


def test_every_sort_offered_is_tested():
    assert len(SORTS) == 12


def test_the_sorted_column_is_marked_for_screen_readers(client, register):
    text = _search(client, sortering="-ingang").text
    assert '<th scope="col" aria-sort="descending">Ingangsdatum</th>' in text
    assert text.count("aria-sort") == 1


@pytest.fixture
def many(today):
    return [certificate(name=f"Bedrijf {n:02d}", city="Utrecht" if n % 2 else "Ede",
                        kvks=[f"{40000000 + n:08d}"], number=f"PSO-2025-{n:06d}")
            for n in range(1, 61)]


def test_it_shows_25_to_a_page_with_the_count_of_all(client, many):
    first = client.get(URL)
    assert len(_numbers(first)) == PAGE_SIZE
    assert "60 certificaten gevonden" in first.text
    last = _search(client, pagina="3")
    assert _numbers(last) == [f"PSO-2025-{n:06d}" for n in range(51, 61)]


def test_page_links_keep_the_search(client, many):
    text = _search(client, plaats="Utrecht", sortering="-naam", naam="", utm_source="x").text
    assert "30 certificaten gevonden" in text
    assert 'href="?plaats=Utrecht&amp;sortering=-naam&amp;pagina=2"' in text
    second = _search(client, plaats="Utrecht", sortering="-naam", pagina="2")
    assert _numbers(second) == [f"PSO-2025-{n:06d}" for n in range(9, 0, -2)]


def test_a_page_number_out_of_range_or_not_a_number_shows_a_page_anyway(client, many):
    assert _numbers(_search(client, pagina="abc"))[0] == "PSO-2025-000001"
    assert _numbers(_search(client, pagina="999"))[-1] == "PSO-2025-000060"


def test_the_page_reads_the_database_a_fixed_number_of_times(
    client, many, django_assert_max_num_queries
):
    # Institutions for the form, the count, the page and its scopes: not one per entry.
    with django_assert_max_num_queries(5):
        client.get(URL)


@pytest.mark.parametrize(("params", "field", "message"), [
    ({"datum": "31-02-2025"}, "datum", "Vul een datum in als dd-mm-jjjj."),
    ({"datum": "morgen"}, "datum", "Vul een datum in als dd-mm-jjjj."),
    ({"datum": "01-01-1999"}, "datum", "Kies een datum tussen 01-01-2000 en 31-12-2099."),
    ({"datum": "9999-12-31"}, "datum", "Kies een datum tussen 01-01-2000 en 31-12-2099."),
    ({"kvk": "1234567"}, "kvk", "Een KvK-nummer bestaat uit 8 cijfers."),
    ({"kvk": "1234567a"}, "kvk", "Een KvK-nummer bestaat uit 8 cijfers."),
    ({"trede": "trede_9"}, "trede", "Kies een trede uit de lijst."),
    ({"pso30plus": "misschien"}, "pso30plus", "Kies een van de mogelijkheden uit de lijst."),
    ({"instelling": "Onbekend B.V."}, "instelling", "Kies een instelling uit de lijst."),
    ({"sortering": "prijs"}, "sortering", "Kies een sortering uit de lijst."),
    ({"naam": "Groen\x00"}, "naam", "Dit veld bevat een onzichtbaar stuurteken"),
])
def test_invalid_input_gets_a_dutch_message_on_its_field_and_no_result(
    client, register, params, field, message
):
    response = _search(client, **params)
    assert response.status_code == 200
    assert f'<p class="field-error" id="id_{field}_error">{message}' in response.text
    assert f'href="#id_{field}"' in response.text  # the error summary points at the field
    assert "<title>Fout:" in response.text
    assert "gevonden" not in response.text and _numbers(response) == []
    # What was typed stays in the form.
    value = next(iter(params.values()))
    if field in ("naam", "kvk"):
        assert f'value="{value.replace(chr(0), "")}' in response.text.replace(chr(0), "")


def test_the_date_is_taken_as_dutch_or_as_the_date_pickers_iso(client, register):
    dutch = _search(client, datum="15-07-2024")
    iso = _search(client, datum="2024-07-15")
    assert _numbers(dutch) == _numbers(iso) == ["PSO-2024-000003"]
    assert "Certificaten die op 15-07-2024 geldig waren of zijn." in dutch.text
    # The date picker gets the date in its own form, whichever way it was typed.
    assert 'type="date" name="datum" value="2024-07-15"' in dutch.text


def test_the_register_page_reads_in_english_too(client, register):
    client.cookies["pso_language"] = "en"
    text = client.get(URL).text
    assert "4 certificates found" in text
    assert "Level 3" in text and "Trede 3" not in text
    assert '<option value="trede_2">Level 2</option>' in text


def test_the_old_placeholder_address_is_the_register_and_the_menu_leads_there(client, register):
    assert URL == "/register/"
    text = client.get(reverse("core:home")).text
    assert f'<a href="{URL}">PSO-register</a>' in text
