"""Draft → edit narrative → finalise: immutable, hashed, re-downloadable identically."""

import hashlib

import pytest
from django.core.exceptions import ValidationError

from zhenxing.audit.models import ChangeRecord
from zhenxing.policies.models import DivisionPlan
from zhenxing.reports.models import Report
from zhenxing.reports.services import (
    report_create,
    report_finalise,
    report_update_narratives,
    work_points_plan_create,
)


def test_finalised_report_is_immutable_and_hashed(demo, personas):
    report = report_create(
        user=personas.secretariat, kind=Report.Kind.PROGRESS, period_label=demo["quarter"]
    )
    report = report_update_narratives(
        report=report,
        user=personas.secretariat,
        narratives={"overview": "秘书处撰写的总体评价。"},
        expected_version=report.version,
    )
    with pytest.raises(ValidationError, match="他人修改"):
        report_update_narratives(
            report=report,
            user=personas.secretariat,
            narratives={"overview": "x"},
            expected_version=1,
        )
    report = report_finalise(report=report, user=personas.secretariat)
    assert report.is_final and report.snapshot_at is not None
    for file_format in ("docx", "pdf", "xlsx"):
        stored = getattr(report, f"{file_format}_file").read()
        assert hashlib.sha256(stored).hexdigest() == getattr(report, f"{file_format}_sha256")
    assert "秘书处撰写的总体评价。" in str(report.snapshot)
    with pytest.raises(ValidationError, match="已定稿"):
        report_update_narratives(
            report=report,
            user=personas.secretariat,
            narratives={"overview": "改"},
            expected_version=report.version,
        )
    with pytest.raises(ValidationError, match="已定稿"):
        report_finalise(report=report, user=personas.secretariat)
    assert (
        ChangeRecord.objects.filter(object_id=str(report.pk), content_type__model="report").count()
        >= 3
    )


def test_annual_report_work_points_become_a_draft_plan(demo, personas):
    year = demo["today"].year
    report = report_create(
        user=personas.secretariat, kind=Report.Kind.ANNUAL, period_label=str(year)
    )
    assert report.title == f"关于{year}年东北振兴工作进展情况和{year + 1}年工作要点的报告"
    plan = work_points_plan_create(report=report, user=personas.secretariat)
    open_tasks = demo["plan"].tasks.filter(close_out__isnull=True).count()
    assert plan.status == DivisionPlan.Status.DRAFT and plan.tasks.count() == open_tasks
    assert {task.due_date.year for task in plan.tasks.all()} == {year + 1}
    with pytest.raises(ValidationError, match="年份"):
        report_create(user=personas.secretariat, kind=Report.Kind.ANNUAL, period_label=f"{year}Q1")


def test_only_the_secretariat_is_offered_the_work_points_of_a_final_annual_report(
    client, demo, personas
):
    report = report_create(
        user=personas.secretariat, kind=Report.Kind.ANNUAL, period_label=str(demo["today"].year)
    )
    report_finalise(report=report, user=personas.secretariat)
    button = f"/reports/{report.pk}/work-points/"
    for persona, offered in [("secretariat", True), ("reader", False), ("inspector", False)]:
        client.force_login(getattr(personas, persona))
        page = client.get(f"/reports/{report.pk}/")
        assert page.status_code == 200
        assert (button in page.content.decode()) is offered, persona
