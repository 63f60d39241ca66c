"""The OpenAPI 3 document at /api/v1/openapi.json is valid and follows the NL API Design Rules
(the rules of Logius' ADR linter, written out here); the docs page at /api/v1/docs loads Swagger
UI from this site."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.staticfiles import finders
from openapi_spec_validator import validate

from psoportal.register.api.conf import API_VERSION
from tests.register.api_support import BASE

pytestmark = pytest.mark.django_db

# ADR /core/naming: lowerCamelCase members. The score endpoint's document and result are the
# pso-assessment/1 format and the pso score output, whose own names are snake_case.
FORMAT_SCHEMAS = {"Assessment", "Score"}
LOWER_CAMEL = re.compile(r"^[a-z][a-zA-Z0-9]*$")
# The ADR linter's paths-kebab-case pattern.
KEBAB_PATH = re.compile(
    r"^(\/|(\/_[a-z]+|\/(([a-z\-]+|{[a-z]+})(\/([a-z\-\.]+|{[a-z]+}))*)(\/_[a-z]+)?)\/?)$")


@pytest.fixture
def document(client):
    response = client.get(f"{BASE}/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Access-Control-Allow-Origin"] == "*"
    return json.loads(response.content)


def responses(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            for status, response in operation["responses"].items():
                yield path, method, int(status), response


def test_the_document_is_a_valid_openapi_3_document(document):
    validate(document)
    assert document["openapi"].startswith("3.")


def test_the_major_version_is_in_the_uri_and_the_full_one_in_info(document):
    assert [server["url"] for server in document["servers"]] == [BASE]
    assert document["info"]["version"] == API_VERSION
    assert re.fullmatch(r"\d+\.\d+\.\d+", API_VERSION)


def test_the_document_names_a_contact(document):
    assert set(document["info"]["contact"]) >= {"name", "url", "email"}


def test_every_response_documents_the_api_version_header(document):
    missing = [(path, method, status) for path, method, status, response in responses(document)
               if "API-Version" not in response.get("headers", {})]
    assert missing == []


def test_every_error_is_documented_as_problem_json(document):
    wrong = [(path, method, status) for path, method, status, response in responses(document)
             if status >= 400 and list(response["content"]) != ["application/problem+json"]]
    assert wrong == []
    assert {status for _p, _m, status, _r in responses(document) if status >= 400} >= {
        400, 404, 405, 413, 422, 429, 500}


def test_the_rate_limit_answer_documents_retry_after(document):
    assert all("Retry-After" in response["headers"]
               for _p, _m, status, response in responses(document) if status == 429)


def test_paths_are_kebab_case_without_a_trailing_slash(document):
    for path in document["paths"]:
        assert KEBAB_PATH.match(path), path
        assert path == "/" or not path.endswith("/"), path


def test_it_is_read_only_with_post_only_for_the_two_computations(document):
    methods = {(path, method) for path, item in document["paths"].items() for method in item}
    assert {pair for pair in methods if pair[1] != "get"} == {("/check/bulk", "post"),
                                                               ("/score", "post")}


def test_parameters_and_members_are_lower_camel_case(document):
    names = [parameter["name"] for item in document["paths"].values()
             for operation in item.values() for parameter in operation.get("parameters", [])]
    for name, schema in document["components"]["schemas"].items():
        assert re.fullmatch(r"[A-Z][a-zA-Z0-9]*", name), name  # schema names: PascalCase
        if name not in FORMAT_SCHEMAS:
            names += list(schema.get("properties", {}))
    # The one exception: the check's min_level, the spelling of the URL issue 12 published.
    assert [name for name in names if not LOWER_CAMEL.match(name)] == ["min_level"]


def test_the_register_shows_an_explicit_field_list_and_nothing_confidential(document):
    schemas = document["components"]["schemas"]
    entry = {"number", "kind", "organisationName", "place", "kvkNumbers", "level", "pso30plus",
             "start", "end", "institution", "status", "verificationUrl"}
    assert set(schemas["Entry"]["properties"]) == entry
    assert set(schemas["Certificate"]["properties"]) == entry | {
        "handbookVersion", "supersededBy", "date"}
    assert set(schemas["CertificateRef"]["properties"]) == {
        "number", "organisationName", "level", "start", "end", "status", "verificationUrl"}
    members = {member.lower() for name in schemas.keys() - FORMAT_SCHEMAS
               for member in schemas[name].get("properties", {})}
    assert [m for m in members if re.search("turnover|fte|supplier|reason|application", m)] == []


def test_the_docs_page_loads_swagger_ui_from_this_site(client):
    response = client.get(f"{BASE}/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "http://" not in html and "https://" not in html and "//cdn" not in html
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
    assert {"/static/ninja/swagger-ui-bundle.js", "/static/ninja/swagger-ui.css"} <= set(assets)
    for asset in assets:  # shipped by django-ninja, collected with the site's static files
        assert finders.find(asset.removeprefix("/static/")), asset
    # The site's own CSP: nothing inline may run, so Swagger UI must not need it.
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert '"url": "/api/v1/openapi.json"' in html


def test_the_document_and_the_docs_answer_get_only(client):
    for path in ("/openapi.json", "/docs"):
        response = client.post(BASE + path)
        assert response.status_code == 405
        assert response["Content-Type"].startswith("application/problem+json")
