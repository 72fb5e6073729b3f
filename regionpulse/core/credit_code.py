"""The 统一社会信用代码 (unified social credit code) of GB 32100-2015 and its check character."""

from django.core.exceptions import ValidationError

# The code's alphabet leaves out I, O, S, V and Z, which are easy to misread.
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
LENGTH = 18


def check_character(first17: str) -> str:
    total = sum(ALPHABET.index(char) * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def credit_code_problem(code: str) -> str | None:
    """Why ``code`` is not a valid credit code, in Chinese; None when it is valid."""
    if len(code) != LENGTH:
        return f"统一社会信用代码应为18位，“{code}”为{len(code)}位"
    bad = [char for char in code if char not in ALPHABET]
    if bad:
        return f"统一社会信用代码“{code}”含有不允许的字符“{bad[0]}”（只用数字和除I、O、S、V、Z外的大写字母）"
    expected = check_character(code[:17])
    if code[17] != expected:
        return f"统一社会信用代码“{code}”校验位错误：第18位应为“{expected}”，实为“{code[17]}”"
    return None


def normalise_credit_code(code: str) -> str:
    return code.strip().upper().replace(" ", "")


def validate_credit_code(code: str) -> None:
    problem = credit_code_problem(normalise_credit_code(code))
    if problem:
        raise ValidationError(problem, code="invalid_credit_code")
