import pytest

pytestmark = pytest.mark.django_db


def test_it_sends_anonymous_visitors_of_the_admin_to_a_login(client):
    response = client.get("/beheer/", follow=True)
    # Through the admin's login URL to the one login with a second factor, never the admin's.
    assert response.redirect_chain[-1] == ("/account/inloggen/?next=/beheer/", 302)
    assert response.request["PATH_INFO"] == "/account/inloggen/"


def test_it_keeps_applicants_out_of_the_admin(client, alice):
    client.force_login(alice)
    response = client.get("/beheer/")
    assert response.status_code == 302
    assert "/account/inloggen/" in response["Location"]


def test_it_lets_pso_staff_into_the_admin(client, bo, login):
    bo.is_superuser = True
    bo.save()
    login(bo)
    response = client.get("/beheer/")
    assert response.status_code == 200
    assert response.context["available_apps"]


def test_staff_read_the_audit_trail_but_cannot_change_it(client, bo, alice, login):
    from psoportal.core.audit import audit_record

    bo.is_superuser = True
    bo.save()
    event = audit_record(actor=alice, action="entity_add", organisation_id=1)
    login(bo)
    listing = client.get("/beheer/core/auditevent/")
    assert "entity_add" in listing.content.decode()
    assert client.get("/beheer/core/auditevent/add/").status_code == 403
    assert client.post(f"/beheer/core/auditevent/{event.pk}/delete/").status_code == 403
