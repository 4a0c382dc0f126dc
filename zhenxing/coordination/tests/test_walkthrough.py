"""Issue #6 through the web client: a province raises a matter → two ministries are asked →
one answers in time, one late (red) → the province disputes → escalated to a joint meeting →
the meeting's agreed item becomes a task with a deadline → it appears in the next reporting
round. Every step is checked in the database and in the audit log with the acting persona.
"""

import datetime
from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from zhenxing.audit.context import acting_as
from zhenxing.audit.models import ChangeRecord
from zhenxing.coordination.models import (
    AgendaItem,
    CoordinationMatter,
    Decision,
    Escalation,
    Level,
    MatterRequest,
    Meeting,
)
from zhenxing.coordination.services import MEETING_LEDGER
from zhenxing.lib.colours import Colour
from zhenxing.notifications.models import Notification
from zhenxing.policies.models import DivisionPlan, Task
from zhenxing.rounds.models import PeriodKind, Submission
from zhenxing.rounds.services import round_open

Status = CoordinationMatter.Status


def recorded(instance, user, action=None) -> list[ChangeRecord]:
    records = ChangeRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(type(instance)),
        object_id=str(instance.pk),
        user=user,
    )
    if action:
        records = records.filter(action=action)
    return list(records)


def lights_on_page(response) -> dict[str, tuple[str, str]]:
    return {
        item.unit.code: (light.colour, light.reason) for item, light in response.context["requests"]
    }


@pytest.mark.django_db
def test_a_matter_from_a_province_to_the_next_reporting_round(
    client, clock, personas, units, miit_liaison, mechanism
):
    # 1 October: Liaoning raises a major-project matter, suggesting MOF and MIIT.
    client.force_login(personas.province_liaison)
    response = client.post(
        "/coordination/matters/new/",
        {
            "title": "沈阳至白河高铁项目资本金缺口",
            "category": CoordinationMatter.Category.MAJOR_PROJECT,
            "description": "项目资本金缺口约20亿元，请财政部、工业和信息化部协调支持。",
            "proposed_units": [units["mof"].pk, units["miit"].pk],
            "response_due_date": "2026-10-15",
        },
    )
    matter = CoordinationMatter.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/coordination/matters/{matter.pk}/"
    assert matter.raised_by_unit == units["liaoning"]
    assert matter.code == "2026-001"
    assert (matter.status, matter.level) == (Status.SUBMITTED, Level.SECRETARIAT)
    assert recorded(matter, personas.province_liaison, ChangeRecord.Action.CREATE)

    # The secretariat routes it to the two ministries, answers due 10 October.
    client.force_login(personas.secretariat)
    response = client.post(
        f"/coordination/matters/{matter.pk}/route/",
        {"units": [units["mof"].pk, units["miit"].pk], "due_date": "2026-10-10"},
    )
    assert response.status_code == 302
    matter.refresh_from_db()
    assert matter.status == Status.IN_PROGRESS
    mof_request = matter.requests.get(unit=units["mof"])
    miit_request = matter.requests.get(unit=units["miit"])
    assert mof_request.due_date == miit_request.due_date == datetime.date(2026, 10, 10)
    assert recorded(miit_request, personas.secretariat, ChangeRecord.Action.CREATE)
    asked = Notification.objects.filter(link=f"/coordination/matters/{matter.pk}/")
    assert set(asked.values_list("recipient__username", flat=True)) == {
        "participant.liaison",
        "miit.liaison",
    }
    assert set(asked.values_list("kind", flat=True)) == {Notification.Kind.MATTER_REQUEST}

    # 5 October: MOF answers in time.
    clock.set(datetime.date(2026, 10, 5))
    client.force_login(personas.participant_liaison)
    response = client.post(
        f"/coordination/requests/{mof_request.pk}/respond/",
        {"response": "财政部同意通过中央预算内投资予以支持。"},
    )
    assert response.status_code == 302
    mof_request.refresh_from_db()
    assert mof_request.status == MatterRequest.Status.RESPONDED
    assert recorded(mof_request, personas.participant_liaison, ChangeRecord.Action.UPDATE)

    # 8 October: MIIT's answer is due in two days, and it is told so once; MOF has answered.
    clock.set(datetime.date(2026, 10, 8))
    call_command("coordination", "send-reminders", stdout=StringIO())
    call_command("coordination", "send-reminders", stdout=StringIO())
    due_soon = Notification.objects.filter(
        kind=Notification.Kind.DUE_SOON, link__contains="/coordination/"
    )
    assert list(due_soon.values_list("recipient__username", "title")) == [
        ("miit.liaison", f"距协调事项答复期限还有2天：{matter.title}")
    ]

    # 12 October: MIIT has not answered; it shows red like an overdue task, and is reminded once.
    clock.set(datetime.date(2026, 10, 12))
    client.force_login(personas.secretariat)
    page = client.get(f"/coordination/matters/{matter.pk}/")
    lights = lights_on_page(page)
    assert lights["mof"] == (Colour.GREEN, "按期答复")
    assert lights["miit"] == (Colour.RED, "已逾期2天未答复")
    dashboard = client.get("/coordination/")
    assert [r.unit for r in dashboard.context["board"].overdue] == [units["miit"]]
    out = StringIO()
    call_command("coordination", "send-reminders", stdout=out)
    call_command("coordination", "send-reminders", stdout=out)
    overdue = Notification.objects.filter(kind=Notification.Kind.OVERDUE)
    assert list(overdue.values_list("recipient__username", flat=True)) == ["miit.liaison"]

    # MIIT answers late: still red, saying how late; every unit has now answered.
    client.force_login(miit_liaison)
    client.post(
        f"/coordination/requests/{miit_request.pk}/respond/",
        {"response": "工业和信息化部将在产业基础再造工程中统筹考虑。"},
    )
    matter.refresh_from_db()
    assert matter.status == Status.RESPONDED
    client.force_login(personas.secretariat)
    assert lights_on_page(client.get(f"/coordination/matters/{matter.pk}/"))["miit"] == (
        Colour.RED,
        "逾期2天答复",
    )
    assert recorded(miit_request, miit_liaison, ChangeRecord.Action.UPDATE)

    # Liaoning is not satisfied with MIIT's answer and disputes it.
    client.force_login(personas.province_liaison)
    client.post(
        f"/coordination/matters/{matter.pk}/confirm/",
        {"accepted": "no", "opinion": "工业和信息化部的答复未明确资金来源。"},
    )
    matter.refresh_from_db()
    assert matter.status == Status.DISPUTED
    assert recorded(matter, personas.province_liaison, ChangeRecord.Action.UPDATE)

    # The secretariat escalates it to the joint meeting, with the reason.
    client.force_login(personas.secretariat)
    client.post(
        f"/coordination/matters/{matter.pk}/escalate/",
        {"reason": "涉及多个部门资金安排，秘书处层面难以协调一致。"},
    )
    matter.refresh_from_db()
    assert (matter.status, matter.level) == (Status.AWAITING_DECISION, Level.JOINT_MEETING)
    escalation = Escalation.objects.get(matter=matter)
    assert (escalation.from_level, escalation.to_level) == (Level.SECRETARIAT, Level.JOINT_MEETING)
    assert recorded(escalation, personas.secretariat, ChangeRecord.Action.CREATE)

    # A joint meeting is scheduled; its agenda is built from the matters awaiting decision.
    response = client.post(
        "/coordination/meetings/new/",
        {
            "held_on": "2026-10-20",
            "convener": "国家发展改革委副主任",
            "convener_unit": units["ndrc"].pk,
            "attending_units": [units[n].pk for n in ("ndrc", "mof", "miit", "liaoning")],
        },
    )
    meeting = Meeting.objects.get()
    assert response["Location"] == f"/coordination/meetings/{meeting.pk}/"
    assert meeting.number == 1 and "第1次会议" in meeting.title
    client.post(f"/coordination/meetings/{meeting.pk}/agenda/")
    assert list(AgendaItem.objects.filter(meeting=meeting).values_list("matter", flat=True)) == [
        matter.pk
    ]

    # 20 October: the meeting is held; minutes and one agreed item, then the minutes are issued.
    clock.set(datetime.date(2026, 10, 20))
    client.force_login(personas.secretariat)  # sessions last a working day, not three weeks
    client.post(
        f"/coordination/meetings/{meeting.pk}/minutes/",
        {
            "minutes": "会议研究了沈阳至白河高铁项目资本金问题，议定如下。",
            "version": meeting.version,
        },
    )
    client.post(
        f"/coordination/meetings/{meeting.pk}/decisions/",
        {
            "text": "工业和信息化部会同财政部、辽宁省研究提出资本金筹措方案",
            "matter": matter.pk,
            "lead_unit": units["miit"].pk,
            "participating_units": [units["mof"].pk, units["liaoning"].pk],
            "due_date": "2026-12-31",
        },
    )
    decision = Decision.objects.get(meeting=meeting)
    assert decision.task is None  # a task only once the minutes are issued
    # Issuing is irreversible: without the ticked confirmation (issue #14) nothing happens.
    page = client.get(f"/coordination/meetings/{meeting.pk}/").content.decode()
    assert 'name="confirm"' in page[page.index('id="issue-form"') :]
    refused = client.post(f"/coordination/meetings/{meeting.pk}/issue/", follow=True)
    assert "请先勾选确认" in refused.content.decode()
    meeting.refresh_from_db()
    assert meeting.status != Meeting.Status.MINUTES_ISSUED
    client.post(f"/coordination/meetings/{meeting.pk}/issue/", {"confirm": "yes"})
    meeting.refresh_from_db()
    decision.refresh_from_db()
    matter.refresh_from_db()
    assert meeting.status == Meeting.Status.MINUTES_ISSUED
    assert matter.status == Status.DECIDED

    # The agreed item is a tracked task with lead unit and deadline in the published ledger.
    task = decision.task
    assert task.plan.title == MEETING_LEDGER
    assert task.plan.status == DivisionPlan.Status.PUBLISHED
    assert (task.lead_unit, task.due_date) == (units["miit"], datetime.date(2026, 12, 31))
    assert set(task.participating_units.all()) == {units["mof"], units["liaoning"]}
    assert list(matter.tasks.all()) == [task]
    assert recorded(task, personas.secretariat, ChangeRecord.Action.CREATE)
    assert recorded(meeting, personas.secretariat, ChangeRecord.Action.UPDATE)

    # The next reporting round over the ledger asks MIIT (lead) and the participants to report.
    with acting_as(user=personas.secretariat):
        round_ = round_open(
            user=personas.secretariat,
            tasks=Task.objects.filter(plan=task.plan),
            period_kind=PeriodKind.QUARTER,
            period_label="2026Q4",
            due_date=datetime.date(2027, 1, 10),
            mechanism=mechanism,
        )
    lead = Submission.objects.get(round=round_, task=task, role=Submission.Role.LEAD)
    assert lead.unit == units["miit"]
    assert set(
        Submission.objects.filter(
            round=round_, task=task, role=Submission.Role.PARTICIPANT
        ).values_list("unit__code", flat=True)
    ) == {"mof", "liaoning-government"}
    assert Notification.objects.filter(
        recipient=miit_liaison, link=f"/rounds/{round_.pk}/"
    ).exists()


@pytest.mark.django_db
def test_a_matter_confirmed_by_the_raising_unit_is_resolved(
    client, world, personas, units, miit_liaison
):
    for unit, user in ((units["mof"], personas.participant_liaison), (units["miit"], miit_liaison)):
        client.force_login(user)
        client.post(
            f"/coordination/requests/{world.request_of(unit).pk}/respond/", {"response": "同意。"}
        )
    client.force_login(personas.province_leader)
    response = client.post(f"/coordination/matters/{world.matter.pk}/confirm/", {"accepted": "yes"})
    assert response.status_code == 302
    matter = CoordinationMatter.objects.get(pk=world.matter.pk)
    assert matter.status == Status.RESOLVED
    assert matter.resolution == "提出单位确认答复意见。"
    assert recorded(matter, personas.province_leader, ChangeRecord.Action.UPDATE)


@pytest.mark.django_db
def test_the_ladder_ends_at_the_leading_group(client, world, personas):
    client.force_login(personas.secretariat)
    for reason in ("秘书处协调未果。", "联席会议研究后仍需领导小组决策。"):
        client.post(f"/coordination/matters/{world.matter.pk}/escalate/", {"reason": reason})
    matter = CoordinationMatter.objects.get(pk=world.matter.pk)
    assert matter.level == Level.LEADING_GROUP
    assert list(matter.escalations.values_list("to_level", "reason")) == [
        (Level.JOINT_MEETING, "秘书处协调未果。"),
        (Level.LEADING_GROUP, "联席会议研究后仍需领导小组决策。"),
    ]
    response = client.post(f"/coordination/matters/{matter.pk}/escalate/", {"reason": "再提级"})
    assert response.status_code == 302
    assert matter.escalations.count() == 2  # refused: there is no step above the leading group
    response = client.post(f"/coordination/matters/{matter.pk}/escalate/", {"reason": ""})
    assert matter.escalations.count() == 2  # a reason is required
