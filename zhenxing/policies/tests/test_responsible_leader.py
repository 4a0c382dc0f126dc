"""分管领导 per task (issue #17 item 5, seed 004: 明确责任领导和责任单位): set in the row editor
and through the API (a revision after publication), shown on the plan and task pages, written
to the Excel division table and read back from it (also under its usual other headings)."""

import io

import pytest
import xlsxwriter
from django.urls import reverse

from zhenxing.policies.exchange import plan_to_xlsx, read_division_table
from zhenxing.policies.forms import TaskForm
from zhenxing.policies.models import TaskRevision
from zhenxing.policies.tests.test_exchange import sheet_rows
from zhenxing.testing import bearer_client_for, client_for, form_as_posted

pytestmark = pytest.mark.django_db
LEADER = "副市长 张某某"


def test_the_row_editor_sets_the_leader_and_the_plan_shows_it(world, personas):
    task = world.national_task
    client = client_for(personas.secretariat)
    data = form_as_posted(TaskForm(task=task)) | {"responsible_leader": f" {LEADER} "}
    data["reason"] = "明确分管领导"
    response = client.post(
        reverse("policies:task_edit", args=[task.pk]), data, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    task.refresh_from_db()
    assert task.responsible_leader == LEADER
    assert f'class="sub responsible-leader" title="分管领导">{LEADER}<' in response.content.decode()
    # The plan is published: the change is a revision with its reason.
    revision = TaskRevision.objects.filter(task=task).latest("pk")
    assert revision.changes["responsible_leader"] == ["", LEADER]
    detail = client.get(reverse("policies:task_detail", args=[task.pk])).content.decode()
    assert f'<dd class="responsible-leader">{LEADER}</dd>' in detail


def test_the_api_sets_and_returns_the_leader(world, personas):
    task = world.national_task
    api = bearer_client_for(personas.secretariat)
    answer = api.patch(
        f"/api/v1/policies/tasks/{task.pk}",
        {"expected_version": task.version, "responsible_leader": LEADER, "reason": "明确分管领导"},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["responsible_leader"] == LEADER
    too_long = api.patch(
        f"/api/v1/policies/tasks/{task.pk}",
        {"expected_version": task.version + 1, "responsible_leader": "长" * 51, "reason": "x"},
        content_type="application/json",
    )
    assert too_long.status_code == 422


def test_the_division_table_carries_the_leader_both_ways(world, personas):
    task = world.national_task
    from zhenxing.audit.context import acting_as
    from zhenxing.policies import services

    with acting_as(user=personas.secretariat):
        services.task_update(
            task=task,
            user=personas.secretariat,
            expected_version=task.version,
            changes={"responsible_leader": LEADER},
            reason="明确分管领导",
        )
    content = plan_to_xlsx(world.published)
    rows = sheet_rows(content)
    heading = rows[2].index("分管领导")
    assert [row[heading] for row in rows[3:] if row[heading]] == [LEADER]
    table = read_division_table("plan.xlsx", content)
    assert [row["responsible_leader"] for row in table.rows if row["responsible_leader"]] == [
        LEADER
    ]
    # A city's own table names the column otherwise (责任领导).
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["序号", "重点任务", "牵头单位", "责任领导", "完成时限"])
    sheet.write_row(1, 0, [1, "推进老工业区改造", "国家发展和改革委员会", LEADER, "2026年12月底前"])
    book.close()
    [row] = read_division_table("阜新分工表.xlsx", buffer.getvalue()).rows
    assert row["responsible_leader"] == LEADER
