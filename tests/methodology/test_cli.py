"""The real ``pso`` command, run as a subprocess (assessment-format.md, "pso score" output)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .builders import doc, purchase, row
from .test_refusals import _DELETE, REFUSALS, _base, _set

PSO = Path(sys.executable).with_name("pso")
EXAMPLES = Path(__file__).parents[3] / "shared" / "domain" / "examples"
INPUTS = sorted(p for p in EXAMPLES.glob("*.json") if not p.name.endswith(".expected.json"))


def pso(*args, stdin=None):
    return subprocess.run(  # noqa: S603 - our own command with test-made arguments
        [str(PSO), *map(str, args)], input=stdin, capture_output=True, timeout=60, check=False
    )


def _contains(expected, actual, path=""):
    """Every key of ``expected`` is in ``actual`` with an equal value (output may have more)."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), path
        for key, value in expected.items():
            assert key in actual, f"{path}.{key} missing"
            _contains(value, actual[key], f"{path}.{key}")
    else:
        assert actual == expected, f"{path}: {actual!r} != {expected!r}"


def _refused(result):
    assert result.returncode == 2
    assert result.stdout == b""
    err = result.stderr.decode()
    assert "Traceback" not in err
    return err.splitlines()


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_it_scores_each_shared_example_as_expected(path):
    result = pso("score", path)
    assert result.returncode == 0, result.stderr.decode()
    assert result.stderr == b""
    expected = json.loads(path.with_name(path.name.replace(".json", ".expected.json")).read_text())
    _contains(expected, json.loads(result.stdout))


def test_one_file_gives_indented_json():
    out = pso("score", INPUTS[0]).stdout.decode()
    assert out.startswith("{\n ") and json.loads(out)["handbook"] == "2.2"


def test_several_files_give_one_json_object_per_line_in_order():
    result = pso("score", *INPUTS, INPUTS[0])
    assert result.returncode == 0
    lines = result.stdout.decode().splitlines()
    assert len(lines) == len(INPUTS) + 1
    for path, line in zip([*INPUTS, INPUTS[0]], lines, strict=True):
        expected = json.loads(
            path.with_name(path.name.replace(".json", ".expected.json")).read_text()
        )
        _contains(expected, json.loads(line))


def test_a_dash_reads_standard_input():
    result = pso("score", "-", stdin=INPUTS[1].read_bytes())
    assert result.returncode == 0
    assert json.loads(result.stdout)["direct_pct"] == "9.00"


def test_explain_adds_the_trace_and_rows():
    result = pso("score", "--explain", INPUTS[0])
    explanation = json.loads(result.stdout)["explanation"]
    figures = [step["figure"] for step in explanation["steps"]]
    assert "direct_fte" in figures and "level" in figures
    assert [r["ref"] for r in explanation["rows"]] == ["D-001", "D-002", "D-003"]


# -- refusals ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def refusal_run(tmp_path_factory):
    """Every refusal as its own file, scored in one run: stderr names each file's field."""
    directory = tmp_path_factory.mktemp("refusals")
    files = []
    for n, (where, value, _, _) in enumerate(REFUSALS):
        d = _base()
        _set(where, value)(d)
        path = directory / f"case{n:03d}.json"
        path.write_text(json.dumps(d), encoding="utf-8")
        files.append(path)
    return pso("score", *files)


@pytest.mark.parametrize(("n", "case"), list(enumerate(REFUSALS)), ids=lambda x: str(x))
def test_every_refusal_exits_2_with_nothing_on_stdout_and_the_path_on_stderr(refusal_run, n, case):
    lines = _refused(refusal_run)
    _, _, path, _ = case
    mine = [line for line in lines if f"case{n:03d}.json: " in line]
    assert any(f"case{n:03d}.json: {path}: " in line for line in mine), (path, mine)


def test_a_single_bad_file_prints_path_and_reason_without_a_prefix(tmp_path):
    d = doc(row("A"), row("B"), row("C"), row("D", hours_per_week="81"))
    f = tmp_path / "bad.json"
    f.write_text(json.dumps(d))
    assert _refused(pso("score", f)) == ["target_group[3].hours_per_week: must be between 0 and 80"]


def test_one_bad_file_among_several_means_no_output_at_all(tmp_path):
    bad = tmp_path / "bad.json"
    d = _base()
    _set("workforce.total_fte", _DELETE)(d)
    bad.write_text(json.dumps(d))
    lines = _refused(pso("score", INPUTS[0], bad, INPUTS[1]))
    assert lines == [f"{bad}: workforce.total_fte: missing required value"]


def test_d_above_t_is_refused_by_the_command(tmp_path):
    f = tmp_path / "d.json"
    f.write_text(json.dumps(doc(row("A"), row("B"), row("C"), total_fte="2")))
    (line,) = _refused(pso("score", f))
    assert line.startswith("target_group: the weighted target-group fte D (3.0000) is greater")


def test_a_purchase_without_supplier_figures_is_refused_by_the_command(tmp_path):
    f = tmp_path / "p.json"
    f.write_text(json.dumps(doc(row(), purchases=(purchase(supplier_turnover=None),))))
    assert _refused(pso("score", f)) == [
        "purchases[0].supplier_turnover: missing required value "
        "(only the web app fills it from the register)"
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not JSON: the input is empty"),
        (b'{"format": ', "not JSON (line 1, column 12)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not JSON"),
        (b"[1, 2]", "must be an object"),
        (b'"pso"', "must be an object"),
    ],
)
def test_text_that_is_not_an_assessment_is_refused(tmp_path, content, message):
    f = tmp_path / "x.json"
    f.write_bytes(content)
    (line,) = _refused(pso("score", f))
    assert line.startswith(f"{f}: ") and message in line


def test_empty_standard_input_is_refused():
    assert _refused(pso("score", "-", stdin=b"")) == ["<stdin>: not JSON: the input is empty"]


def test_a_missing_file_or_a_directory_is_refused(tmp_path):
    lines = _refused(pso("score", tmp_path / "nope.json", tmp_path))
    assert lines == [
        f"{tmp_path / 'nope.json'}: cannot read: No such file or directory",
        f"{tmp_path}: cannot read: Is a directory",
    ]


def test_bad_usage_exits_2_without_a_traceback():
    for args in (["score"], ["frobnicate"], ["dates"], ["dates", "--submitted", "15-08-2025"]):
        result = pso(*args)
        assert result.returncode == 2 and result.stdout == b""
        assert b"Traceback" not in result.stderr


# -- handbook and dates ------------------------------------------------------------------------


def test_handbook_list_names_the_versions():
    result = pso("handbook", "list")
    assert result.returncode == 0
    assert "2.2    from 2024-04-01" in result.stdout.decode()
    versions = [v["version"] for v in json.loads(pso("handbook", "list", "--json").stdout)]
    assert "2.2" in versions


def test_handbook_show_prints_norms_weights_and_fees():
    text = pso("handbook", "show", "2.2").stdout.decode()
    assert "    14*         4.7         6.3         8.2        13.5" in text
    assert "    50          2.3         3.0         3.7         6.8" in text
    assert "bbl_bol_1" in text and "0.75 (provisional)" in text
    assert "1575.00" in text and "21 % VAT" in text


def test_handbook_show_json_holds_the_whole_handbook():
    data = json.loads(pso("handbook", "show", "2.2", "--json").stdout)
    assert data["version"] == "2.2" and len(data["norm_rows"]) == 104
    assert data["categories"]["ww"]["weight"] == "0.75"


def test_handbook_show_refuses_an_unknown_version():
    (line,) = _refused(pso("handbook", "show", "1.0"))
    assert "unknown handbook version '1.0'" in line


def test_dates_follow_rule_book_example_4():
    text = pso("dates", "--submitted", "2025-08-15").stdout.decode()
    for expected in [
        "certificate start        2025-09-01",
        "certificate end          2027-08-31",
        "expiry notice            2027-06-01",
        "first invoice            2025-08-29",
        "first invoice due        2025-09-12",
        "second invoice           2026-08-15",
        "second invoice due       2026-08-29",
    ]:
        assert expected in text
    data = json.loads(pso("dates", "--submitted", "2025-08-15", "--json").stdout)
    assert data["cancellation_window"] == {"first": "2025-08-15", "last": "2025-11-14"}


def test_dates_before_any_handbook_are_refused():
    (line,) = _refused(pso("dates", "--submitted", "2020-01-01"))
    assert "no handbook in force on 2020-01-01" in line


def test_target_group_staff_above_the_total_fte_are_refused_with_both_figures():
    d = doc(row("R-1", category="wajong", contract="secondment", hours_per_week="22"),
            row("R-2", category="wajong", contract="secondment", hours_per_week="22"),
            total_fte="1.00")  # fmt: skip
    lines = _refused(pso("score", "-", stdin=json.dumps(d).encode()))
    assert lines == [
        "target_group: the target-group staff add up to 1.1000 fte, more than the total fte "
        "T (1.00) they are part of: check their hours per week (step 3C) or the total fte "
        "(step 3B)"
    ]
