import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_serves_the_home_page_in_dutch_by_default(client):
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    assert response["Content-Language"] == "nl"
    content = response.content.decode()
    assert '<html lang="nl">' in content
    assert "Prestatieladder Socialer Ondernemen" in content
    for label in ["Account aanmaken", "Inloggen", "Bekijk het PSO-register"]:
        assert label in content


def test_it_explains_every_step_of_the_ladder(client):
    content = client.get(reverse("core:home")).content.decode()
    for level in ["Aspirant-status", "Basistrede", "Trede 1", "Trede 2", "Trede 3", "PSO 30+"]:
        assert level in content


def test_it_switches_to_english_with_a_post_and_no_javascript(client):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "/"}, follow=True
    )
    content = response.content.decode()
    assert '<html lang="en">' in content
    assert "Create account" in content
    assert "Measure and show how socially your organisation operates" in content


def test_it_has_a_skip_link_and_landmarks(client):
    content = client.get(reverse("core:home")).content.decode()
    assert 'class="skip-link" href="#main"' in content
    for landmark in ["<header", "<nav", '<main id="main"', "<footer"]:
        assert landmark in content


def test_it_links_privacy_and_terms_from_the_footer(client):
    content = client.get(reverse("core:home")).content.decode()
    assert reverse("core:privacy") in content
    assert reverse("core:terms") in content
    for name in ["core:privacy", "core:terms", "core:accessibility", "register:search"]:
        assert client.get(reverse(name)).status_code == 200


def test_it_sends_a_strict_content_security_policy(client):
    policy = client.get(reverse("core:home"))["Content-Security-Policy"]
    for directive in [
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]:
        assert directive in policy
    assert "unsafe-inline" not in policy


def test_it_contains_no_inline_javascript(client):
    content = client.get(reverse("core:home")).content.decode()
    assert "<script>" not in content
    assert " onclick=" not in content


def test_it_ignores_the_browsers_language_until_english_is_chosen(client):
    response = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="nl">' in response.content.decode()
