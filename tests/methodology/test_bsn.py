import pytest

from psoportal.methodology.bsn import find_bsns, is_valid_bsn


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("111222333", True),  # 9+16+21+12+15+12+9+6-3 = 99 = 9 × 11
        ("123456782", True),
        ("123456789", False),
        ("12345678", False),
        ("1234567820", False),
        ("12345678a", False),
        ("١٢٣٤٥٦٧٨٢", False),  # Arabic-Indic digits are not a BSN
    ],
)
def test_it_applies_the_eleven_test(text, valid):
    assert is_valid_bsn(text) is valid


@pytest.mark.parametrize(
    ("ref", "found"),
    [
        ("D-001", []),
        ("123456782", ["123456782"]),
        ("emp-123456782-x", ["123456782"]),
        ("a111222333b123456782", ["111222333", "123456782"]),
        ("order 1234567820", []),  # ten digits: part of a longer number
        ("123456789", []),  # nine digits failing the test
    ],
)
def test_it_finds_bsn_shaped_numbers_inside_a_reference(ref, found):
    assert find_bsns(ref) == found
