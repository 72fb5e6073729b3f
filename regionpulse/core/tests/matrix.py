"""The machinery of the authorisation matrix: rows, the URL each names, and the answer a response gives.

A row names a URL (by its resolver name), the record or arguments it is asked with, and the expected
answer for each caller, in the order of ``CALLERS``. An answer is written as

    200 403 404 405   that status
    LOG               a redirect to the login page (a page asked anonymously)
    ADM               a redirect to the admin site's login page
    ANON              401 or 403 (the API asked anonymously)
    STAFF             served by the admin site to a staff member: 200, or its own refusal (403, 404,
                      405), or a redirect inside the admin site other than to its login page
    >name             a redirect to a location that the pattern ``redirects[name]`` matches whole
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponseBase
from django.urls import reverse

from regionpulse.core.tests.scenario import USERNAMES, Scenario

ANONYMOUS = "anon"
CALLERS = (ANONYMOUS, *USERNAMES)
LOGIN, ADMIN_LOGIN, API_REFUSED, STAFF = "LOG", "ADM", "ANON", "STAFF"
LOGIN_PREFIX = "/accounts/login/?next="
ADMIN_LOGIN_PREFIX = "/admin/login/?next="


@dataclass(frozen=True)
class Row:
    key: str
    target: str  # "pk=@project code=150203 ?period=2022-06": @name is a record of the scenario
    answers: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.key}[{self.target}]" if self.target else self.key

    def answer_for(self, caller: str) -> str:
        return self.answers[CALLERS.index(caller)]

    def url(self, scenario: Scenario) -> str:
        arguments, _, query = self.target.partition("?")
        kwargs: dict[str, Any] = {}
        for part in arguments.split():
            name, _, value = part.partition("=")
            kwargs[name] = scenario.pk(value[1:]) if value.startswith("@") else value
        path = reverse(self.key, kwargs=kwargs)
        return f"{path}?{query.strip()}" if query.strip() else path


def rows_of(matrix: Mapping[str, Mapping[str, str]]) -> list[Row]:
    """The rows of a table written as {URL name: {target: answers}}."""
    rows = []
    for key, targets in matrix.items():
        for target, answers in targets.items():
            codes = tuple(answers.split())
            if len(codes) != len(CALLERS):
                raise ValueError(f"{key}[{target}]: {len(codes)} answers for the {len(CALLERS)} callers {CALLERS}")
            rows.append(Row(key, target, codes))
    return rows


def answer_of(response: HttpResponseBase, redirects: Mapping[str, str]) -> str:
    """How the matrix writes what ``response`` answered."""
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith(LOGIN_PREFIX):
            return LOGIN
        if location.startswith(ADMIN_LOGIN_PREFIX):
            return ADMIN_LOGIN
        for name, pattern in redirects.items():
            if re.fullmatch(pattern, location):
                return f">{name}"
        return f"{response.status_code} to {location}"
    return str(response.status_code)


def agrees(expected: str, actual: str) -> bool:
    if expected == API_REFUSED:
        return actual in ("401", "403")
    if expected == STAFF:
        inside = actual.startswith(">a") or re.fullmatch(r"30[12] to /admin/.*", actual) is not None
        return actual in ("200", "403", "404", "405") or inside
    return expected == actual
