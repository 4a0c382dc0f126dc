"""The coordination actions the pages offer, through the API with each person's token: joint
meetings (schedule, agenda, minutes, agreed items, issue), assignments, instructions and the
needs of progress reports. Each endpoint's permission matrix over `zhenxing.testing.PEOPLE`,
the change log written, a stale version answering 409, a refused action answering 400 with
the service's wording, and the same result as the page's action."""

import datetime

import pytest

from zhenxing.audit.context import acting_as
from zhenxing.audit.models import ChangeRecord
from zhenxing.coordination import services
from zhenxing.coordination.models import Assignment, CoordinationMatter, Instruction, Meeting
from zhenxing.coordination.selectors import member_units
from zhenxing.coordination.tests.conftest import START
from zhenxing.coordination.tests.test_walkthrough import recorded
from zhenxing.lib import pagination
from zhenxing.orgs.models import Unit
from zhenxing.testing import (
    ANONYMOUS,
    INACTIVE,
    NO_ROLE,
    api_body,
    api_call,
    assert_query_baseline,
    bearer_client_for,
    client_for,
    expect,
    links,
    page_and_api,
    people,  # noqa: F401 (fixture)
    queries_of,
    token_matrix,
    walk_cursor,
    xlsx_texts,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/coordination"
HELD = START + datetime.timedelta(days=20)  # the world's meeting
SIGNED_OUT = {ANONYMOUS: 401, INACTIVE: 401, NO_ROLE: 403}
ADMINISTRATORS = dict.fromkeys(["system_admin", "security_admin", "audit_admin"], 403)


def business(status) -> dict:
    """Every business role `status`; administrators and the role-less 403; signed out 401."""
    return expect(status, **ADMINISTRATORS, **SIGNED_OUT)


def secretariat(status) -> dict:
    return expect(403, secretariat=status, **SIGNED_OUT)


MEETING = {"held_on": "2026-11-30", "title": "第二次联席会议"}
DECISION = {"text": "财政部研究资本金支持方案", "lead_unit_id": "{mof}", "due_date": "2026-12-31"}
ASSIGNMENT = {
    "title": "研究老工业基地调整改造",
    "assigned_by": "领导小组组长",
    "assigned_on": "2026-10-22",
    "lead_unit_id": "{ndrc}",
    "due_date": "2027-03-31",
}
INSTRUCTION = {
    "target": "matter",
    "target_id": "{matter}",
    "leader": "领导小组副组长",
    "text": "请抓紧研究。",
    "issued_on": "2026-10-22",
    "unit_ids": ["{miit}"],
}

MATRIX = [
    ("get", f"{API}/matters.xlsx", None, business(200)),
    ("get", f"{API}/meetings", None, business(200)),
    ("post", f"{API}/meetings", MEETING, secretariat(201)),
    ("get", f"{API}/meetings/{{meeting}}", None, business(200)),
    ("post", f"{API}/meetings/{{meeting}}/agenda/build", None, secretariat(200)),
    ("post", f"{API}/meetings/{{meeting}}/agenda", {"title": "听取工作汇报"}, secretariat(201)),
    (
        "put",
        f"{API}/meetings/{{meeting}}/minutes",
        {"minutes": "会议研究了资本金缺口。", "version": "{version}"},
        secretariat(200),
    ),
    ("post", f"{API}/meetings/{{meeting}}/decisions", DECISION, secretariat(201)),
    ("delete", f"{API}/decisions/{{decision}}", None, secretariat(204)),
    ("post", f"{API}/meetings/{{meeting}}/issue", None, secretariat(200)),
    ("get", f"{API}/assignments", None, business(200)),
    ("post", f"{API}/assignments", ASSIGNMENT, secretariat(201)),
    ("get", f"{API}/instructions", None, business(200)),
    ("post", f"{API}/instructions", INSTRUCTION, secretariat(201)),
    ("get", f"{API}/suggestions/{{suggestion}}", None, business(200)),
    ("get", f"{API}/needs", None, secretariat(200)),
    ("post", f"{API}/needs/{{need}}/promote", None, secretariat(201)),
]


@pytest.fixture
def ids(world, clock, personas, units, report_need) -> dict:
    """The day after the world's meeting, its minutes written and one agreed item recorded."""
    clock.set(HELD + datetime.timedelta(days=1))
    meeting = world.meeting
    with acting_as(user=personas.secretariat):
        meeting = services.meeting_minutes_save(
            meeting=meeting, user=personas.secretariat, minutes="初稿。", version=meeting.version
        )
        decision = services.decision_add(
            meeting=meeting,
            user=personas.secretariat,
            text="工业和信息化部牵头研究",
            lead_unit=units["miit"],
            due_date=datetime.date(2026, 12, 31),
        )
    return {
        "meeting": meeting.pk,
        "version": meeting.version,
        "decision": decision.pk,
        "matter": world.matter.pk,
        "need": report_need.pk,
        "suggestion": world.suggestion.pk,
        "ndrc": units["ndrc"].pk,
        "mof": units["mof"].pk,
        "miit": units["miit"].pk,
    }


@pytest.mark.parametrize(
    "method, url, body, expected", MATRIX, ids=[f"{m} {u}" for m, u, *_ in MATRIX]
)
def test_permission_matrix(people, ids, method, url, body, expected):  # noqa: F811
    url, body = url.format(**ids), api_body(body, ids)
    assert token_matrix(people, method, url, body) == expected


def meeting_state(meeting_id) -> dict:
    meeting = Meeting.objects.get(pk=meeting_id)
    return {
        "status": meeting.status,
        "minutes": meeting.minutes,
        "version": meeting.version,
        "agenda": list(meeting.agenda_items.values_list("position", "title", "matter_id")),
        "decisions": [
            (d.position, d.text, d.lead_unit_id, d.due_date, d.matter_id, d.task is not None)
            for d in meeting.decisions.select_related("task")
        ],
    }


def test_meeting_actions_leave_what_the_pages_leave(ids, personas, world):
    page, api = client_for(personas.secretariat), bearer_client_for(personas.secretariat)
    meeting = ids["meeting"]
    read = lambda: meeting_state(meeting)  # noqa: E731
    # The matter was escalated to the joint meeting so that building the agenda lists it.
    with acting_as(user=personas.secretariat):
        services.matter_escalate(matter=world.matter, user=personas.secretariat, reason="需会议")
    steps = [
        (f"/coordination/meetings/{meeting}/agenda/", {}, "post", "agenda/build", None),
        (
            f"/coordination/meetings/{meeting}/agenda/add/",
            {"title": "听取汇报"},
            "post",
            "agenda",
            {"title": "听取汇报"},
        ),
        (
            f"/coordination/meetings/{meeting}/minutes/",
            {"minutes": "改后的纪要。", "version": 2},
            "put",
            "minutes",
            {"minutes": "改后的纪要。", "version": 2},
        ),
        (
            f"/coordination/meetings/{meeting}/decisions/",
            {
                "text": "议定",
                "lead_unit": ids["mof"],
                "due_date": "2026-12-31",
                "matter": ids["matter"],
            },
            "post",
            "decisions",
            {
                "text": "议定",
                "lead_unit_id": ids["mof"],
                "due_date": "2026-12-31",
                "matter_id": ids["matter"],
            },
        ),
        (
            f"/coordination/meetings/{meeting}/issue/",
            {"confirm": "yes"},
            "post",
            "issue",
            None,
        ),
    ]
    for page_url, form, method, path, body in steps:
        from_page, from_api = page_and_api(
            lambda: page.post(page_url, form),  # noqa: B023
            lambda: api_call(api, method, f"{API}/meetings/{meeting}/{path}", body),  # noqa: B023
            read,
        )
        assert from_api == from_page, path
    assert read()["status"] == Meeting.Status.MINUTES_ISSUED
    assert CoordinationMatter.objects.get(pk=ids["matter"]).status == "decided"


def test_scheduling_a_meeting_is_the_pages_and_logged(ids, personas, units, mechanism):
    page, api = client_for(personas.secretariat), bearer_client_for(personas.secretariat)
    attending = [units["ndrc"].pk, units["mof"].pk]
    form = {
        "held_on": "2026-11-30",
        "convener": "召集人",
        "convener_unit": units["ndrc"].pk,
        "attending_units": attending,
    }
    body = {
        "held_on": "2026-11-30",
        "convener": "召集人",
        "convener_unit_id": units["ndrc"].pk,
        "attending_unit_ids": attending,
    }

    def read():
        meeting = Meeting.objects.latest("id")
        return (
            meeting.number,
            meeting.title,
            meeting.held_on,
            meeting.convener,
            meeting.convener_unit_id,
            sorted(meeting.attending_units.values_list("pk", flat=True)),
        )

    from_page, from_api = page_and_api(
        lambda: page.post("/coordination/meetings/new/", form),
        lambda: api_call(api, "post", f"{API}/meetings", body),
        read,
    )
    assert from_api == from_page
    meeting = Meeting.objects.latest("id")
    assert recorded(meeting, personas.secretariat, ChangeRecord.Action.CREATE)
    # Left out, the convener and attending units are the mechanism's, as the form offers them.
    response = api_call(api, "post", f"{API}/meetings", {"held_on": "2026-12-30"})
    assert response.status_code == 201
    assert response.json()["convener_unit_id"] == mechanism.convener_unit_id
    members = set(mechanism.current_memberships().values_list("unit_id", flat=True))
    assert set(response.json()["attending_unit_ids"]) == members


def test_a_stale_minutes_version_answers_409_with_the_current_meeting(ids, personas):
    api = bearer_client_for(personas.secretariat)
    url = f"{API}/meetings/{ids['meeting']}/minutes"
    stale = api_call(api, "put", url, {"minutes": "过时的修改", "version": ids["version"] - 1})
    assert stale.status_code == 409
    assert stale.json()["detail"].startswith("该记录已被他人修改")
    assert stale.json()["current"]["minutes"] == "初稿。"
    assert stale.json()["current"]["version"] == ids["version"]
    assert Meeting.objects.get(pk=ids["meeting"]).minutes == "初稿。"
    missing = api_call(api, "put", url, {"minutes": "没有版本号"})
    assert missing.status_code == 400
    assert "缺少所读取的版本号" in missing.json()["detail"]
    saved = api_call(api, "put", url, {"minutes": "定稿。", "version": ids["version"]})
    assert saved.status_code == 200 and saved.json()["version"] == ids["version"] + 1
    assert recorded(Meeting.objects.get(pk=ids["meeting"]), personas.secretariat, "update")


def test_refused_meeting_actions_answer_400_with_the_services_wording(ids, personas, clock):
    api = bearer_client_for(personas.secretariat)
    meeting = ids["meeting"]
    clock.set(HELD - datetime.timedelta(days=1))
    early = api_call(api, "post", f"{API}/meetings/{meeting}/issue")
    assert early.status_code == 400
    assert early.json() == {"detail": "会议尚未召开，不能填写或印发纪要。"}
    clock.set(HELD + datetime.timedelta(days=1))
    assert api_call(api, "post", f"{API}/meetings/{meeting}/issue").status_code == 200
    again = api_call(api, "post", f"{API}/meetings/{meeting}/agenda", {"title": "补充议题"})
    assert again.json() == {"detail": "会议纪要已印发，不能再修改。"}
    removed = api_call(api, "delete", f"{API}/decisions/{ids['decision']}")
    assert (removed.status_code, removed.json()) == (
        400,
        {"detail": "会议纪要已印发，不能再修改。"},
    )
    early_due = dict(api_body(DECISION, ids), due_date="2026-01-01")
    refused = api_call(api, "post", f"{API}/meetings/{meeting}/decisions", early_due)
    assert refused.status_code == 400


def test_form_choices_hold_for_the_api(ids, personas):
    """The page's form checks the body: a unit that is no member of the mechanism is refused as
    the page refuses it, and a matter not on the agenda cannot be decided."""
    api = bearer_client_for(personas.secretariat)
    not_member = Unit.objects.exclude(pk__in=member_units()).first()
    body = dict(api_body(DECISION, ids), lead_unit_id=not_member.pk)
    response = api_call(api, "post", f"{API}/meetings/{ids['meeting']}/decisions", body)
    assert response.status_code == 400 and response.json()["detail"].startswith("牵头单位")
    body = dict(api_body(DECISION, ids), matter_id=ids["matter"])
    response = api_call(api, "post", f"{API}/meetings/{ids['meeting']}/decisions", body)
    assert response.status_code == 400 and response.json()["detail"].startswith("对应协调事项")


def test_assignments_and_instructions_are_the_pages(ids, personas, units, world):
    page, api = client_for(personas.secretariat), bearer_client_for(personas.secretariat)

    def assignment():
        found = Assignment.objects.latest("id")
        return (
            found.title,
            found.assigned_by,
            found.lead_unit_id,
            found.due_date,
            found.task.code[:2],
        )

    form = {
        "title": "研究老工业基地调整改造",
        "assigned_by": "领导小组组长",
        "assigned_on": "2026-10-22",
        "lead_unit": ids["ndrc"],
        "due_date": "2027-03-31",
    }
    from_page, from_api = page_and_api(
        lambda: page.post("/coordination/assignments/", form),
        lambda: api_call(api, "post", f"{API}/assignments", api_body(ASSIGNMENT, ids)),
        assignment,
    )
    assert from_api == from_page
    assert recorded(Assignment.objects.latest("id"), personas.secretariat, "create")

    def instruction():
        found = Instruction.objects.latest("id")
        units_asked = list(found.responses.values_list("unit_id", "status"))
        return (found.object_id, found.leader, found.text, found.issued_on, units_asked)

    form = {
        "leader": "领导小组副组长",
        "text": "请抓紧研究。",
        "issued_on": "2026-10-22",
        "units": [ids["miit"]],
    }
    from_page, from_api = page_and_api(
        lambda: page.post(f"/coordination/instructions/new/?matter={ids['matter']}", form),
        lambda: api_call(api, "post", f"{API}/instructions", api_body(INSTRUCTION, ids)),
        instruction,
    )
    assert from_api == from_page
    assert recorded(Instruction.objects.latest("id"), personas.secretariat, "create")
    late = dict(api_body(INSTRUCTION, ids), response_due_date="2026-10-01")
    refused = api_call(api, "post", f"{API}/instructions", late)
    assert refused.json() == {"detail": "落实反馈期限不能早于批示日期。"}
    nowhere = dict(api_body(INSTRUCTION, ids), target_id=999999)
    assert api_call(api, "post", f"{API}/instructions", nowhere).status_code == 404


def test_a_need_is_promoted_once(ids, personas, units):
    api = bearer_client_for(personas.secretariat)
    assert [row["id"] for row in api.get(f"{API}/needs").json()] == [ids["need"]]
    response = api_call(api, "post", f"{API}/needs/{ids['need']}/promote")
    assert response.status_code == 201
    matter = CoordinationMatter.objects.get(pk=response.json()["id"])
    assert (matter.source_need_id, matter.raised_by_unit) == (ids["need"], units["liaoning"])
    assert recorded(matter, personas.secretariat, "create")
    assert api.get(f"{API}/needs").json() == []
    again = api_call(api, "post", f"{API}/needs/{ids['need']}/promote")
    assert again.json() == {"detail": "该需协调事项已转为协调事项。"}


@pytest.fixture
def many(ids, personas, units, mechanism):
    """Five meetings, assignments and instructions in all, newest first as the lists show."""
    with acting_as(user=personas.secretariat):
        for number in range(4):
            services.meeting_schedule(
                user=personas.secretariat,
                mechanism=mechanism,
                held_on=START + datetime.timedelta(days=30 + number),
                convener="召集人",
                convener_unit=units["ndrc"],
                attending_units=[units["ndrc"], units["mof"]],
            )
        for number in range(5):
            services.assignment_record(
                user=personas.secretariat,
                mechanism=mechanism,
                title=f"交办事项{number}",
                assigned_by="组长",
                assigned_on=START + datetime.timedelta(days=number),
                lead_unit=units["ndrc"],
                participating_units=[units["mof"]],
                due_date=datetime.date(2027, 6, 30),
            )
            services.instruction_attach(
                user=personas.secretariat,
                target=CoordinationMatter.objects.get(pk=ids["matter"]),
                leader="组长",
                text=f"批示{number}",
                issued_on=START + datetime.timedelta(days=number),
                units=[units["mof"], units["miit"]],
            )
    return {
        "meetings": list(Meeting.objects.order_by("-held_on", "-id").values_list("pk", flat=True)),
        "assignments": list(
            Assignment.objects.order_by("-assigned_on", "-id").values_list("pk", flat=True)
        ),
        "instructions": list(
            Instruction.objects.order_by("-issued_on", "-id").values_list("pk", flat=True)
        ),
    }


@pytest.mark.parametrize("noun", ["meetings", "assignments", "instructions"])
def test_lists_by_cursor_and_their_queries(many, personas, monkeypatch, noun):
    monkeypatch.setattr(pagination, "API_PAGE_SIZE", 2)
    url = f"{API}/{noun}"
    secretariat, member = client_for(personas.secretariat), client_for(personas.province_liaison)
    assert walk_cursor(secretariat, url) == many[noun]
    assert walk_cursor(member, url) == many[noun]  # members read all of these
    counts = {
        "first": queries_of(secretariat, url),
        "deep": queries_of(secretariat, links(secretariat.get(url))["next"]),
        "scoped": queries_of(member, url),
    }
    assert_query_baseline(f"{noun}.api", counts)


def test_lists_keep_to_the_mechanism_asked_for(many, personas):
    api = bearer_client_for(personas.secretariat)
    for noun in ("meetings", "assignments", "needs"):
        assert api.get(f"{API}/{noun}?mechanism=northeast").json(), noun
        assert api.get(f"{API}/{noun}?mechanism=nowhere").status_code == 403, noun


def test_the_matter_ledger_export_is_the_pages(ids, personas):
    page, api = client_for(personas.province_liaison), bearer_client_for(personas.province_liaison)
    from_page = page.get("/coordination/matters/export.xlsx?status=open")
    from_api = api.get(f"{API}/matters.xlsx?status=open")
    assert xlsx_texts(from_api.content) == xlsx_texts(from_page.content)
    assert "沈阳至白河高铁项目资本金缺口" in xlsx_texts(from_api.content)
    assert from_api["Content-Disposition"] == from_page["Content-Disposition"]
    closed = api.get(f"{API}/matters.xlsx?status=closed")
    assert "沈阳至白河高铁项目资本金缺口" not in xlsx_texts(closed.content)
    assert api.get(f"{API}/matters.xlsx?status=nonsense").status_code == 400
