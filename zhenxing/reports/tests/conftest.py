import pytest
from django.utils import timezone

from zhenxing.policies import demo as policies_demo
from zhenxing.rounds import demo as rounds_demo


@pytest.fixture
def demo(personas, mechanism):
    """Seed 003's published plan and this year's rounds, as `zhenxing demo-data` makes them."""
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    plan = policies_demo.populate(
        secretariat=personas.secretariat, mechanism=mechanism, today=today
    )
    rounds = rounds_demo.populate(
        plan=plan,
        secretariat=personas.secretariat,
        mechanism=mechanism,
        today=today,
        first_quarter=max(1, quarter - 1),
    )
    return {"plan": plan, "rounds": rounds, "today": today, "quarter": f"{today.year}Q{quarter}"}


@pytest.fixture
def last_quarter(demo):
    """The last complete quarter of this year, or the current one in the first quarter."""
    quarter = int(demo["quarter"][-1])
    return f"{demo['today'].year}Q{max(1, quarter - 1)}"
