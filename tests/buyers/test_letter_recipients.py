"""The suppliers a certified organisation sent the letter to (issue 13 §6): recorded one by
one, once per KvK number, never on a future date; the register says whether and since when
each one certified."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from psoportal.buyers.letter import recipient_lines
from psoportal.buyers.models import LetterRecipient
from psoportal.buyers.services_letter import letter_recipient_add
from psoportal.core.models import AuditEvent
from tests.buyers.letters import certify
from tests.register.factories import certificate

pytestmark = pytest.mark.django_db


def _add(client, organisation, **data):
    return client.post(reverse("buyers:letter_recipient_add", args=[organisation.pk]),
                       {"name": "Groen & Schoon B.V.", "kvk": "1122 3344",
                        "sent_on": f"{timezone.localdate() - dt.timedelta(days=30):%d-%m-%Y}",
                        **data})


def _row(page: str, name: str) -> str:
    match = re.search(r"<tr>\s*<th scope=\"row\">" + re.escape(name) + r"</th>(.*?)</tr>",
                      page, re.S)
    assert match, name
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1)))


def test_a_colleague_records_a_recipient_and_it_is_listed(login, bob, organisation):
    certify()
    client = login(bob)
    response = _add(client, organisation)
    assert response.status_code == 302
    assert response["Location"].endswith("#ontvangers")
    recipient = LetterRecipient.objects.get(organisation=organisation)
    assert recipient.kvk == "11223344"
    assert AuditEvent.objects.filter(action="letter_recipient_add",
                                      subject_id=recipient.pk).exists()
    page = client.get(reverse("buyers:letter", args=[organisation.pk])).content.decode()
    assert "Groen &amp; Schoon B.V." in page
    assert f"{recipient.sent_on:%d-%m-%Y}" in page


def test_the_same_supplier_twice_is_refused_with_a_field_message(login, alice, organisation):
    client = login(alice)
    _add(client, organisation)
    response = _add(client, organisation, name="Ander naam")
    assert response.status_code == 200
    assert "al vastgelegd" in response.content.decode()
    assert organisation.letter_recipients.count() == 1
    with pytest.raises(ValidationError) as error:
        letter_recipient_add(organisation=organisation, by=alice, name="X", kvk="11223344",
                             sent_on=timezone.localdate())
    assert "kvk" in error.value.message_dict


def test_a_future_sending_date_is_refused(login, alice, organisation):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = _add(login(alice), organisation, sent_on=f"{tomorrow:%d-%m-%Y}")
    assert response.status_code == 200
    assert "ligt in de toekomst" in response.content.decode()
    assert not organisation.letter_recipients.exists()
    with pytest.raises(ValidationError) as error:
        letter_recipient_add(organisation=organisation, by=alice, name="X", kvk="11223344",
                             sent_on=tomorrow)
    assert "sent_on" in error.value.message_dict


def test_a_wrong_kvk_number_is_refused(login, alice, organisation):
    response = _add(login(alice), organisation, kvk="1234")
    assert "Een KvK-nummer bestaat uit 8 cijfers." in response.content.decode()
    assert not organisation.letter_recipients.exists()


def test_the_register_says_since_when_each_recipient_is_certified(login, alice, organisation):
    today = timezone.localdate()
    sent = today - dt.timedelta(days=100)
    # Certified after the letter: since its start.
    certificate(name="Later B.V.", kvks=["11111111"], start=today - dt.timedelta(days=40))
    # Certified long before the letter and still in force.
    certificate(name="Eerder B.V.", kvks=["22222222"], start=today - dt.timedelta(days=300))
    # A certificate withdrawn on its first day never counted.
    start = today - dt.timedelta(days=20)
    certificate(name="Nooit B.V.", kvks=["33333333"], start=start, revoked_on=start)
    for name, kvk in (("Later B.V.", "11111111"), ("Eerder B.V.", "22222222"),
                      ("Nooit B.V.", "33333333"), ("Niets B.V.", "44444444")):
        letter_recipient_add(organisation=organisation, by=alice, name=name, kvk=kvk,
                             sent_on=sent)
    page = login(alice).get(reverse("buyers:letter", args=[organisation.pk])).content.decode()
    later = _row(page, "Later B.V.")
    assert f"{today - dt.timedelta(days=40):%d-%m-%Y}" in later and "geldig" in later
    earlier = _row(page, "Eerder B.V.")
    assert f"al vóór de brief (sinds {today - dt.timedelta(days=300):%d-%m-%Y})" in earlier
    assert "nog niet gecertificeerd" in _row(page, "Nooit B.V.")
    assert "geen geldig certificaat" in _row(page, "Nooit B.V.")
    nothing = _row(page, "Niets B.V.")
    assert "nog niet gecertificeerd" in nothing and "geen geldig certificaat" in nothing


def test_an_expired_certificate_after_the_letter_still_says_since_but_not_valid(alice,
                                                                                organisation):
    today = timezone.localdate()
    start = today - dt.timedelta(days=900)
    certificate(name="Verlopen B.V.", kvks=["11111111"], start=start,
                end=today - dt.timedelta(days=2))
    letter_recipient_add(organisation=organisation, by=alice, name="Verlopen B.V.",
                         kvk="11111111", sent_on=today - dt.timedelta(days=1000))
    [line] = recipient_lines(organisation, on=today)
    assert line.certified_since == start
    assert line.status is None


def test_the_list_reads_the_register_in_a_fixed_number_of_queries(alice, organisation,
                                                                  django_assert_num_queries):
    today = timezone.localdate()
    for index in range(2):
        letter_recipient_add(organisation=organisation, by=alice, name=f"L{index}",
                             kvk=f"1000000{index}", sent_on=today)
    with django_assert_num_queries(3):
        assert len(recipient_lines(organisation, on=today)) == 2
    for index in range(2, 8):
        certificate(name=f"L{index}", kvks=[f"1000000{index}"], start=today)
        letter_recipient_add(organisation=organisation, by=alice, name=f"L{index}",
                             kvk=f"1000000{index}", sent_on=today)
    with django_assert_num_queries(3):
        assert len(recipient_lines(organisation, on=today)) == 8


def test_a_recipient_is_deleted_with_an_audit_row(login, alice, organisation):
    recipient = letter_recipient_add(organisation=organisation, by=alice, name="Weg B.V.",
                                     kvk="11223344", sent_on=timezone.localdate())
    response = login(alice).post(reverse("buyers:letter_recipient_delete",
                                         args=[organisation.pk, recipient.pk]))
    assert response.status_code == 302
    assert not LetterRecipient.objects.filter(pk=recipient.pk).exists()
    assert AuditEvent.objects.filter(action="letter_recipient_delete",
                                     subject_id=recipient.pk).exists()


def test_an_outsider_gets_404_when_deleting_another_organisations_recipient(login, alice,
                                                                            charlie,
                                                                            organisation):
    recipient = letter_recipient_add(organisation=organisation, by=alice, name="Blijft B.V.",
                                     kvk="11223344", sent_on=timezone.localdate())
    client = login(charlie)
    own = charlie.memberships.get().organisation
    for organisation_id in (organisation.pk, own.pk):
        response = client.post(reverse("buyers:letter_recipient_delete",
                                        args=[organisation_id, recipient.pk]))
        assert response.status_code == 404
    assert LetterRecipient.objects.filter(pk=recipient.pk).exists()


def test_recipients_are_kept_and_listed_without_a_certificate_in_force(login, alice,
                                                                      organisation):
    letter_recipient_add(organisation=organisation, by=alice, name="Oud B.V.",
                         kvk="11223344", sent_on=timezone.localdate())
    page = login(alice).get(reverse("buyers:letter", args=[organisation.pk])).content.decode()
    assert "Oud B.V." in page and "Ontvanger vastleggen" in page


def _paste(client, organisation, lines, **data):
    return client.post(reverse("buyers:letter_recipients_add", args=[organisation.pk]),
                       {"lines": lines, "list_sent_on": f"{timezone.localdate():%d-%m-%Y}",
                        **data})


def test_a_pasted_list_records_every_supplier_on_one_day(login, alice, organisation):
    response = _paste(login(alice), organisation,
                      "11111111;Een B.V.\r\n2222 2222\tTwee, en co B.V.\r\n\r\n")
    assert response.status_code == 302
    assert sorted(organisation.letter_recipients.values_list("kvk", "name")) == [
        ("11111111", "Een B.V."), ("22222222", "Twee, en co B.V.")]
    assert AuditEvent.objects.filter(action="letter_recipients_add").exists()


def test_a_pasted_list_with_errors_records_nothing_and_names_the_lines(login, alice,
                                                                       organisation):
    letter_recipient_add(organisation=organisation, by=alice, name="Al B.V.", kvk="33333333",
                         sent_on=timezone.localdate())
    client = login(alice)
    page = _paste(client, organisation, "11111111;Een B.V.\n1234;Kort\n11111111;Dubbel\n"
                  "44444444").content.decode()
    assert "Regel 2: het KvK-nummer moet 8 cijfers zijn." in page
    assert "Regel 3: KvK-nummer 11111111 staat al in de lijst." in page
    assert "Regel 4: zet na het KvK-nummer een puntkomma en de naam" in page
    page = _paste(client, organisation, "11111111;Een B.V.\n33333333;Al B.V.").content.decode()
    assert "Al vastgelegd: 33333333" in page
    assert organisation.letter_recipients.count() == 1


def test_a_pasted_list_is_bounded_in_lines(login, alice, organisation):
    lines = "\n".join(f"{10000000 + n};Leverancier {n}" for n in range(201))
    page = _paste(login(alice), organisation, lines).content.decode()
    assert "hoogstens 200 tegelijk" in page
    assert not organisation.letter_recipients.exists()


def test_a_pasted_list_gives_at_most_ten_line_messages(login, alice, organisation):
    page = _paste(login(alice), organisation, "\n".join(["1;X"] * 13)).content.decode()
    assert "Regel 10:" in page and "Regel 11:" not in page
    assert "En nog 3 regels met een fout." in page
