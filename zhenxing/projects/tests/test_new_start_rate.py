"""Issue #14, break 6: 新开工率 = projects started ÷ projects planned to start in the period
(it showed 100 % whatever the data). Checked on the statistics page, the home page, the API
and the progress report's project section, with data where it is not 100 %."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from zhenxing.audit.context import acting_as
from zhenxing.orgs.models import User
from zhenxing.projects.models import Project
from zhenxing.projects.services import project_create
from zhenxing.reports.sections.projects import section as report_section


@pytest.fixture
def starts(regions):
    """This year: five projects planned to start, two of them started (one early, last
    December), three not; outside the count: one planned last year and started, one started
    without a planned date."""
    year = timezone.localdate().year
    day = lambda y, m, d: datetime.date(y, m, d)  # noqa: E731
    specs = [
        # (planned start, actual start, stage)
        (day(year, 3, 1), day(year, 4, 10), Project.Stage.NEW_START),
        (day(year, 2, 1), day(year - 1, 12, 20), Project.Stage.CONTINUING),
        (day(year, 5, 1), None, Project.Stage.PRELIMINARY),
        (day(year, 6, 1), None, Project.Stage.PRELIMINARY),
        (day(year, 1, 15), None, Project.Stage.RESERVE),
        (day(year - 1, 9, 1), day(year - 1, 9, 5), Project.Stage.CONTINUING),
        (None, day(year, 7, 1), Project.Stage.NEW_START),
    ]
    with acting_as(user=User.objects.get(username="secretariat")):
        for number, (planned, actual, stage) in enumerate(specs, start=1):
            project_create(
                national_code=f"{year - 1}-210102-36-03-{number:06d}",
                name=f"沈阳项目{number}",
                region=regions["210102"],
                industry="C",
                stage=stage,
                total_investment=Decimal("100000000"),
                planned_start=planned,
                actual_start=actual,
            )
    return year


def test_new_start_rate_is_started_over_planned(client, starts):
    client.force_login(User.objects.get(username="secretariat"))
    figures = client.get("/projects/statistics/").context["figures"]
    assert (figures["new_start_planned"], figures["new_start_started"]) == (5, 2)
    assert figures["new_start_rate"] == 40.0
    page = client.get("/projects/statistics/").content.decode()
    assert f"{starts}年新开工率（计划新开工 5 个，已开工 2 个）" in page
    assert 'data-figure="new_start_rate">40.0%' in page

    home = client.get("/").content.decode()
    assert 'data-figure="new_start_rate">40.0%' in home
    api = client.get("/api/v1/projects/statistics").json()
    assert (api["new_start_planned"], api["new_start_started"], api["new_start_rate"]) == (
        5,
        2,
        40.0,
    )


def test_report_counts_the_new_starts_of_its_period(starts):
    first_half = report_section(
        period_start=datetime.date(starts, 1, 1),
        period_end=datetime.date(starts, 6, 30),
        mechanism=None,
    )
    text = " ".join(first_half.paragraphs)
    assert "本期计划新开工项目5个，已开工2个，新开工率40.0%" in text
    first_quarter = report_section(
        period_start=datetime.date(starts, 1, 1),
        period_end=datetime.date(starts, 3, 31),
        mechanism=None,
    )
    # Planned January–March: three; the one due 1 March started in April, after the quarter.
    assert "本期计划新开工项目3个，已开工1个，新开工率33.3%" in " ".join(first_quarter.paragraphs)
