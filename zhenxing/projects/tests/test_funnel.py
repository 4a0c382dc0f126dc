"""The investment-attraction funnel: seed 001's fair and the rates the provinces report."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from zhenxing.audit.context import acting_as
from zhenxing.lib.money import format_money
from zhenxing.projects.models import SignedProject, SigningEvent
from zhenxing.projects.selectors import funnel, funnel_by_region
from zhenxing.projects.services import (
    signed_project_advance,
    signed_project_save,
    signing_event_save,
)

pytestmark = pytest.mark.django_db


def test_seed_001_fair_and_its_funnel(regions, personas, sample_projects):
    """ "At the 32nd Harbin International Fair, Heilongjiang signed 224 projects with a signing
    amount of 84.563 billion yuan" (seed 001)."""
    with acting_as(user=personas.secretariat):
        fair = signing_event_save(
            event=SigningEvent(
                name="第三十二届哈尔滨国际经济贸易洽谈会",
                kind=SigningEvent.Kind.FAIR,
                start_date=datetime.date(2023, 6, 15),
                end_date=datetime.date(2023, 6, 19),
                place="哈尔滨",
                region=regions["230100"],
                announced_project_count=224,
                announced_amount=Decimal("84563000000"),
                source="新华社 2023-09-09",
            )
        )
        # 224 signed projects adding up to exactly 845.63 亿元, in Harbin and Daqing.
        amounts = [Decimal("377513392.86")] * 223
        amounts.append(Decimal("84563000000") - sum(amounts))
        for index, amount in enumerate(amounts):
            signed_project_save(
                signed=SignedProject(
                    event=fair,
                    name=f"签约项目{index + 1}",
                    region=regions["230102" if index % 2 else "230602"],
                    signed_amount=amount,
                )
            )
        signed = list(fair.signed_projects.order_by("id"))
        day = datetime.date(2024, 3, 1)
        for item in signed[:180]:
            signed_project_advance(signed=item, stage="performed", on_date=day)
        for item in signed[:150]:
            signed_project_advance(signed=item, stage="landed", on_date=day)
        for item in signed[:120]:
            signed_project_advance(
                signed=item, stage="started", on_date=day, funds_in_place=Decimal("100000000")
            )
        for item in signed[:60]:
            signed_project_advance(signed=item, stage="in_production", on_date=day)
        signed[0].project = sample_projects["shenyang"]
        signed_project_save(signed=signed[0], expected_version=signed[0].version)

    figures = funnel(fair.signed_projects.all())
    assert figures["signed_count"] == 224
    assert figures["signed_amount"] == Decimal("84563000000")
    assert format_money(figures["signed_amount"]) == "845.63亿元"
    assert [step["count"] for step in figures["steps"]] == [224, 180, 150, 120, 60, 60]
    assert figures["rates"] == {
        "conversion": round(100 / 224, 1),
        "performance": round(180 * 100 / 224, 1),
        "landing": round(150 * 100 / 224, 1),
        "start": round(120 * 100 / 224, 1),
        "funding": round(120 * 100_000_000 * 100 / 84_563_000_000, 1),
    }
    # A project in production has passed every step, dated.
    producing = signed[0]
    producing.refresh_from_db()
    assert producing.funded_on == producing.in_production_on == datetime.date(2024, 3, 1)
    assert [row["code"] for row in funnel_by_region(fair.signed_projects.all())] == ["230000"]


def test_stage_cannot_go_back(regions, personas):
    with acting_as(user=personas.secretariat):
        event = signing_event_save(
            event=SigningEvent(
                name="东北亚博览会", kind="expo", start_date=datetime.date(2023, 8, 24)
            )
        )
        item = signed_project_save(
            signed=SignedProject(
                event=event, name="项目", region=regions["220100"], signed_amount=Decimal(1)
            )
        )
        signed_project_advance(signed=item, stage="started", on_date=datetime.date(2024, 1, 1))
        with pytest.raises(ValidationError):
            signed_project_advance(
                signed=item, stage="performed", on_date=datetime.date(2024, 2, 1)
            )
    assert item.province_code == "220000"
