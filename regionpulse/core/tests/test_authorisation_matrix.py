"""Who may open what: every page and API URL, asked by every demo login and by an anonymous visitor.

``MATRIX`` is the rule: for each URL (by its resolver name) and the record it is asked for, the answer
each caller gets, in the order of the header line (see ``matrix.py`` for how an answer is written).
Records named ``@neighbour_…`` belong to 青山区, outside every demo login's district; ``@other_…``
belong to another enterprise of 昆都仑区 than the enterprise login's own. A URL that the resolver knows
and the matrix does not fails ``test_every_url_has_a_row``: a new page or endpoint needs its row.

The admin site is one rule for all its URLs (staff only), with the few answers that differ listed.
Only GET is asked (a POST-only URL answers 405 to a signed-in caller), plus one form posted without
its CSRF token.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from http.cookies import SimpleCookie
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from regionpulse.core.models import Role
from regionpulse.core.tests.matrix import (
    ADMIN_LOGIN,
    ANONYMOUS,
    CALLERS,
    Row,
    agrees,
    answer_of,
    rows_of,
)
from regionpulse.core.tests.routes import Route, admin_path, is_admin, routes, view_of
from regionpulse.core.tests.scenario import Scenario, demo_scenario
from regionpulse.demo.users import LOGINS
from regionpulse.desk.models import Request

# Redirects by what they lead to; each pattern must match the whole location.
REDIRECTS = {
    "ck": r"/cockpit/150203/\d{4}-\d{2}/",  # the cockpit of the caller's district, latest period
    "pl": r"/projects/\?year=\d{4}&major=true&sort=-total",  # the ledger opens on this year's list
    "pj": r"/projects/",  # the enterprise login's home: its projects
    "/": r"/",  # set_language without a page to return to
    "ai": r"/admin/",  # the admin site's index
    "ac": r"/admin/\w+/\w+/\d+/change/",  # an admin record's page
    "au": r"/audit/",  # the security officer's and the auditor's home: the audit trail
}

# An enterprise login, the security officer and the auditor read no district totals: the cockpit,
# the chains and the targets name a region outside their scope, which is a 404 like any record
# outside the scope. A POST-only URL asked with GET answers 405 to a signed-in caller.
# fmt: off
MATRIX: dict[str, dict[str, str]] = {
    # URL name: {target: answers}; the columns are the callers in order (CALLERS):
    #                                      anon lead tong caiz faga gong touz ying zhua qiye admn anqu shen
    "cockpit:economy": {
        "code=150203 period=2022-06":     "LOG  200  200  200  200  200  200  200  200  404  200  404  404",
        "code=150204 period=2022-06":     "LOG  404  404  404  404  404  404  404  404  404  200  404  404",
    },
    "cockpit:projects": {
        "code=150203 period=2022-06":     "LOG  200  200  200  200  200  200  200  200  404  200  404  404",
        "code=150204 period=2022-06":     "LOG  404  404  404  404  404  404  404  404  404  200  404  404",
    },
    "cockpit:promotion": {
        "code=150203 period=2022-06":     "LOG  200  200  200  200  200  200  200  200  404  200  404  404",
        "code=150204 period=2022-06":     "LOG  404  404  404  404  404  404  404  404  404  200  404  404",
    },
    "cockpit:services": {
        "code=150203 period=2022-06":     "LOG  200  200  200  200  200  200  200  200  404  200  404  404",
        "code=150204 period=2022-06":     "LOG  404  404  404  404  404  404  404  404  404  200  404  404",
    },
    "cockpit:home": {
        "":                               "LOG  >ck  >ck  >ck  >ck  >ck  >ck  >ck  >ck  >pj  >ck  >au  >au",
    },
    "indicators:observation-list": {
        "":                               "LOG  200  200  200  200  200  200  200  200  200  200  200  200",
    },
    "indicators:observation-detail": {
        "pk=@observation":                "LOG  200  200  404  404  404  404  404  404  404  200  404  404",
        "pk=@neighbour_observation":      "LOG  404  404  404  404  404  404  404  404  404  200  404  404",
    },
    "indicators:observation-edit": {
        "pk=@observation":                "LOG  403  200  404  404  404  404  404  403  403  200  403  403",
        "pk=@neighbour_observation":      "LOG  403  404  404  404  404  404  404  403  403  200  403  403",
    },
    "indicators:observation-transition": {
        "":                               "LOG  405  405  405  405  405  405  405  405  405  405  405  405",
    },
    "indicators:observation-import": {
        "":                               "LOG  200  200  200  200  200  200  200  200  200  200  200  200",
    },
    "indicators:observation-export": {
        "":                               "LOG  200  200  200  200  200  200  200  200  200  200  200  200",
    },
    "indicators:observation-template": {
        "":                               "LOG  200  200  200  200  200  200  200  200  200  200  200  200",
    },
    "projects:project-list": {
        "":                               "LOG  >pl  >pl  >pl  >pl  >pl  >pl  >pl  >pl  >pl  >pl  >pl  >pl",
        "?year=2022&major=true":          "LOG  200  200  200  200  200  200  200  200  200  200  200  200",
    },
    "projects:project-detail": {
        "pk=@project":                    "LOG  200  404  404  200  200  404  404  200  200  200  404  404",
        "pk=@neighbour_project":          "LOG  404  404  404  404  404  404  404  404  404  200  404  404",
    },
    "projects:progress-create": {
        "pk=@project":                    "LOG  403  404  404  200  200  404  404  200  200  200  404  404",
        "pk=@neighbour_project":          "LOG  404  404  404  404  404  404  404  404  404  200  404  404",
    },
    "projects:progress-edit": {
        "pk=@report":                     "LOG  403  404  404  200  200  404  404  200  200  200  404  404",
        "pk=@neighbour_report":           "LOG  404  404  404  404  404  404  404  404  404  200  404  404",
    },
    "projects:review-queue": {
        "":                               "LOG  200  200  200  200  200  200  200  200  200  200  200  200",
    },
    "projects:review": {
        "":                               "LOG  405  405  405  405  405  405  405  405  405  405  405  405",
    },
    # An import page for every kind of sheet; the export and the blank template, served by one view for
    # every kind of an app, for one kind each (an unknown kind is a 404 like any unknown record).
    "projects:import": {
        "kind=projects":                  "LOG  200  200  200  200  200  200  200  200  200  200  200  200",
        "kind=plans":                     "LOG  200  200  200  200  200  200  200  200  200  200  200  200",
        "kind=progress":                  "LOG  200  200  200  200  200  200  200  200  200  200  200  200",
        "kind=nothing":                   "LOG  404  404  404  404  404  404  404  404  404  404  404  404",
    },
    "projects:template": {
        "kind=projects":                  "LOG  200  200  200  200  200  200  200  200  200  200  200  200",
    },
    "projects:export": {
        "kind=plans":                     "LOG  200  200  200  200  200  200  200  200  200  200  200  200",
    },
    "promotion:board": {
        "":                               "LOG  200  200  200  200  200  200  200  200  200  200  200  200",
    },
    "promotion:deal-detail": {
        "pk=@deal":                       "LOG  200  404  404  404  404  200  404  200  404  200  404  404",
        "pk=@neighbour_deal":             "LOG  404  404  404  404  404  404  404  404  404  200  404  404",
    },
    "promotion:deal-move": {
        "pk=@deal":                       "LOG  405  405  405  405  405  405  405  405  405  405  405  405",
    },
    "promotion:investor-list": {
        "":                               "LOG  200  200  200  200  200  200  200  200  200  200  200  200",
    },
    "promotion:investor-detail": {
        "pk=@investor":                   "LOG  200  404  404  404  404  200  404  200  404  200  404  404",
        "pk=@neighbour_investor":         "LOG  404  404  404  404  404  404  404  404  404  200  404  404",
    },
    "promotion:chain-list": {
        "":                               "LOG  200  200  200  200  200  200  200  200  404  200  404  404",
    },
    "promotion:chain-detail": {
        "pk=@chain":                      "LOG  200  404  404  404  404  200  404  200  404  200  404  404",
        "pk=@neighbour_chain":            "LOG  404  404  404  404  404  404  404  404  404  200  404  404",
    },
    "promotion:targets": {
        "":                               "LOG  200  200  200  200  200  200  200  200  404  200  404  404",
    },
    "promotion:import": {
        "kind=investors":                 "LOG  200  200  200  200  200  200  200  200  200  200  200  200",
        "kind=engagements":               "LOG  200  200  200  200  200  200  200  200  200  200  200  200",
        "kind=deals":                     "LOG  200  200  200  200  200  200  200  200  200  200  200  200",
        "kind=targets":                   "LOG  200  200  200  200  200  200  200  200  200  200  200  200",
    },
    "promotion:template": {
        "kind=investors":                 "LOG  200  200  200  200  200  200  200  200  200  200  200  200",
    },
    "promotion:export": {
        "kind=targets":                   "LOG  200  200  200  200  200  200  200  200  200  200  200  200",
    },
    "desk:request-list": {
        "":                               "LOG  200  200  200  200  200  200  200  200  200  200  200  200",
    },
    # Requests are raised by enterprises, 专班 and the business-environment bureau (the desk's keeper).
    "desk:request-raise": {
        "":                               "LOG  403  403  403  403  403  403  200  200  200  200  403  403",
    },
    "desk:request-detail": {
        "pk=@request":                    "LOG  200  404  200  404  404  404  200  404  200  200  404  404",
        "pk=@other_request":              "LOG  200  404  404  404  404  404  200  404  404  200  404  404",
        "pk=@neighbour_request":          "LOG  404  404  404  404  404  404  404  404  404  200  404  404",
    },
    "desk:request-step": {
        "pk=@request":                    "LOG  405  405  405  405  405  405  405  405  405  405  405  405",
    },
    "desk:officer": {
        "":                               "LOG  200  200  200  200  200  200  200  200  200  200  200  200",
    },
    "desk:approval-list": {
        "":                               "LOG  200  200  200  200  200  200  200  200  200  200  200  200",
    },
    "desk:notifications": {
        "":                               "LOG  200  200  200  200  200  200  200  200  200  200  200  200",
    },
    "desk:import": {
        "kind=requests":                  "LOG  200  200  200  200  200  200  200  200  200  200  200  200",
        "kind=approvals":                 "LOG  200  200  200  200  200  200  200  200  200  200  200  200",
    },
    "desk:template": {
        "kind=requests":                  "LOG  200  200  200  200  200  200  200  200  200  200  200  200",
    },
    "desk:export": {
        "kind=approvals":                 "LOG  200  200  200  200  200  200  200  200  200  200  200  200",
    },
    "bulletins:list": {
        "":                               "LOG  200  200  200  200  200  200  200  200  200  200  200  200",
    },
    "bulletins:new": {
        "":                               "LOG  405  405  405  405  405  405  405  405  405  405  405  405",
    },
    "bulletins:detail": {
        "pk=@bulletin":                   "LOG  200  200  200  200  200  200  200  200  404  200  404  404",
        "pk=@neighbour_bulletin":         "LOG  404  404  404  404  404  404  404  404  404  200  404  404",
    },
    # A published bulletin is frozen: no one edits it.
    "bulletins:edit": {
        "pk=@bulletin":                   "LOG  200  200  200  200  200  200  200  403  403  200  403  403",
        "pk=@published":                  "LOG  404  404  404  404  404  404  404  403  403  404  403  403",
        "pk=@neighbour_bulletin":         "LOG  404  404  404  404  404  404  404  403  403  200  403  403",
    },
    "bulletins:publish": {
        "pk=@bulletin":                   "LOG  405  405  405  405  405  405  405  405  405  405  405  405",
    },
    "bulletins:download": {
        "pk=@bulletin fmt=md":            "LOG  200  200  200  200  200  200  200  200  404  200  404  404",
        "pk=@neighbour_bulletin fmt=json":"LOG  404  404  404  404  404  404  404  404  404  200  404  404",
    },
    # Checking a text's figures against the records: everyone but an enterprise login.
    "claims:page": {
        "":                               "LOG  200  200  200  200  200  200  200  200  403  200  200  200",
    },
    "claims:publish": {
        "":                               "LOG  405  405  405  405  405  405  405  405  405  405  405  405",
    },
    # Published bulletins are public; a draft is not.
    "public-bulletins": {
        "":                               "200  200  200  200  200  200  200  200  200  200  200  200  200",
    },
    "public-bulletin": {
        "pk=@published":                  "200  200  200  200  200  200  200  200  200  200  200  200  200",
        "pk=@bulletin":                   "404  404  404  404  404  404  404  404  404  404  404  404  404",
    },
    "public-bulletins-feed": {
        "":                               "200  200  200  200  200  200  200  200  200  200  200  200  200",
    },
    "core:enterprise-list": {
        "":                               "LOG  200  200  200  200  200  200  200  200  200  200  200  200",
    },
    "core:enterprise-detail": {
        "pk=@enterprise":                 "LOG  200  200  200  200  200  200  200  200  200  200  404  404",
        "pk=@other_enterprise":           "LOG  200  200  200  200  200  200  200  200  404  200  404  404",
        "pk=@neighbour_enterprise":       "LOG  404  404  404  404  404  404  404  404  404  200  404  404",
    },
    # 三员分立: the audit trail is the auditor's and the security officer's, not the administrator's.
    "core:audit-trail": {
        "":                               "LOG  403  403  403  403  403  403  403  403  403  403  200  200",
    },
    "core:audit-export": {
        "":                               "LOG  403  403  403  403  403  403  403  403  403  403  200  200",
    },
    "login": {
        "":                               "200  200  200  200  200  200  200  200  200  200  200  200  200",
    },
    "logout": {
        "":                               "405  405  405  405  405  405  405  405  405  405  405  405  405",
    },
    # Every signed-in caller changes its own password; the second factor is the administrator's;
    # sign-in lock-outs are lifted by the security officer (and a superuser).
    "password_change": {
        "":                               "LOG  200  200  200  200  200  200  200  200  200  200  200  200",
    },
    "second-factor": {
        "":                               "LOG  403  403  403  403  403  403  403  403  403  200  403  403",
    },
    "verify-second-factor": {
        "":                               "LOG  >/   >/   >/   >/   >/   >/   >/   >/   >/   >/   >/   >/",
    },
    "lockouts": {
        "":                               "LOG  403  403  403  403  403  403  403  403  403  200  200  403",
    },
    "lift-lockout": {
        "":                               "LOG  405  405  405  405  405  405  405  405  405  405  405  405",
    },
    "set_language": {
        "":                               ">/   >/   >/   >/   >/   >/   >/   >/   >/   >/   >/   >/   >/",
    },
    "api-figures": {
        "region=150203 period=2022-06":   "ANON 200  200  200  200  200  200  200  200  404  200  404  404",
        "region=150204 period=2022-06":   "ANON 404  404  404  404  404  404  404  404  404  200  404  404",
    },
    "api-bulletin": {
        "region=150203 period=2022-06":   "ANON 200  200  200  200  200  200  200  200  404  200  404  404",
        "region=150204 period=2022-06":   "ANON 404  404  404  404  404  404  404  404  404  200  404  404",
    },
    "api-root": {
        "":                               "ANON 200  200  200  200  200  200  200  200  200  200  200  200",
    },
    # The schema describes the API, not its data: it is public.
    "api-schema": {
        "":                               "200  200  200  200  200  200  200  200  200  200  200  200  200",
    },
    "bulletin-list": {
        "":                               "ANON 200  200  200  200  200  200  200  200  200  200  200  200",
    },
    "bulletin-detail": {
        "pk=@bulletin":                   "ANON 200  200  200  200  200  200  200  200  404  200  404  404",
        "pk=@neighbour_bulletin":         "ANON 404  404  404  404  404  404  404  404  404  200  404  404",
    },
    "region-list": {
        "":                               "ANON 200  200  200  200  200  200  200  200  200  200  200  200",
    },
    "region-detail": {
        "code=150204":                    "ANON 200  200  200  200  200  200  200  200  200  200  200  200",
    },
    "enterprise-list": {
        "":                               "ANON 200  200  200  200  200  200  200  200  200  200  200  200",
    },
    "enterprise-detail": {
        "pk=@enterprise":                 "ANON 200  200  200  200  200  200  200  200  200  200  404  404",
        "pk=@other_enterprise":           "ANON 200  200  200  200  200  200  200  200  404  200  404  404",
        "pk=@neighbour_enterprise":       "ANON 404  404  404  404  404  404  404  404  404  200  404  404",
    },
    "indicator-list": {
        "":                               "ANON 200  200  200  200  200  200  200  200  200  200  200  200",
    },
    "indicator-detail": {
        "code=gdp":                       "ANON 200  200  200  200  200  200  200  200  200  200  200  200",
    },
    "observation-list": {
        "":                               "ANON 200  200  200  200  200  200  200  200  200  200  200  200",
    },
    "observation-detail": {
        "pk=@observation":                "ANON 200  200  404  404  404  404  404  404  404  200  404  404",
        "pk=@neighbour_observation":      "ANON 404  404  404  404  404  404  404  404  404  200  404  404",
    },
    "project-list": {
        "":                               "ANON 200  200  200  200  200  200  200  200  200  200  200  200",
    },
    "project-detail": {
        "pk=@project":                    "ANON 200  404  404  200  200  404  404  200  200  200  404  404",
        "pk=@neighbour_project":          "ANON 404  404  404  404  404  404  404  404  404  200  404  404",
    },
    "plan-list": {
        "":                               "ANON 200  200  200  200  200  200  200  200  200  200  200  200",
    },
    "plan-detail": {
        "pk=@plan":                       "ANON 200  404  404  200  200  404  404  200  200  200  404  404",
        "pk=@neighbour_plan":             "ANON 404  404  404  404  404  404  404  404  404  200  404  404",
    },
    "progress-list": {
        "":                               "ANON 200  200  200  200  200  200  200  200  200  200  200  200",
    },
    "progress-detail": {
        "pk=@report":                     "ANON 200  404  404  200  200  404  404  200  200  200  404  404",
        "pk=@neighbour_report":           "ANON 404  404  404  404  404  404  404  404  404  200  404  404",
    },
    "investor-list": {
        "":                               "ANON 200  200  200  200  200  200  200  200  200  200  200  200",
    },
    "investor-detail": {
        "pk=@investor":                   "ANON 200  404  404  404  404  200  404  200  404  200  404  404",
        "pk=@neighbour_investor":         "ANON 404  404  404  404  404  404  404  404  404  200  404  404",
    },
    "chain-list": {
        "":                               "ANON 200  200  200  200  200  200  200  200  200  200  200  200",
    },
    "chain-detail": {
        "pk=@chain":                      "ANON 200  404  404  404  404  200  404  200  404  200  404  404",
        "pk=@neighbour_chain":            "ANON 404  404  404  404  404  404  404  404  404  200  404  404",
    },
    "engagement-list": {
        "":                               "ANON 200  200  200  200  200  200  200  200  200  200  200  200",
    },
    "engagement-detail": {
        "pk=@engagement":                 "ANON 200  404  404  404  404  200  404  200  404  200  404  404",
        "pk=@neighbour_engagement":       "ANON 404  404  404  404  404  404  404  404  404  200  404  404",
    },
    "deal-list": {
        "":                               "ANON 200  200  200  200  200  200  200  200  200  200  200  200",
    },
    "deal-detail": {
        "pk=@deal":                       "ANON 200  404  404  404  404  200  404  200  404  200  404  404",
        "pk=@neighbour_deal":             "ANON 404  404  404  404  404  404  404  404  404  200  404  404",
    },
    "deal-move": {
        "pk=@deal":                       "ANON 405  405  405  405  405  405  405  405  405  405  405  405",
    },
    "target-list": {
        "":                               "ANON 200  200  200  200  200  200  200  200  200  200  200  200",
    },
    "target-detail": {
        "pk=@target":                     "ANON 200  404  404  404  404  200  404  200  404  200  404  404",
        "pk=@neighbour_target":           "ANON 404  404  404  404  404  404  404  404  404  200  404  404",
    },
    "request-list": {
        "":                               "ANON 200  200  200  200  200  200  200  200  200  200  200  200",
    },
    "request-detail": {
        "pk=@request":                    "ANON 200  404  200  404  404  404  200  404  200  200  404  404",
        "pk=@other_request":              "ANON 200  404  404  404  404  404  200  404  404  200  404  404",
        "pk=@neighbour_request":          "ANON 404  404  404  404  404  404  404  404  404  200  404  404",
    },
    "request-step": {
        "pk=@request":                    "ANON 405  405  405  405  405  405  405  405  405  405  405  405",
    },
    "approval-list": {
        "":                               "ANON 200  200  200  200  200  200  200  200  200  200  200  200",
    },
    "approval-detail": {
        "pk=@approval":                   "ANON 200  404  404  404  404  404  200  404  404  200  404  404",
        "pk=@neighbour_approval":         "ANON 404  404  404  404  404  404  404  404  404  200  404  404",
    },
    "key-enterprise-list": {
        "":                               "ANON 200  200  200  200  200  200  200  200  200  200  200  200",
    },
    "key-enterprise-detail": {
        "pk=@key_enterprise":             "ANON 200  200  200  200  200  200  200  200  404  200  404  404",
        "pk=@neighbour_key_enterprise":   "ANON 404  404  404  404  404  404  404  404  404  200  404  404",
    },
    # A message is its addressee's alone, the administrator's included.
    "notification-list": {
        "":                               "ANON 200  200  200  200  200  200  200  200  200  200  200  200",
    },
    "notification-detail": {
        "pk=@notification":               "ANON 200  404  404  404  404  404  404  404  404  404  404  404",
    },
    "notification-read": {
        "pk=@notification":               "ANON 405  405  405  405  405  405  405  405  405  405  405  405",
    },
}
# fmt: on

# The admin site: staff only. Every other caller is sent to its login page; a staff member gets the
# page, or the refusal the admin site itself gives (a record that may not be added or deleted, a page
# asked without its parameters), never the login page.
ADMIN_RULE = "ADM  ADM  ADM  ADM  ADM  ADM  ADM  ADM  ADM  ADM  STAFF ADM ADM"
# fmt: off
ADMIN_EXCEPTIONS: dict[str, str] = {
    # route key (a regular expression): answers, in the order of MATRIX's columns
    r"admin:index":                          "ADM  ADM  ADM  ADM  ADM  ADM  ADM  ADM  ADM  ADM  200  ADM  ADM",
    r"admin:login":                          "200  200  200  200  200  200  200  200  200  200  >ai  200  200",
    r"admin:logout":                         ">ai  >ai  >ai  >ai  >ai  >ai  >ai  >ai  >ai  >ai  405  >ai  >ai",
}
# fmt: on

ROWS = rows_of(MATRIX)
ROUTES = routes()
ADMIN_ROUTES = [route for route in ROUTES if is_admin(route)]


@pytest.fixture(scope="module")
def scenario(django_db_setup: None, django_db_blocker: Any) -> Iterator[Scenario]:
    with django_db_blocker.unblock(), demo_scenario() as loaded:
        yield loaded


@pytest.fixture(scope="module")
def callers(scenario: Scenario, django_db_blocker: Any) -> Callable[[str], Client]:
    """A test client for each caller, signed in for the module (signing in is not what is tested).

    One client a caller, its cookies reset before each use: a new client sets up the whole
    middleware stack again, which would cost more than the request it makes.
    """
    clients = {caller: Client() for caller in CALLERS}
    sessions = {}
    with django_db_blocker.unblock():
        for username, user in scenario.users.items():
            clients[username].force_login(user)
            sessions[username] = clients[username].cookies[settings.SESSION_COOKIE_NAME].value

    def client_for(caller: str) -> Client:
        client = clients[caller]
        client.cookies = SimpleCookie()
        if caller != ANONYMOUS:
            client.cookies[settings.SESSION_COOKIE_NAME] = sessions[caller]
        return client

    return client_for


@pytest.fixture(autouse=True)
def unthrottled() -> None:
    """The API's rate limits count every request of the test run from one address; they are not what
    is tested here."""
    cache.clear()


def test_every_url_has_a_row() -> None:
    keys = {route.key for route in ROUTES if not is_admin(route)}
    missing = sorted(keys - MATRIX.keys())
    assert not missing, (
        "these URLs have no row in the authorisation matrix (MATRIX in this file): "
        + ", ".join(missing)
        + "; add one per URL with the answer each caller must get"
    )


def test_every_row_names_a_url() -> None:
    keys = {route.key for route in ROUTES}
    stale = sorted(MATRIX.keys() - keys)
    assert not stale, "rows for URLs that no longer exist: " + ", ".join(stale)


def test_a_format_suffix_is_served_by_the_same_view() -> None:
    """``/api/projects.json`` is ``/api/projects/``: one row answers for both."""
    views: dict[str, set[Any]] = {}
    for route in ROUTES:
        if not is_admin(route):
            views.setdefault(route.key, set()).add(view_of(route.callback))
    shared = {key: found for key, found in views.items() if len(found) > 1}
    assert not shared, f"one URL name serves different views: {shared}"


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.label)
def test_each_url_answers_each_caller_as_the_matrix_says(
    row: Row, caller: str, scenario: Scenario, callers: Callable[[str], Client], db: None
) -> None:
    url = row.url(scenario)
    actual = answer_of(callers(caller).get(url), REDIRECTS)
    expected = row.answer_for(caller)
    assert agrees(expected, actual), f"{row.label} ({url}) asked by {caller}: expected {expected}, got {actual}"


def admin_answers(route: Route) -> tuple[str, ...]:
    for pattern, answers in ADMIN_EXCEPTIONS.items():
        if re.fullmatch(pattern, route.key):
            return tuple(answers.split())
    answers = tuple(ADMIN_RULE.split())
    if route.key.endswith("_changelist"):
        # Every list of the admin site opens for the administrator.
        return (*answers[:-1], "200")
    return answers


# The admin site lets in staff only, and no demo login but the administrator is staff: every other
# login is the same caller to it. Each admin URL is asked by an anonymous visitor, the widest of those
# logins and the administrator; the index by every caller.
ADMIN_CALLERS = (ANONYMOUS, "leader", "admin")


def test_the_administrator_is_the_only_staff_member(scenario: Scenario, db: None) -> None:
    staff = sorted(username for username, user in scenario.users.items() if user.is_staff or user.is_superuser)
    assert staff == ["admin"]


@pytest.mark.parametrize("route", ADMIN_ROUTES, ids=lambda route: route.key)
def test_the_admin_site_answers_staff_only(route: Route, callers: Callable[[str], Client], db: None) -> None:
    path = admin_path(route)
    asked = CALLERS if route.key == "admin:index" else ADMIN_CALLERS
    wrong = []
    for caller, expected in zip(CALLERS, admin_answers(route), strict=True):
        if caller not in asked:
            continue
        actual = answer_of(callers(caller).get(path), REDIRECTS)
        if not agrees(expected, actual):
            wrong.append(f"{caller}: expected {expected}, got {actual}")
    assert not wrong, f"{route.key} ({path}): " + "; ".join(wrong)


def test_no_admin_page_opens_without_staff_rights() -> None:
    """The admin rule itself: no one but the administrator gets a page of the admin site past its login."""
    staff = CALLERS.index("admin")
    for key, answers in [("", ADMIN_RULE), *ADMIN_EXCEPTIONS.items()]:
        others = [code for index, code in enumerate(answers.split()) if index != staff]
        assert all(code in (ADMIN_LOGIN, ">ai") for code in others) or key == "admin:login", answers


def test_every_role_has_a_caller() -> None:
    assert {login.role for login in LOGINS} == set(Role), "a role without a demo login is asked nothing"


def test_a_form_posted_without_its_csrf_token_is_refused(scenario: Scenario, db: None) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(scenario.users["qiye"])
    before = Request.objects.count()
    form = {
        "title": "用地手续办理",
        "description": "请协调办理用地手续。",
        "category": Request._meta.get_field("category").choices[0][0],
    }
    assert client.post(reverse("desk:request-raise"), form).status_code == 403
    # The API with the session of the page (no token) is held to the same rule.
    assert client.post("/api/requests/", form, content_type="application/json").status_code == 403
    assert Request.objects.count() == before
    # With its token, the same form passes the check (and is then read as usual).
    client.get(reverse("desk:request-raise"))
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    answered = client.post(reverse("desk:request-raise"), {**form, "csrfmiddlewaretoken": token})
    assert answered.status_code != 403
