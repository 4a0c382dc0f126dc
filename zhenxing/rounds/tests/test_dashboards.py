"""Dashboards: the number of queries does not grow with rows, colours at chosen dates, and every
table exported to .xlsx (read back with python-calamine), formulas neutralised."""

import datetime
import io
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from python_calamine import CalamineWorkbook

from zhenxing.audit.context import acting_as
from zhenxing.lib.colours import Colour
from zhenxing.policies.models import DivisionPlan, Task
from zhenxing.policies.services import division_plan_publish, task_create
from zhenxing.rounds import services
from zhenxing.rounds.models import PeriodKind, Submission
from zhenxing.rounds.selectors import light_of, task_lights
from zhenxing.rounds.tests.conftest import DUE_ON, write_and_submit
from zhenxing.testing import FORMULA_LIKE, assert_neutralised, xlsx_texts

# Session and user included (2 queries); see each view for what the others are. Every page also
# reads the person's mechanisms once for the header's switcher and the mechanism in use (#17).
SWITCHER = 1
QUERY_BOUNDS = {
    "/rounds/dashboard/": 22
    + SWITCHER,  # +1: the league table's periods to choose from (issue #14); +1 roll-ups (#17)
    "/rounds/overview/": 14 + SWITCHER,  # +1: the stored roll-ups of the tasks (issue #17)
    # + the chase log and the units without a reporting account (2); +1 the page's ids read
    # before its rows (FastPaginator: no OFFSET through the joined rows at volume, issue #19)
    "/rounds/{round}/": 15 + SWITCHER,
    "/rounds/": 6 + SWITCHER,
    "/rounds/extensions/": 4 + SWITCHER,
}
# /rounds/my/: +1, the stored roll-ups of the tasks (issue #17).
# /rounds/{round}/ for a unit: +2, its reports a page at a time (count, ids, rows; issue #19).
UNIT_QUERY_BOUNDS = {"/rounds/my/": 14 + SWITCHER, "/rounds/{round}/": 8 + SWITCHER}


def queries(client, url: str) -> int:
    client.get(url)  # the first request may touch the session
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def add_rows(world, personas, units, mechanism, tasks: int = 24):
    """A second published plan of `tasks` tasks and its round, reports in every state."""
    leads = [units["ndrc"], units["mof"], units["liaoning"]]
    with acting_as(user=personas.secretariat):
        plan = DivisionPlan.objects.create(title="追加方案", mechanism=mechanism)
        for number in range(tasks):
            task = task_create(
                plan=plan,
                user=personas.secretariat,
                title=f"追加任务{number}",
                lead_unit=leads[number % 3],
                code=f"A{number}",
                due_date=datetime.date(2026, 9 + number % 4, 1 + number % 27),
            )
            task.participating_units.set([units["jilin"], units["mof"]])
        division_plan_publish(plan=plan, user=personas.secretariat)
        second = services.round_open(
            user=personas.secretariat,
            tasks=plan.tasks.all(),
            period_kind=PeriodKind.MONTH,
            period_label="2026-09",
            due_date=DUE_ON,
        )
    submissions = list(second.submissions.select_related("unit"))
    people = {
        units["ndrc"].pk: personas.lead_liaison,
        units["mof"].pk: personas.participant_liaison,
        units["liaoning"].pk: personas.province_liaison,
        units["jilin"].pk: personas.outsider,
    }
    for index, submission in enumerate(submissions):
        if index % 4 == 0:
            continue
        done = write_and_submit(submission, people[submission.unit_id], f"进展{index}")
        if index % 4 == 2:
            services.submission_accept(submission=done, user=personas.secretariat)
        elif index % 4 == 3:
            services.submission_return(submission=done, user=personas.secretariat, note="补充")
    for task in plan.tasks.all()[:5]:
        services.assessment_record(task=task, user=personas.secretariat, rating="yellow")
    return second


@pytest.mark.django_db
def test_dashboards_use_a_constant_number_of_queries(
    client, django_assert_max_num_queries, personas, units, mechanism, world
):
    write_and_submit(world.submission(3, units["liaoning"]), personas.province_liaison)
    client.force_login(personas.secretariat)
    small = {url: queries(client, url.format(round=world.round.pk)) for url in QUERY_BOUNDS}
    client.force_login(personas.lead_liaison)
    small_unit = {
        url: queries(client, url.format(round=world.round.pk)) for url in UNIT_QUERY_BOUNDS
    }
    second = add_rows(world, personas, units, mechanism)
    assert Submission.objects.count() > 60
    client.force_login(personas.secretariat)
    for url, bound in QUERY_BOUNDS.items():
        with django_assert_max_num_queries(bound):
            client.get(url.format(round=second.pk))
        assert queries(client, url.format(round=second.pk)) == small[url], url
    client.force_login(personas.lead_liaison)
    for url, bound in UNIT_QUERY_BOUNDS.items():
        with django_assert_max_num_queries(bound):
            client.get(url.format(round=second.pk))
        assert queries(client, url.format(round=second.pk)) == small_unit[url], url


@pytest.mark.django_db
def test_colours_at_chosen_dates(personas, units, world):
    task1 = world.tasks[0]  # due 2026-12-31
    before = datetime.date(2026, 10, 1)
    assert light_of(task1.due_date, None, False, before).colour == Colour.GREEN
    assert light_of(task1.due_date, None, False, datetime.date(2026, 12, 5)).colour == Colour.YELLOW
    assert light_of(task1.due_date, None, False, datetime.date(2027, 1, 1)).colour == Colour.RED
    assert light_of(None, None, False, before).colour == Colour.GREEN  # standing task

    lead = world.submission(1, units["ndrc"])
    write_and_submit(lead, personas.lead_liaison, progress_status=Submission.Progress.AT_RISK)
    assert task_lights([task1], before)[task1.pk].colour == Colour.YELLOW
    # A participant's report does not colour the task; the lead's consolidated one does.
    write_and_submit(
        world.submission(1, units["mof"]),
        personas.participant_liaison,
        progress_status=Submission.Progress.DELAYED,
    )
    assert task_lights([task1], before)[task1.pk].colour == Colour.YELLOW
    # A draft does not count either.
    services.submission_save_draft(
        submission=world.submission(3, units["liaoning"]),
        user=personas.province_liaison,
        fields={"progress_status": Submission.Progress.DELAYED},
        expected_version=1,
    )
    task3 = world.tasks[2]
    assert task_lights([task3], before)[task3.pk].colour == Colour.GREEN


@pytest.mark.django_db
def test_the_dashboard_counts_colours_and_lists_overdue(client, clock, personas, units, world):
    write_and_submit(
        world.submission(3, units["liaoning"]),
        personas.province_liaison,
        progress_status=Submission.Progress.DELAYED,
    )
    clock.set(datetime.date(2026, 10, 25))  # task 2 (due 20 October) is overdue
    client.force_login(personas.secretariat)
    page = client.get("/rounds/dashboard/")
    assert page.context["counts"] == {"red": 2, "yellow": 0, "green": 1, "completed": 0}
    assert [row.task.code for row in page.context["overdue"]] == ["2"]
    filtered = client.get("/rounds/dashboard/?colour=red&sort=due")
    assert [row.task.code for row in filtered.context["page"]] == ["2", "3"]
    by_lead = client.get(f"/rounds/dashboard/?lead_unit={units['mof'].pk}")
    assert [row.task.code for row in by_lead.context["page"]] == ["2"]
    league = client.get("/rounds/dashboard/?league_sort=unit").context["league"]
    assert [row.unit for row in league] == sorted(row.unit for row in league)


def read_xlsx(content: bytes) -> list[list]:
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
    return workbook.get_sheet_by_index(0).to_python()


def has_formulas(content: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
        return any(b"<f>" in archive.read(name) or b"<f " in archive.read(name) for name in sheets)


@pytest.mark.django_db
def test_every_table_exports_to_xlsx_without_formulas(client, clock, personas, units, world):
    task2 = world.tasks[1]
    Task.objects.filter(pk=task2.pk).update(title='=HYPERLINK("http://evil.example","点我")')
    write_and_submit(world.submission(2, units["mof"]), personas.participant_liaison, "+1+1")
    services.extension_request_create(
        task=task2,
        unit=units["mof"],
        user=personas.participant_liaison,
        requested_due_date=datetime.date(2026, 12, 31),
        reason="@理由",
    )
    clock.set(datetime.date(2026, 10, 25))
    client.force_login(personas.secretariat)
    round_id = world.round.pk
    exports = {
        "/rounds/?export=rounds": "调度",
        f"/rounds/{round_id}/?export=completion": "单位",
        f"/rounds/{round_id}/?export=submissions": "调度",
        f"/rounds/{round_id}/?export=queue": "调度",
        "/rounds/dashboard/?export=rounds": "调度",
        "/rounds/dashboard/?export=tasks": "编号",
        "/rounds/dashboard/?export=overdue": "编号",
        "/rounds/dashboard/?export=league": "名次",
        "/rounds/dashboard/?export=queue": "调度",
        "/rounds/overview/?export=lagging": "编号",
        "/rounds/extensions/?export=extensions": "任务编号",
    }
    for url, first_header in exports.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Disposition"].startswith("attachment;"), url
        rows = read_xlsx(response.content)
        assert rows[0][0] == first_header, (url, rows[0])
        assert not has_formulas(response.content), url
    submissions = read_xlsx(client.get(f"/rounds/{round_id}/?export=submissions").content)
    mof_row = next(row for row in submissions if row[1] == "2" and row[3] == "财政部")
    assert mof_row[2] == '\'=HYPERLINK("http://evil.example","点我")'
    assert mof_row[9] == "'+1+1"
    assert mof_row[5] == "已报送"
    # Drafts' text never leaves in an export.
    assert all(row[9] == "" for row in submissions[1:] if row[5] == "未报送")
    overdue = read_xlsx(client.get("/rounds/dashboard/?export=overdue").content)
    assert [row[0] for row in overdue[1:]] == ["2"]
    assert overdue[1][4] == datetime.date(2026, 10, 20)
    extensions = read_xlsx(client.get("/rounds/extensions/?export=extensions").content)
    assert extensions[1][5] == "'@理由"
    league = read_xlsx(client.get("/rounds/dashboard/?export=league").content)
    assert league[0][:3] == ["名次", "单位", "应报"]
    assert {row[1] for row in league[1:]} >= {"财政部"}
    client.force_login(personas.participant_liaison)
    due = read_xlsx(client.get("/rounds/my/?export=due").content)
    assert {row[1] for row in due[1:]} == {"1"}
    unknown = client.get("/rounds/dashboard/?export=secrets")
    assert unknown.status_code == 403


@pytest.mark.django_db
def test_the_dashboard_exports_neutralise_formulas(client, clock, personas, units, world):
    for task, text in zip(world.tasks, FORMULA_LIKE[:3], strict=True):
        Task.objects.filter(pk=task.pk).update(title=text)
    services.extension_request_create(
        task=world.tasks[1],
        unit=units["mof"],
        user=personas.participant_liaison,
        requested_due_date=datetime.date(2026, 12, 31),
        reason=FORMULA_LIKE[3],
    )
    client.force_login(personas.secretariat)
    tasks = xlsx_texts(client.get("/rounds/dashboard/?export=tasks").content)
    submissions = xlsx_texts(client.get(f"/rounds/{world.round.pk}/?export=submissions").content)
    extensions = xlsx_texts(client.get("/rounds/extensions/?export=extensions").content)
    assert_neutralised(tasks, FORMULA_LIKE[:3])
    assert_neutralised(submissions, FORMULA_LIKE[:3])
    assert_neutralised(extensions, FORMULA_LIKE[3:])
