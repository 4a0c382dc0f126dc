"""Instructions (批示) on tasks and matters, leading-group assignments, promoted report needs,
policy suggestions, the dashboard and the export."""

import datetime
import io
import zipfile
from xml.etree import ElementTree

import pytest
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhenxing.audit.context import acting_as
from zhenxing.audit.models import ChangeRecord
from zhenxing.coordination import services
from zhenxing.coordination.models import (
    Assignment,
    CoordinationMatter,
    InstructionResponse,
    Level,
    PolicySuggestion,
)
from zhenxing.coordination.selectors import instructions_for
from zhenxing.coordination.services import ASSIGNMENT_LEDGER
from zhenxing.coordination.tests.test_walkthrough import recorded
from zhenxing.notifications.models import Notification
from zhenxing.policies.models import DivisionPlan, PolicyDocument
from zhenxing.rounds.models import PeriodKind, Submission
from zhenxing.rounds.services import round_open
from zhenxing.testing import FORMULA_LIKE, assert_neutralised, xlsx_texts

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def xlsx_strings(content: bytes) -> list[str]:
    """Every text cell of a workbook written by xlsxwriter (its shared strings)."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        root = ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))
    return ["".join(t.text or "" for t in item.iter(f"{MAIN}t")) for item in root]


@pytest.mark.django_db
def test_an_instruction_is_shown_first_to_the_unit_concerned_and_its_response_tracked(
    client, world, personas, units
):
    notified = Notification.objects.filter(recipient=personas.participant_liaison)
    assert (
        notified.get(title__startswith="领导小组副组长批示").kind == Notification.Kind.INSTRUCTION
    )

    client.force_login(personas.participant_liaison)
    dashboard = client.get("/coordination/")
    assert list(dashboard.context["my_instructions"]) == [world.instruction_response]
    assert "请财政部抓紧研究，提出支持意见。" in dashboard.content.decode()
    page = client.get(f"/coordination/matters/{world.matter.pk}/")
    panel = page.context["instructions"]
    assert panel[0]["mine"] == world.instruction_response

    response = client.post(
        f"/coordination/instruction-responses/{world.instruction_response.pk}/respond/",
        {"response": "已会同有关司局研究，拟安排专项资金。", "next": "/coordination/"},
    )
    assert response["Location"] == "/coordination/"
    world.instruction_response.refresh_from_db()
    assert world.instruction_response.status == InstructionResponse.Status.RESPONDED
    assert recorded(world.instruction_response, personas.participant_liaison)
    assert not client.get("/coordination/").context["my_instructions"]

    # Liaoning reads the instruction on its matter but has nothing to answer.
    client.force_login(personas.province_liaison)
    page = client.get(f"/coordination/matters/{world.matter.pk}/")
    assert page.context["instructions"][0]["mine"] is None
    response = client.post(
        f"/coordination/instruction-responses/{world.instruction_response.pk}/respond/",
        {"response": "x"},
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_the_secretariat_attaches_an_instruction_to_a_task(client, world, personas, units):
    with acting_as(user=personas.secretariat):
        task = services.ledger_task_add(
            mechanism=world.matter.mechanism,
            ledger=ASSIGNMENT_LEDGER,
            user=personas.secretariat,
            code="交办-1",
            title="研究老工业城市更新改造支持政策",
            description="",
            lead_unit=units["ndrc"],
            participating_units=[units["liaoning"]],
            due_date=datetime.date(2026, 12, 31),
        )
    client.force_login(personas.secretariat)
    page = client.get(f"/coordination/instructions/new/?task={task.pk}")
    assert set(page.context["form"].initial["units"]) == {units["ndrc"].pk, units["liaoning"].pk}
    response = client.post(
        f"/coordination/instructions/new/?task={task.pk}",
        {
            "leader": "领导小组组长",
            "text": "要抓紧推进，年底前拿出方案。",
            "issued_on": "2026-10-02",
            "response_due_date": "2026-10-31",
            "units": [units["ndrc"].pk, units["liaoning"].pk],
        },
    )
    assert response.status_code == 302
    instruction = instructions_for(task).get()
    assert instruction.target == task
    assert set(instruction.responses.values_list("unit__code", flat=True)) == {
        "ndrc",
        "liaoning-government",
    }
    assert recorded(instruction, personas.secretariat, ChangeRecord.Action.CREATE)
    assert Notification.objects.filter(
        recipient=personas.province_leader, link=f"/policies/tasks/{task.pk}/"
    ).exists()
    # The task's pages show it, with the reply form to each unit concerned; the secretariat
    # records further instructions from there.
    new_link = f"/coordination/instructions/new/?task={task.pk}"
    for path in [f"/policies/tasks/{task.pk}/", f"/rounds/tasks/{task.pk}/"]:
        page = client.get(path).content.decode()
        assert "要抓紧推进，年底前拿出方案。" in page and new_link in page, path
    client.force_login(personas.province_liaison)
    for path in [f"/policies/tasks/{task.pk}/", f"/rounds/tasks/{task.pk}/"]:
        page = client.get(path).content.decode()
        assert "要抓紧推进，年底前拿出方案。" in page, path
        assert "反馈落实情况" in page and new_link not in page, path
    # Only tasks, matters and projects take instructions.
    with pytest.raises(ValidationError):
        services.instruction_attach(
            user=personas.secretariat,
            target=units["mof"],
            leader="x",
            text="x",
            issued_on=datetime.date(2026, 10, 2),
            units=[units["mof"]],
        )


@pytest.mark.django_db
def test_a_leading_group_assignment_decides_an_escalated_matter_and_is_tracked(
    client, world, personas, units, mechanism
):
    with acting_as(user=personas.secretariat):
        services.matter_escalate(matter=world.matter, user=personas.secretariat, reason="一")
        services.matter_escalate(matter=world.matter, user=personas.secretariat, reason="二")
    client.force_login(personas.secretariat)
    response = client.post(
        "/coordination/assignments/",
        {
            "title": "研究解决沈白高铁资本金问题",
            "assigned_by": "领导小组组长",
            "assigned_on": "2026-10-02",
            "lead_unit": units["ndrc"].pk,
            "participating_units": [units["mof"].pk],
            "due_date": "2026-11-30",
            "matter": world.matter.pk,
        },
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert assignment.task.plan.title == ASSIGNMENT_LEDGER
    assert assignment.task.plan.status == DivisionPlan.Status.PUBLISHED
    assert assignment.task.due_date == datetime.date(2026, 11, 30)
    matter = CoordinationMatter.objects.get(pk=world.matter.pk)
    assert (matter.level, matter.status) == (Level.LEADING_GROUP, CoordinationMatter.Status.DECIDED)
    assert recorded(assignment, personas.secretariat, ChangeRecord.Action.CREATE)
    with acting_as(user=personas.secretariat):
        round_ = round_open(
            user=personas.secretariat,
            tasks=assignment.task.plan.tasks.all(),
            period_kind=PeriodKind.MONTH,
            period_label="2026-10",
            due_date=datetime.date(2026, 11, 5),
        )
    assert round_.submissions.filter(unit=units["ndrc"], role=Submission.Role.LEAD).exists()


@pytest.mark.django_db
def test_a_report_need_is_promoted_to_a_coordination_matter(client, personas, units, report_need):
    need = report_need
    task = need.submission.task
    client.force_login(personas.secretariat)
    assert list(client.get("/coordination/").context["needs"]) == [need]
    response = client.post(f"/coordination/needs/{need.pk}/promote/")
    matter = CoordinationMatter.objects.get()
    assert response["Location"] == f"/coordination/matters/{matter.pk}/"
    assert (matter.source_need, matter.raised_by_unit) == (need, units["liaoning"])
    assert list(matter.tasks.all()) == [task]
    assert list(matter.proposed_units.all()) == [units["ndrc"]]
    assert not client.get("/coordination/").context["needs"]
    client.post(f"/coordination/needs/{need.pk}/promote/")
    assert CoordinationMatter.objects.count() == 1


@pytest.mark.django_db
def test_a_suggestion_is_studied_then_adopted_into_a_policy_or_declined(client, world, personas):
    suggestion = world.suggestion
    client.force_login(personas.secretariat)
    url = f"/coordination/suggestions/{suggestion.pk}/decide/"
    client.post(url, {"status": PolicySuggestion.Status.UNDER_STUDY})
    suggestion.refresh_from_db()
    assert suggestion.status == PolicySuggestion.Status.UNDER_STUDY
    client.post(url, {"status": PolicySuggestion.Status.ADOPTED})  # no policy named: refused
    suggestion.refresh_from_db()
    assert suggestion.status == PolicySuggestion.Status.UNDER_STUDY
    policy = PolicyDocument.objects.create(
        title="关于支持老工业城市更新改造的意见", text="……", source_format="pasted"
    )
    client.post(url, {"status": PolicySuggestion.Status.ADOPTED, "adopted_in": policy.pk})
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.adopted_in) == (PolicySuggestion.Status.ADOPTED, policy)
    assert recorded(suggestion, personas.secretariat, ChangeRecord.Action.UPDATE)

    with acting_as(user=personas.province_liaison):
        other = services.suggestion_propose(
            user=personas.province_liaison,
            mechanism=suggestion.mechanism,
            unit=suggestion.proposing_unit,
            kind=PolicySuggestion.Kind.RESEARCH_TOPIC,
            title="资源型城市转型研究",
            content="……",
        )
    with pytest.raises(ValidationError):
        services.suggestion_decide(
            suggestion=other, user=personas.secretariat, status=PolicySuggestion.Status.DECLINED
        )
    services.suggestion_decide(
        suggestion=other,
        user=personas.secretariat,
        status=PolicySuggestion.Status.DECLINED,
        reason="已纳入其他课题统筹研究。",
    )
    listed = client.get("/coordination/suggestions/?status=declined").context["suggestions"]
    assert list(listed) == [other]


@pytest.mark.django_db
def test_dashboard_counts_open_matters_by_level_and_age(client, world, clock, personas):
    clock.set(datetime.date(2026, 11, 15))  # the matter is 45 days old and its answers overdue
    client.force_login(personas.secretariat)
    board = client.get("/coordination/").context["board"]
    levels = {level: counts for level, _label, counts, _total in board.levels}
    assert levels[Level.SECRETARIAT] == [0, 0, 1, 0]
    assert levels[Level.JOINT_MEETING] == [0, 0, 0, 0]
    assert {r.unit.code for r in board.overdue} == {"mof", "miit"}


@pytest.mark.django_db
def test_matter_list_queries_do_not_grow_with_rows(client, world, personas, mechanism, units):
    client.force_login(personas.secretariat)
    client.get("/coordination/matters/")
    caches["lists"].clear()  # count the rows being built, not the copy kept from the first GET
    with CaptureQueriesContext(connection) as few:
        client.get("/coordination/matters/")
    with acting_as(user=personas.province_liaison):
        for number in range(5):
            services.matter_raise(
                user=personas.province_liaison,
                mechanism=mechanism,
                unit=units["liaoning"],
                title=f"事项{number}",
                description="……",
                category=CoordinationMatter.Category.OTHER,
            )
    caches["lists"].clear()
    with CaptureQueriesContext(connection) as many:
        client.get("/coordination/matters/")
    assert len(many) == len(few)


@pytest.mark.django_db
def test_the_export_neutralises_formulas(client, world, personas, mechanism, units):
    with acting_as(user=personas.province_liaison):
        services.matter_raise(
            user=personas.province_liaison,
            mechanism=mechanism,
            unit=units["liaoning"],
            title='=HYPERLINK("http://example.com","点击")',
            description="-1+1",
            category=CoordinationMatter.Category.OTHER,
        )
    client.force_login(personas.reader)
    response = client.get("/coordination/matters/export.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    strings = xlsx_strings(response.content)
    assert '\'=HYPERLINK("http://example.com","点击")' in strings
    assert "'-1+1" not in strings  # descriptions are not exported; titles are
    assert {"协调事项台账", "沈阳至白河高铁项目资本金缺口"} <= set(strings)
    assert not any(text.startswith(("=", "+", "-", "@")) for text in strings)


@pytest.mark.django_db
def test_matters_and_instructions_link_projects_by_their_code(
    client, clock, personas, units, project
):
    from zhenxing.coordination.tests.conftest import PROJECT_CODE

    client.force_login(personas.province_liaison)
    response = client.post(
        "/coordination/matters/new/",
        {
            "title": "产业园用地指标",
            "category": CoordinationMatter.Category.MAJOR_PROJECT,
            "description": "请自然资源部支持用地指标。",
            "projects": f"{PROJECT_CODE} ",
        },
    )
    assert response.status_code == 302
    assert list(CoordinationMatter.objects.get().projects.all()) == [project]
    response = client.post(
        "/coordination/matters/new/",
        {
            "title": "x",
            "category": "other",
            "description": "y",
            "projects": "2024-000000-00-00-000000",
        },
    )
    assert "项目库中没有这些项目" in response.content.decode()

    client.force_login(personas.secretariat)
    page = client.get(f"/coordination/instructions/new/?project_code={PROJECT_CODE}")
    assert page.context["target"] == project
    assert page.context["form"].initial["units"] == [units["liaoning"].pk]
    client.post(
        f"/coordination/instructions/new/?project_code={PROJECT_CODE}",
        {
            "leader": "领导小组副组长",
            "text": "请抓紧解决用地问题。",
            "issued_on": "2026-10-01",
            "units": [units["liaoning"].pk],
        },
    )
    assert instructions_for(project).get().target == project
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert "请抓紧解决用地问题。" in page
    assert Notification.objects.filter(
        recipient=personas.province_leader, link=f"/projects/{project.pk}/"
    ).exists()


@pytest.mark.django_db
def test_the_progress_report_gets_a_coordination_section(world, mechanism, clock):
    from zhenxing.reports.sections.coordination import section as report_section

    def quarter():
        return report_section(
            period_start=datetime.date(2026, 10, 1),
            period_end=datetime.date(2026, 12, 31),
            mechanism=mechanism,
        )

    section = quarter()  # 1 October: answers are due on the 10th, the meeting is on the 21st
    assert section.key == "coordination"
    assert section.paragraphs[0].startswith("本期成员单位提出协调事项1项（重大项目建设1项）")
    assert "逾期未答复0项" in section.paragraphs[0]
    assert section.paragraphs[1].startswith("召开联席会议0次")
    clock.set(datetime.date(2026, 10, 15))
    section = quarter()
    assert "逾期未答复2项" in section.paragraphs[0]
    assert section.paragraphs[1].startswith("召开联席会议0次")
    clock.set(datetime.date(2026, 10, 22))
    assert quarter().paragraphs[1].startswith("召开联席会议1次，形成议定事项0项")
    assert section.tables[0].rows[0][:2] == ["2026-001", "沈阳至白河高铁项目资本金缺口"]
    quiet = report_section(
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 3, 31),
        mechanism=None,
    )
    assert quiet is None


@pytest.mark.django_db
def test_any_page_can_show_the_instructions_of_its_object(rf, world, personas):
    from django.template import Context, Template

    request = rf.get("/")
    request.user = personas.participant_liaison
    html = Template("{% load coordination_tags %}{% instruction_panel matter %}").render(
        Context({"request": request, "matter": world.matter})
    )
    assert "领导小组副组长" in html and "反馈落实情况" in html
    request.user = personas.system_admin
    html = Template("{% load coordination_tags %}{% instruction_panel matter %}").render(
        Context({"request": request, "matter": world.matter})
    )
    assert "领导小组副组长" not in html


@pytest.mark.django_db
def test_the_matters_export_neutralises_every_formula_start(
    client, world, personas, mechanism, units
):
    with acting_as(user=personas.province_liaison):
        for text in FORMULA_LIKE:
            services.matter_raise(
                user=personas.province_liaison,
                mechanism=mechanism,
                unit=units["liaoning"],
                title=text,
                description="资本金缺口。",
                category=CoordinationMatter.Category.OTHER,
            )
    client.force_login(personas.reader)
    assert_neutralised(xlsx_texts(client.get("/coordination/matters/export.xlsx").content))
