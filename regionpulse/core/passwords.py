"""Password complexity (等保: 口令复杂度): characters of several kinds, besides Django's length,
similarity, common-password and all-digit checks."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

KINDS = (
    ("大写字母", str.isupper),
    ("小写字母", str.islower),
    ("数字", str.isdigit),
    ("符号", lambda char: not char.isalnum()),
)


class CharacterClassesValidator:
    """At least ``classes`` of: upper-case letters, lower-case letters, digits, symbols."""

    def __init__(self, classes: int = 3) -> None:
        self.classes = classes

    def validate(self, password: str, user: Any = None) -> None:
        present = sum(1 for _, test in KINDS if any(test(char) for char in password))
        if present < self.classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self) -> str:
        kinds = "、".join(name for name, _ in KINDS)
        return f"密码须包含{kinds}中的至少{self.classes}种。"
