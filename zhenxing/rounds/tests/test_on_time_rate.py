"""Issue #14, break 5: one on-time rate everywhere — reports due and first submitted by the end
of their due date ÷ reports due; reports whose due date has not passed are not counted.
Issue #14, reached for: the league table narrowed to a period (page, API, export)."""

import datetime

import pytest

from zhenxing.audit.context import acting_as
from zhenxing.orgs.models import Unit
from zhenxing.reports.builders import progress_report_content
from zhenxing.rounds import services
from zhenxing.rounds.models import PeriodKind
from zhenxing.rounds.tests.conftest import Clock, make_plan, write_and_submit


@pytest.fixture
def rounds_world(db, monkeypatch, personas, mechanism):
    """2026Q2's round (due 10 July): MOF on time, Liaoning late, the rest never. 2026Q3's round
    (due 15 October), on 5 October: NDRC has already reported, early; nothing else is due."""
    clock = Clock(monkeypatch, datetime.date(2026, 7, 1))
    codes = {"ndrc": "ndrc", "mof": "mof", "liaoning": "liaoning-government"}
    units = {key: Unit.objects.get(code=code) for key, code in codes.items()}
    people = {
        "ndrc": personas.lead_liaison,
        "mof": personas.participant_liaison,
        "liaoning": personas.province_liaison,
    }

    def open_round(label, due):
        with acting_as(user=personas.secretariat):
            return services.round_open(
                user=personas.secretariat,
                tasks=world.plan.tasks.all(),
                period_kind=PeriodKind.QUARTER,
                period_label=label,
                due_date=due,
                instructions="请报送进展。",
                mechanism=mechanism,
            )

    with acting_as(user=personas.secretariat):
        world = make_plan(user=personas.secretariat, units=units, mechanism=mechanism)
    second_quarter = open_round("2026Q2", datetime.date(2026, 7, 10))
    world.round = second_quarter
    clock.set(datetime.date(2026, 7, 5))
    write_and_submit(world.submission(1, units["mof"]), people["mof"])
    clock.set(datetime.date(2026, 7, 12))
    write_and_submit(world.submission(3, units["liaoning"]), people["liaoning"])
    clock.set(datetime.date(2026, 10, 1))
    world.round = open_round("2026Q3", datetime.date(2026, 10, 15))
    clock.set(datetime.date(2026, 10, 2))
    write_and_submit(world.submission(1, units["ndrc"]), people["ndrc"])
    clock.set(datetime.date(2026, 10, 5))
    return units


def league_rows(client, query=""):
    response = client.get(f"/rounds/dashboard/{query}")
    assert response.status_code == 200
    return {row.unit: row for row in response.context["league"]}, response.content.decode()


def test_league_table_counts_only_reports_already_due(client, personas, rounds_world):
    client.force_login(personas.secretariat)
    rows, _page = league_rows(client)
    ndrc, mof = rows["国家发展改革委"], rows["财政部"]
    # NDRC reported early in the open round: neither due nor on time yet (was 1 of 3, 33 %).
    assert (ndrc.due, ndrc.on_time, ndrc.on_time_rate) == (2, 0, 0.0)
    assert (mof.due, mof.on_time, mof.on_time_rate) == (2, 1, 0.5)
    assert (rows["辽宁省政府"].due, rows["辽宁省政府"].on_time) == (2, 0)  # late, and never


def test_league_table_for_a_period(client, personas, rounds_world):
    client.force_login(personas.secretariat)
    rows, page = league_rows(client, "?league_period=2026Q3")
    assert all(row.due == 0 for row in rows.values())
    assert 'value="2026Q3" selected' in page and "2026年第三季度" in page
    rows, _page = league_rows(client, "?league_period=2026Q2")
    assert rows["财政部"].submitted == 1 and rows["国家发展改革委"].submitted == 0
    export = client.get("/rounds/dashboard/?league_period=2026Q3&export=league")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd")

    api = client.get("/api/v1/rounds/dashboards/league?period=2026Q2").json()
    assert {row["unit"]: row["on_time_rate"] for row in api}["财政部"] == 0.5
    api = client.get("/api/v1/rounds/dashboards/league?period=2026Q3").json()
    assert all(row["due"] == 0 for row in api)
    assert client.get("/api/v1/rounds/dashboards/league?period=soon").status_code == 422


def test_report_uses_the_same_definition(personas, rounds_world):
    year = progress_report_content(period_label="2026").figures
    assert (year["submissions_total"], year["submissions_due"]) == (12, 6)
    assert (year["submissions_on_time"], year["on_time_rate"]) == (1, 1 / 6)
    # Before its due date, the open round has no on-time rate at all (was 1 of 6, 16.7 %).
    content = progress_report_content(period_label="2026Q3")
    assert content.figures["submissions_due"] == 0 and content.figures["on_time_rate"] == 0.0
    overview = " ".join(content.sections[0].paragraphs)
    assert "已到截止日期的应报送进展报告0份，按时报送0份，按时报送率—" in overview
