"""Fixtures for the reviews tests: a published division plan of the shipped mechanism, and a
world with one review awaiting its decision, asked of the leading-group reader and of MOF's
liaison (a unit named), with the reader's opinion, and one item marked for the 重大事项报告.

NDRC's liaison, Liaoning, Jilin (outsider) and the inspector are not named on the review.
"""

import datetime
from dataclasses import dataclass

import pytest

from zhenxing.audit.context import acting_as
from zhenxing.policies.models import DivisionPlan
from zhenxing.reviews import services
from zhenxing.reviews.models import Opinion, Review, UpwardItem
from zhenxing.testing import mechanism, personas, shipped_data_fixture  # noqa: F401

shipped_data = shipped_data_fixture("package", autouse=False)

MEETING_ON = datetime.date(2026, 10, 20)
PERSONA_NAMES = [
    "secretariat",
    "lead_liaison",
    "participant_liaison",
    "province_liaison",
    "province_leader",
    "outsider",
    "reader",
    "inspector",
    "system_admin",
    "security_admin",
    "audit_admin",
]
ADMINISTRATORS = {"system_admin", "security_admin", "audit_admin"}
BUSINESS = set(PERSONA_NAMES) - ADMINISTRATORS


@pytest.fixture(autouse=True)
def quiet_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def plan(mechanism):
    return DivisionPlan.objects.create(
        title="关于推动东北地区新一轮全面振兴的重点任务分工方案",
        mechanism=mechanism,
        status=DivisionPlan.Status.PUBLISHED,
    )


@dataclass
class World:
    review: Review
    opinion: Opinion
    item: UpwardItem


@pytest.fixture
def world(mechanism, personas, plan) -> World:
    with acting_as(user=personas.secretariat):
        review = services.review_submit(
            mechanism=mechanism,
            user=personas.secretariat,
            subject=Review.Subject.DIVISION_PLAN,
            title="",
            plan=plan,
            materials="分工方案（送审稿）及起草说明",
            meeting="领导小组第三次全体会议",
            meeting_on=MEETING_ON,
            members=[personas.reader, personas.participant_liaison],
        )
        item = services.upward_item_mark(
            mechanism=mechanism,
            user=personas.secretariat,
            source="free_text",
            title="东北地区秋粮收购进展",
            summary="秋粮收购总体平稳。",
            occurred_on=datetime.date(2026, 10, 10),
        )
    with acting_as(user=personas.reader):
        opinion = services.opinion_record(
            review=review, member=personas.reader, text="建议增加对口合作的任务。"
        )
    return World(review=review, opinion=opinion, item=item)
