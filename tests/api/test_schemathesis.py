"""Contract test: schemathesis generates requests from the OpenAPI schema; the API never answers 5xx."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error

from renja.wsgi import application
from tests.factories import (
    IndikatorFactory,
    PaguFactory,
    PeranPenggunaFactory,
    PlanRowFactory,
    RenjaFactory,
    TargetFactory,
    UserFactory,
)

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """Calls go straight to the WSGI app, so Django's per-request connection cleanup would close the test's
    connection (on PostgreSQL, CONN_MAX_AGE makes it obsolete after a minute). The test client disconnects these
    signals the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(db: Any) -> str:
    renja = RenjaFactory()
    row = PlanRowFactory(renja=renja)
    TargetFactory(indikator=IndikatorFactory(row=row))
    PaguFactory(row=row)
    user = PeranPenggunaFactory(
        user=UserFactory(username="api-perencana"),
        peran="perencana",
        pemda=renja.perangkat_daerah.pemda,
        perangkat_daerah=renja.perangkat_daerah,
    ).user
    return Token.objects.get_or_create(user=user)[0].key


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_never_answers_a_server_error(case: Any, token: str) -> None:
    response = case.call(headers={"Authorization": f"Token {token}"})
    case.validate_response(response, checks=[not_a_server_error])
