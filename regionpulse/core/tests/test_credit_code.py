"""The 统一社会信用代码 of GB 32100-2015: 18 characters, the last a check character."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from regionpulse.conftest import World
from regionpulse.core.credit_code import check_character, credit_code_problem, validate_credit_code
from regionpulse.core.models import Enterprise

# The standard's definition, written out again here so that the test does not trust the code under test.
STANDARD_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
STANDARD_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def standard_check(first17: str) -> str:
    remainder = sum(STANDARD_ALPHABET.index(c) * w for c, w in zip(first17, STANDARD_WEIGHTS, strict=True)) % 31
    return STANDARD_ALPHABET[(31 - remainder) % 31]


# Codes printed on real business licences; each one's check character agrees with standard_check.
PUBLISHED = ["91350100M000100Y43", "91110000600037341L", "91110108551385082Q", "914403001922038216"]


@pytest.mark.parametrize("code", PUBLISHED)
def test_published_codes_satisfy_the_standard_and_are_accepted(code: str) -> None:
    assert standard_check(code[:17]) == code[17]
    assert check_character(code[:17]) == code[17]
    assert credit_code_problem(code) is None
    validate_credit_code(code)


@given(st.text(alphabet=STANDARD_ALPHABET, min_size=17, max_size=17))
def test_the_check_character_agrees_with_the_standard_for_any_code(first17: str) -> None:
    assert check_character(first17) == standard_check(first17)
    assert credit_code_problem(first17 + standard_check(first17)) is None


def test_it_accepts_lower_case_and_spaces_as_the_same_code() -> None:
    validate_credit_code(" 91350100m000100y43 ")


def test_it_refuses_a_wrong_check_character_naming_the_expected_one() -> None:
    problem = credit_code_problem("91350100M000100Y44")
    assert problem is not None
    assert "校验位" in problem
    assert "应为“3”" in problem
    with pytest.raises(ValidationError) as error:
        validate_credit_code("91350100M000100Y44")
    assert "校验位" in error.value.messages[0]


@pytest.mark.parametrize("code", ["91350100M000100Y4", "91350100M000100Y433", ""])
def test_it_refuses_a_code_of_the_wrong_length(code: str) -> None:
    problem = credit_code_problem(code)
    assert problem is not None
    assert "应为18位" in problem
    assert f"为{len(code)}位" in problem


@pytest.mark.parametrize("letter", ["I", "O", "S", "V", "Z"])
def test_it_refuses_letters_the_standard_leaves_out(letter: str) -> None:
    code = f"91350100M{letter}00100Y43"
    problem = credit_code_problem(code)
    assert problem is not None
    assert f"不允许的字符“{letter}”" in problem


def test_enterprise_full_clean_refuses_a_wrong_code_on_its_credit_code_field(world: World) -> None:
    enterprise = Enterprise(region=world.district, name="包头某某有限公司", credit_code="91350100M000100Y44")
    with pytest.raises(ValidationError) as error:
        enterprise.full_clean()
    assert "credit_code" in error.value.message_dict
    assert "校验位" in error.value.message_dict["credit_code"][0]


def test_enterprise_full_clean_accepts_and_normalises_a_valid_code(world: World) -> None:
    enterprise = Enterprise(region=world.district, name="包头某某有限公司", credit_code="91350100m000100y43")
    enterprise.full_clean()
    assert enterprise.credit_code == "91350100M000100Y43"
