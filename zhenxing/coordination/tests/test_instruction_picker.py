"""Issue #14: recording a leader's instruction on a task picks the task by typing (a JSON
endpoint for the static picker; without script the typed text lists the matches as links)."""

import pytest

from zhenxing.audit.context import acting_as
from zhenxing.policies.models import DivisionPlan, Task
from zhenxing.policies.services import division_plan_publish, task_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def tasks(personas, units, mechanism):
    with acting_as(user=personas.secretariat):
        plan = DivisionPlan.objects.create(title="2026年东北振兴重点工作", mechanism=mechanism)
        made = [
            task_create(
                plan=plan,
                user=personas.secretariat,
                code=str(n),
                title=title,
                lead_unit=units["ndrc"],
            )
            for n, title in enumerate(["推进国资国企改革", "优化营商环境", "加强生态保护"] * 25, 1)
        ]
        draft = DivisionPlan.objects.create(title="草稿方案", mechanism=mechanism)
        task_create(
            plan=draft,
            user=personas.secretariat,
            code="1",
            title="营商环境草稿任务",
            lead_unit=units["ndrc"],
        )
        division_plan_publish(plan=plan, user=personas.secretariat)
    return made


def test_the_endpoint_answers_published_tasks_matching_the_text(client, personas, tasks):
    client.force_login(personas.secretariat)
    answer = client.get("/coordination/instructions/task-search/", {"q": "营商"}).json()
    assert len(answer["results"]) == 20  # 25 match; the picker shows the first 20
    assert {row["title"] for row in answer["results"]} == {"优化营商环境"}
    assert answer["results"][0] == {
        "id": tasks[1].pk, "code": "2", "title": "优化营商环境", "plan": "2026年东北振兴重点工作",
    }  # fmt: skip
    by_code = client.get("/coordination/instructions/task-search/", {"q": "75"}).json()
    assert [row["id"] for row in by_code["results"]] == [tasks[74].pk]
    assert client.get("/coordination/instructions/task-search/", {"q": " "}).json() == {
        "results": []
    }


def test_the_page_has_the_picker_not_a_long_dropdown(client, personas, tasks):
    client.force_login(personas.secretariat)
    page = client.get("/coordination/instructions/").content.decode()
    assert (
        'role="combobox"' in page
        and 'data-picker-url="/coordination/instructions/task-search/"' in page
    )
    assert "js/task-picker.js" in page
    assert (
        "<option"
        not in page[
            page.index('id="task-picker"') : page.index("</form>", page.index('id="task-picker"'))
        ]
    )


def test_without_script_the_typed_text_lists_links_to_choose(client, personas, tasks):
    client.force_login(personas.secretariat)
    response = client.get("/coordination/instructions/new/", {"task_q": "生态", "task": ""})
    assert response.status_code == 302 and "task_q=" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    matches = page[page.index('id="task-matches"') :]
    assert f'href="/coordination/instructions/new/?task={tasks[2].pk}"' in matches
    chosen = client.get(f"/coordination/instructions/new/?task={tasks[2].pk}")
    assert chosen.status_code == 200 and "加强生态保护" in chosen.content.decode()


def test_the_picker_chooses_a_task_by_id(client, personas, tasks):
    client.force_login(personas.secretariat)
    response = client.get(
        "/coordination/instructions/new/", {"task_q": "2 优化营商环境", "task": tasks[1].pk}
    )
    assert response.status_code == 200
    assert Task.objects.get(pk=tasks[1].pk).title in response.content.decode()
