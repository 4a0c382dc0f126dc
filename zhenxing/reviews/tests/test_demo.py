"""The demo data: one plan reviewed with two opinions, one turned into a task; run twice, once."""

import datetime

import pytest

from zhenxing.reviews import demo
from zhenxing.reviews.models import Review, UpwardItem

pytestmark = pytest.mark.django_db


def test_the_demo_reviews_the_plan_and_turns_one_opinion_into_a_task(personas, mechanism, plan):
    today = datetime.date(2026, 12, 7)
    arguments = {"secretariat": personas.secretariat, "mechanism": mechanism, "plan": plan}
    assert demo.populate(**arguments, today=today)
    assert demo.populate(**arguments, today=today) == ""
    review = Review.objects.get()
    assert review.plan == plan and review.status == Review.Status.APPROVED_WITH_CHANGES
    assert review.opinions.count() == 2
    assert [o.task.plan for o in review.opinions.filter(task__isnull=False)] == [plan]
    assert UpwardItem.objects.count() == 2
