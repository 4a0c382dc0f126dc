"""The shared test fixtures (zhenxing.testing), and a mechanism that publishes some of its data
while holding a draft plan and an unpublished plan that must never show."""

import pytest
from django.core.cache import cache

from zhenxing.audit.context import acting_as
from zhenxing.orgs.models import Unit
from zhenxing.policies.models import DivisionPlan
from zhenxing.policies.services import division_plan_publish, task_create
from zhenxing.public.models import Publication
from zhenxing.public.services import publications_set
from zhenxing.testing import expect, mechanism, people, personas, shipped_data_fixture  # noqa: F401

shipped_data = shipped_data_fixture("package", autouse=False)

PUBLIC_TASK = "推进国资国企改革公开任务"
DRAFT_TASK = "草稿方案中的保密任务"
UNPUBLISHED_TASK = "已发布但未公开的任务"
DRAFT_PLAN = "尚未发布的草稿方案"
UNPUBLISHED_PLAN = "未选择公开的方案"


@pytest.fixture(autouse=True)
def empty_cache():
    """The datasets and the rate limiter live in the cache: each test starts without either."""
    cache.clear()
    yield
    cache.clear()


def _plan(*, mechanism, user, title, task_title, publish):
    plan = DivisionPlan.objects.create(title=title, mechanism=mechanism)
    task_create(
        plan=plan, user=user, code="1", title=task_title, lead_unit=Unit.objects.get(code="ndrc")
    )
    if publish:
        division_plan_publish(plan=plan, user=user)
        plan.refresh_from_db()
    return plan


@pytest.fixture
def plans(personas, mechanism):
    """The published plan chosen for publication, a draft, and a published plan not chosen."""
    with acting_as(user=personas.secretariat):
        return {
            "public": _plan(
                mechanism=mechanism,
                user=personas.secretariat,
                title="2026年东北振兴重点工作分工方案",
                task_title=PUBLIC_TASK,
                publish=True,
            ),
            "draft": _plan(
                mechanism=mechanism,
                user=personas.secretariat,
                title=DRAFT_PLAN,
                task_title=DRAFT_TASK,
                publish=False,
            ),
            "unpublished": _plan(
                mechanism=mechanism,
                user=personas.secretariat,
                title=UNPUBLISHED_PLAN,
                task_title=UNPUBLISHED_TASK,
                publish=True,
            ),
        }


@pytest.fixture
def published(personas, mechanism, plans):
    """Members, progress and project statistics published with one plan; indicators not."""
    with acting_as(user=personas.secretariat):
        publications_set(
            mechanism=mechanism,
            datasets=[
                Publication.Dataset.MEMBERS,
                Publication.Dataset.PROGRESS,
                Publication.Dataset.PROJECTS,
            ],
            plans=[plans["public"]],
            user=personas.secretariat,
        )
    return plans
