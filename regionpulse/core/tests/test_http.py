"""HTTP hardening: security headers with a script policy that forbids inline script, CSRF on
forms, error pages that show no stack trace, and the API's rate limit."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path, reverse
from rest_framework.throttling import UserRateThrottle

from regionpulse.conftest import World
from regionpulse.urls import urlpatterns as real_urls


def test_every_page_carries_the_security_headers(world: World) -> None:
    page = world.client_for(world.leader).get(reverse("cockpit:home"))
    policy = page["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert page["X-Frame-Options"] == "DENY"
    assert page["X-Content-Type-Options"] == "nosniff"
    assert page["Referrer-Policy"] == "same-origin"
    assert page["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize("name", ["cockpit:home", "projects:project-list", "desk:request-list", "bulletins:list"])
def test_pages_run_no_inline_script(world: World, name: str) -> None:
    html = world.client_for(world.leader).get(reverse(name)).content.decode()
    scripts = re.findall(r"<script\b([^>]*)>", html)
    inline = [attributes for attributes in scripts if "src=" not in attributes and "application/json" not in attributes]
    assert not inline
    assert not re.search(r"\son(click|change|submit|load)=", html)


def test_a_form_posted_without_its_csrf_token_is_refused(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.statistician)
    answer = client.post(reverse("password_change"), {"old_password": "x"})
    assert answer.status_code == 403


def test_a_missing_page_says_so_in_chinese(world: World) -> None:
    answer = world.client_for(world.leader).get("/projects/999999/")
    assert answer.status_code == 404
    assert "页面不存在" in answer.content.decode()


def _broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("secret internals: /srv/regionpulse/settings.py")


urlpatterns = [path("broken/", _broken), *real_urls]


@pytest.mark.urls(__name__)
def test_an_error_shows_no_stack_trace(world: World, settings: Any) -> None:
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    client.force_login(world.leader)
    answer = client.get("/broken/")
    assert answer.status_code == 500
    body = answer.content.decode()
    assert "系统出错" in body and "secret internals" not in body and "Traceback" not in body


def test_the_api_limits_the_rate_of_calls(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    # The rate is the deployment's (API_RATE_USER); three a minute keeps the test short.
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "3/minute", "anon": "3/minute"})
    client = world.client_for(world.leader)
    answers = [client.get("/api/projects/").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
