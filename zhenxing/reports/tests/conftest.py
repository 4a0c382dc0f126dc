import pytest
from django.utils import timezone

from zhenxing.mechanisms.models import Mechanism
from zhenxing.orgs.models import User
from zhenxing.policies import demo as policies_demo
from zhenxing.policies.models import DivisionPlan
from zhenxing.rounds import demo as rounds_demo
from zhenxing.rounds.models import ReportingRound
from zhenxing.testing import USERNAMES, mechanism, personas, shipped_data_fixture  # noqa: F401


def build_demo() -> dict:
    """Seed 003's published plan and this year's rounds, as `zhenxing demo-data` makes them."""
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    secretariat = User.objects.get(username=USERNAMES["secretariat"])
    mechanism = Mechanism.objects.get(code="northeast")
    plan = policies_demo.populate(secretariat=secretariat, mechanism=mechanism, today=today)
    rounds = rounds_demo.populate(
        plan=plan,
        secretariat=secretariat,
        mechanism=mechanism,
        today=today,
        first_quarter=max(1, quarter - 1),
    )
    return {
        "plan": plan.pk,
        "rounds": [round.pk for round in rounds],
        "today": today,
        "quarter": f"{today.year}Q{quarter}",
    }


# The shipped mechanism, the personas and the demo data, built once for the package
# (zhenxing/testing.py); each test runs in a savepoint rolled back after it.
shipped_data = shipped_data_fixture("package", autouse=False, then=build_demo)


@pytest.fixture
def demo(shipped_data, db):
    """The package's demo data, read afresh for each test."""
    rounds = ReportingRound.objects.in_bulk(shipped_data["rounds"])
    return {
        "plan": DivisionPlan.objects.get(pk=shipped_data["plan"]),
        "rounds": [rounds[pk] for pk in shipped_data["rounds"]],
        "today": shipped_data["today"],
        "quarter": shipped_data["quarter"],
    }


@pytest.fixture
def last_quarter(demo):
    """The last complete quarter of this year, or the current one in the first quarter."""
    quarter = int(demo["quarter"][-1])
    return f"{demo['today'].year}Q{max(1, quarter - 1)}"
