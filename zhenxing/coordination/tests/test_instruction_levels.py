"""Leaders' instructions by mechanism: an instruction belongs to its task's or matter's
mechanism (a project's: the one it is recorded in), and each mechanism's list, API and task
picker show its own."""

import datetime

import pytest

from zhenxing.audit.context import acting_as
from zhenxing.coordination import services
from zhenxing.coordination.models import CoordinationMatter, Instruction
from zhenxing.mechanisms.models import Mechanism
from zhenxing.orgs.models import Unit
from zhenxing.testing import bearer_client_for, client_for, level_secretariats

START = datetime.date(2026, 11, 2)


@pytest.fixture
def provincial(world, personas, units):
    """Liaoning's mechanism with a ledger task and a matter, an instruction on each."""
    secretary = level_secretariats()["liaoning"]
    mechanism = Mechanism.objects.get(code="liaoning")
    shenyang = Unit.objects.get(code="shenyang-government")
    with acting_as(user=secretary):
        task = services.ledger_task_add(
            mechanism=mechanism,
            ledger="省领导交办事项",
            user=secretary,
            code="1",
            title="推进沈阳老工业区搬迁改造",
            description="",
            lead_unit=shenyang,
            participating_units=[],
            due_date=datetime.date(2027, 6, 30),
        )
        matter = services.matter_raise(
            user=secretary,
            mechanism=mechanism,
            unit=shenyang,
            title="沈阳老工业区搬迁用地指标",
            description="请省自然资源厅协调用地指标。",
            category=CoordinationMatter.Category.OTHER,
            proposed_units=[],
        )
        for target, text in ((task, "请沈阳市加快搬迁改造。"), (matter, "请抓紧协调用地。")):
            services.instruction_attach(
                user=secretary,
                target=target,
                leader="省长",
                text=text,
                issued_on=START,
                units=[shenyang],
            )
    return {"secretary": secretary, "mechanism": mechanism, "task": task}


def texts_on_page(user) -> set[str]:
    page = client_for(user).get("/coordination/instructions/")
    assert page.status_code == 200
    return {instruction.text for instruction, _target in page.context["rows"]}


def texts_by_api(user, query="") -> set[str]:
    answer = bearer_client_for(user).get(f"/api/v1/coordination/instructions{query}")
    assert answer.status_code == 200, answer.content
    return {row["text"] for row in answer.json()}


def test_an_instruction_takes_its_task_or_matter_mechanism(provincial, world):
    by_text = {row.text: row.mechanism for row in Instruction.objects.all()}
    assert by_text["请沈阳市加快搬迁改造。"] == provincial["mechanism"]
    assert by_text["请抓紧协调用地。"] == provincial["mechanism"]
    assert by_text["请财政部抓紧研究，提出支持意见。"] == world.matter.mechanism


def test_each_mechanism_lists_its_own_instructions(provincial, personas):
    national = {"请财政部抓紧研究，提出支持意见。"}
    own = {"请沈阳市加快搬迁改造。", "请抓紧协调用地。"}
    assert texts_on_page(personas.secretariat) == national
    assert texts_by_api(personas.secretariat) == national
    assert texts_on_page(provincial["secretary"]) == own
    assert texts_by_api(provincial["secretary"]) == own
    assert texts_by_api(provincial["secretary"], "?mechanism=liaoning") == own
    refused = bearer_client_for(personas.secretariat).get(
        "/api/v1/coordination/instructions?mechanism=liaoning"
    )
    assert refused.status_code == 403


def test_an_instruction_on_a_project_belongs_where_it_is_recorded(provincial, project):
    api = bearer_client_for(provincial["secretary"])
    answer = api.post(
        "/api/v1/coordination/instructions",
        {
            "target": "project",
            "target_id": project.pk,
            "leader": "省长",
            "text": "请加快项目建设。",
            "issued_on": "2026-11-02",
            "unit_ids": [project.responsible_unit_id],
        },
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.content
    assert answer.json()["mechanism_id"] == provincial["mechanism"].pk
    assert Instruction.objects.get(text="请加快项目建设。").mechanism == provincial["mechanism"]


def test_the_task_picker_offers_the_mechanism_s_tasks(provincial, personas, report_need):
    def found(user, query):
        answer = client_for(user).get(f"/coordination/instructions/task-search/?q={query}")
        assert answer.status_code == 200
        return {row["title"] for row in answer.json()["results"]}

    assert found(provincial["secretary"], "推进") == {"推进沈阳老工业区搬迁改造"}
    assert found(personas.secretariat, "推进") == {"推进辽宁营商环境改革"}


def test_instructions_recorded_before_levels_get_their_target_s_mechanism(provincial, world):
    """The migration's data step (0004), run over rows as an older version left them."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("zhenxing.coordination.migrations.0004_instruction_mechanism")
    Instruction.objects.update(mechanism=None)
    migration.fill_from_targets(apps, None)
    by_text = {row.text: row.mechanism for row in Instruction.objects.all()}
    assert by_text == {
        "请沈阳市加快搬迁改造。": provincial["mechanism"],
        "请抓紧协调用地。": provincial["mechanism"],
        "请财政部抓紧研究，提出支持意见。": world.matter.mechanism,
    }
