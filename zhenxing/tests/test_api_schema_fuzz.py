"""schemathesis over the whole API (/api/v1/openapi.json): no request, however bad, gets a 5xx.

Issue #13 sent 6,295 generated requests and got 33 answers of 500 over 9 endpoints (integers
beyond SQLite's range, an unchecked funding-source filter, multipart bodies without a
boundary, task split). Here every operation of the served schema gets a bounded number of
generated requests, as the secretariat (the role that reaches the most code), against a small
world with a published plan, a round, a project and a report; any 5xx fails the operation's
test and names the request that caused it. FUZZ_EXAMPLES raises the bound for a longer run.
"""

import datetime
import json
import os

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from zhenxing import testing
from zhenxing.api import api
from zhenxing.audit.context import acting_as
from zhenxing.orgs.models import Unit, User
from zhenxing.orgs.services import api_token_create
from zhenxing.testing import client_for, shipped_data_fixture
from zhenxing.wsgi import application

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))
# The document /api/v1/openapi.json serves (test_the_fuzzed_schema_is_the_served_one), built
# here because parametrizing needs it when the tests are collected, before any database.
SCHEMA = json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/"), default=str))
schema = schemathesis.openapi.from_dict(SCHEMA)
schema.app = application  # requests go through the WSGI application, in this process


def build_world() -> None:
    """Something behind the ids the generator also tries: a published plan and an open round."""
    from zhenxing.mechanisms.models import Mechanism
    from zhenxing.policies.models import DivisionPlan
    from zhenxing.policies.services import division_plan_publish, task_create
    from zhenxing.rounds.services import round_open

    secretariat = User.objects.get(username="secretariat")
    mechanism = Mechanism.objects.get(code="northeast")
    units = {unit.code: unit for unit in Unit.objects.filter(code__in=["ndrc", "mof"])}
    with acting_as(user=secretariat):
        plan = DivisionPlan.objects.create(title="测试方案", mechanism=mechanism)
        task = task_create(
            plan=plan,
            user=secretariat,
            title="推进重大基础设施项目建设",
            lead_unit=units["ndrc"],
            code="1",
            due_date=datetime.date(2026, 12, 31),
            original_due_date=datetime.date(2026, 12, 31),
            deadline_text="2026年底前",
        )
        task.participating_units.set([units["mof"]])
        division_plan_publish(plan=plan, user=secretariat)
        round_open(
            user=secretariat,
            tasks=plan.tasks.all(),
            period_kind="quarter",
            period_label="2026Q3",
            due_date=datetime.date(2026, 10, 15),
            instructions="请报送第三季度进展。",
            mechanism=mechanism,
        )


# The shipped data, the personas and the world, built once for the module.
shipped_data = shipped_data_fixture("module", then=build_world)
personas = testing.personas


@pytest.fixture
def token_headers(personas):
    """The secretariat's bearer token; the WSGI requests see the test's transaction."""
    # A WSGI request closes the test's connection when it ends (Django's test client does not).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    _token, raw = api_token_create(user=personas.secretariat, name="schemathesis")
    yield {"Authorization": f"Bearer {raw}"}
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_the_fuzzed_schema_is_the_served_one(personas):
    served = client_for(personas.secretariat).get("/api/v1/openapi.json")
    assert served.status_code == 200 and served.json() == SCHEMA


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_request_gets_a_server_error(case, token_headers):
    case.call_and_validate(headers=token_headers, checks=[not_a_server_error])
