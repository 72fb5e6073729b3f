"""The API keeps to its own schema: schemathesis asks every operation of ``/api/schema/`` with
generated parameters and bodies, as the administrator (the widest scope) with an API token, and
checks that no answer is a server error and that every answer has the shape the schema gives it.

Unsafe methods are asked too; each request runs in a savepoint that is rolled back after it, so no
write outlives it and no example depends on another. Path parameters
are drawn from what the schema allows and, as often, from records the demo data holds (ids, region
codes, periods), so that the records' pages are read and written, not only their 404s.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from regionpulse.core.tests.scenario import Scenario, demo_scenario
from regionpulse.indicators.models import Indicator
from regionpulse.wsgi import application

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
REGIONS = ["150203", "150204", "150200", "150000", "昆都仑区", "999999"]
PERIODS = ["2022-06", "2022年上半年", "2021-12", "2022-13", "上半年"]


@pytest.fixture(scope="module")
def scenario(django_db_setup: None, django_db_blocker: Any) -> Iterator[Scenario]:
    with django_db_blocker.unblock(), demo_scenario() as loaded:
        yield loaded


@pytest.fixture(scope="module")
def token(scenario: Scenario, django_db_blocker: Any) -> str:
    with django_db_blocker.unblock():
        return Token.objects.get_or_create(user=scenario.users["admin"])[0].key


@pytest.fixture(scope="module")
def one_connection() -> Iterator[None]:
    """The WSGI application runs in the test's own transaction: it must not close the connection at the
    end of each request, as a server does (Django's test client holds it open the same way)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def flatmap_path_parameters(context: Any, path_parameters: dict[str, Any] | None) -> st.SearchStrategy[Any]:
    """As often as not, parameters that name a record the demo holds."""
    if not path_parameters:
        return st.just(path_parameters)
    path = context.operation.path
    known: dict[str, st.SearchStrategy[Any]] = {}
    if "id" in path_parameters:
        known["id"] = st.integers(min_value=1, max_value=40)
    if "code" in path_parameters:
        codes = list(Indicator.objects.values_list("code", flat=True)) if "indicators" in path else REGIONS
        known["code"] = st.sampled_from(codes)
    if "region" in path_parameters:
        known["region"] = st.sampled_from(REGIONS)
    if "period" in path_parameters:
        known["period"] = st.sampled_from(PERIODS)
    if not known:
        return st.just(path_parameters)
    return st.one_of(
        st.just(path_parameters), st.fixed_dictionaries(known).map(lambda found: {**path_parameters, **found})
    )


# Read once from the application itself, as a client reads it: the schema is public.
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
schema.hook(flatmap_path_parameters)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_the_api_answers_as_its_schema_says(case: Any, token: str, one_connection: None) -> None:
    cache.clear()  # the API's rate limits count every request of the run; they are not what is tested
    headers = {"Authorization": f"Token {token}"}
    # Each request in a savepoint of its own: what one writes does not change what the next finds.
    with transaction.atomic():
        response = case.call(headers=headers)
        transaction.set_rollback(True)
    event(f"HTTP {response.status_code}")  # shown by --hypothesis-show-statistics
    case.validate_response(response, checks=CHECKS, headers=headers)
