"""Two leads written (A、B牵头): the first is the task's lead unit, the others its co-leads, set
from the import page and the division-table import, shown as leads on the pages, exports and
API; a co-lead sees, splits and reports on the task as the lead unit does (issue 18)."""

import datetime
import re

import pytest

from zhenxing.audit.context import acting_as
from zhenxing.policies import services
from zhenxing.policies.exchange import plan_to_xlsx, read_division_table
from zhenxing.policies.models import PolicyDocument, Task
from zhenxing.policies.tests.conftest import PERSONAS, row
from zhenxing.policies.tests.test_exchange import sheet_rows
from zhenxing.rounds import services as round_services
from zhenxing.rounds.models import PeriodKind, Submission
from zhenxing.testing import client_for

TWO_LEADS = (
    "关于推进东北地区营商环境建设的工作方案\n"
    "一、重点任务\n"
    "（一）深化“放管服”改革，压减审批事项。（国家发展改革委、财政部牵头，商务部配合，2027年底前完成）\n"
)


def test_two_leads_from_the_import_page_are_lead_and_co_lead(personas, units):
    client = client_for(personas.secretariat)
    assert client.post("/policies/", {"text": TWO_LEADS}).status_code == 302
    document = PolicyDocument.objects.get()
    assert client.post(f"/policies/documents/{document.pk}/propose").status_code == 302
    task = Task.objects.get(plan__document=document)
    assert task.lead_unit == units["ndrc"]
    assert list(task.co_lead_units.all()) == [units["mof"]]
    assert list(task.participating_units.all()) == [units["mofcom"]]
    page = client.get(f"/policies/tasks/{task.pk}/").content.decode()
    assert "国家发展和改革委员会" in page and "财政部" in page and "共同牵头" in page
    plan_page = client.get(f"/policies/plans/{task.plan_id}/").content.decode()
    assert 'class="lead-unit co-lead"' in plan_page
    api = client.get(f"/api/v1/policies/tasks/{task.pk}").json()
    assert api["lead_unit_name"] == "国家发展和改革委员会"
    assert api["co_lead_unit_names"] == ["财政部"]


def test_two_leads_in_a_division_table_and_the_export_round_trip(personas, units):
    secretariat = personas.secretariat
    with acting_as(user=secretariat):
        plan = services.division_plan_import_table(
            user=secretariat,
            title="共同牵头",
            rows=[row("1", "任务", units["ndrc"]) | {"co_lead_units": [units["mof"]]}],
        )
    content = plan_to_xlsx(plan)
    table = read_division_table("plan.xlsx", content)
    [imported] = table.rows
    assert imported["lead_unit"] == units["ndrc"]
    assert imported["co_lead_units"] == [units["mof"]]
    assert imported["participating_units"] == []


@pytest.fixture
def co_led(personas, units, mechanism):
    """A published task NDRC leads with Liaoning as co-lead; MOF takes part."""
    secretariat = personas.secretariat
    with acting_as(user=secretariat):
        plan = services.division_plan_import_table(
            user=secretariat,
            title="共同牵头方案",
            rows=[
                row("1", "共同推进的任务", units["ndrc"], [units["mof"]])
                | {"co_lead_units": [units["liaoning-government"]]}
            ],
        )
        plan.mechanism = mechanism
        plan.save()
        services.division_plan_publish(plan=plan, user=secretariat)
    return plan.tasks.get()


# Who may split the co-led task (a lead's power) and request an extension on it.
SPLITS = {"secretariat", "lead_liaison", "province_liaison", "province_leader"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_co_lead_splits_and_asks_for_time_as_the_lead_does(persona, personas, units, co_led):
    client = client_for(getattr(personas, persona))
    data = {
        "part-TOTAL_FORMS": "1",
        "part-INITIAL_FORMS": "0",
        "part-0-title": "分解的子任务",
        "part-0-lead_unit": units["liaoning-drc"].pk
        if persona.startswith("province")
        else units["ndrc-regional-revitalization"].pk,
    }
    response = client.post(f"/policies/tasks/{co_led.pk}/split", data)
    if persona in SPLITS:
        assert response.status_code == 302, persona
        assert co_led.subtasks.count() == 1
    else:
        assert response.status_code in (403, 302) and co_led.subtasks.count() == 0, persona
    extension = client.get(f"/rounds/tasks/{co_led.pk}/extension/")
    asks = persona in {"lead_liaison", "province_liaison", "province_leader"}
    assert (extension.status_code == 200) == asks, persona


def test_a_co_lead_has_the_task_as_lead_and_reports_on_it(personas, units, co_led, mechanism):
    client = client_for(personas.province_liaison)
    page = client.get("/policies/tasks/mine/?role=lead").content.decode()
    assert "共同推进的任务" in page
    with acting_as(user=personas.secretariat):
        round_ = round_services.round_open(
            user=personas.secretariat,
            tasks=Task.objects.filter(pk=co_led.pk),
            period_kind=PeriodKind.QUARTER,
            period_label="2026Q3",
            due_date=datetime.date(2026, 10, 15),
            mechanism=mechanism,
        )
    roles = dict(round_.submissions.values_list("unit__code", "role"))
    assert roles == {
        "ndrc": Submission.Role.LEAD,
        "liaoning-government": Submission.Role.LEAD,
        "mof": Submission.Role.PARTICIPANT,
    }
    # The co-lead reads the participant's report once it is submitted, to consolidate it.
    participant = round_.submissions.get(unit=units["mof"])
    with acting_as(user=personas.participant_liaison):
        saved = round_services.submission_save_draft(
            submission=participant,
            user=personas.participant_liaison,
            fields={"progress_status": Submission.Progress.ON_TRACK, "progress": "已完成。"},
            expected_version=participant.version,
        )
        round_services.submission_submit(
            submission=saved, user=personas.participant_liaison, expected_version=saved.version
        )
    assert client.get(f"/rounds/submissions/{participant.pk}/").status_code == 200
    own_round = client.get(f"/rounds/{round_.pk}/").content.decode()
    assert re.search(r"</span></td>\s*<td>1</td>", own_round)  # 参加单位已报: 1, to consolidate
    outsider = client_for(personas.outsider)
    assert outsider.get(f"/rounds/submissions/{participant.pk}/").status_code in (403, 404)


def test_export_lists_every_lead(personas, units, co_led):
    rows = sheet_rows(plan_to_xlsx(co_led.plan))
    header = rows.index(next(r for r in rows if "牵头单位" in r))
    lead_column = rows[header].index("牵头单位")
    assert rows[header + 1][lead_column] == "国家发展改革委、辽宁省政府"
