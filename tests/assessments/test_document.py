import datetime as dt

import pytest

from psoportal.assessments.document import rekentool_document
from psoportal.assessments.services import rekentool_import_document
from psoportal.methodology.assessment import assessment_to_dict, parse_assessment
from psoportal.methodology.output import score_to_dict
from psoportal.methodology.scoring import score
from tests.assessments.conftest import example

pytestmark = pytest.mark.django_db

EXAMPLES = [
    "01-trede2-mixed", "02-exactly-on-norm", "03-indirect-cap", "04-pso30plus",
    "05-aspirant", "06-counting-period-ends",
]


def test_a_rekentool_becomes_the_document_the_engine_scores(rekentool, all_yes):
    rekentool.qualitative = all_yes
    rekentool.save()
    document = rekentool_document(rekentool, on=dt.date(2025, 8, 15))
    assert document["format"] == "pso-assessment/1"
    assert document["peiljaar"] == {"start": "2024-01-01", "end": "2024-12-31"}
    result = score_to_dict(score(parse_assessment(document)))
    assert result["direct_fte"] == "2.6000"
    assert result["level"] == "trede_2"


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_worked_example_survives_import_and_export_unchanged(name, rekentool, alice):
    document = example(name)
    rekentool_import_document(rekentool=rekentool, user=alice, document=document)
    exported = rekentool_document(rekentool, on=dt.date.fromisoformat(document["date"]))
    # The organisation scope belongs to step 1 and is never imported.
    exported["organisation"] = document["organisation"]
    assert assessment_to_dict(parse_assessment(exported)) == assessment_to_dict(
        parse_assessment(document)
    )


def test_importing_keeps_the_organisation_scope(rekentool, alice, organisation):
    document = example("03-indirect-cap")
    document["organisation"]["name"] = "Iemand Anders B.V."
    rekentool_import_document(rekentool=rekentool, user=alice, document=document)
    exported = rekentool_document(rekentool, on=dt.date(2025, 8, 15))
    assert exported["organisation"]["name"] == organisation.name
    assert exported["organisation"]["kvk"] == organisation.kvk
