"""Issue #16 item 6: units report figures against catalogue indicators in reporting rounds; an
accepted report's figures become observations of the unit's region for the round's period."""

import datetime
from decimal import Decimal

import pytest

from zhenxing.audit.context import acting_as
from zhenxing.indicators.models import Observation
from zhenxing.indicators.services import catalogue_load_shipped
from zhenxing.rounds import services
from zhenxing.rounds.tests.conftest import write_and_submit

pytestmark = pytest.mark.django_db

FIGURES = {
    "figure_key_0": "地区生产总值增速（%）",
    "figure_value_0": "5.3%",
    "figure_key_1": "完成投资（亿元）",  # not in the catalogue: stays in the report only
    "figure_value_1": "12.5",
    "figure_key_2": "货物进出口总额",
    "figure_value_2": "约1,234.5",
    "figure_key_3": "城镇调查失业率（%）",
    "figure_value_3": "待统计",  # no number: nothing recorded
}


def figures(**rows):
    return {rows[f"figure_key_{i}"]: rows[f"figure_value_{i}"] for i in range(4)}


def test_accepted_figures_become_observations_of_the_units_region(world, personas, units, clock):
    catalogue_load_shipped()
    submission = write_and_submit(
        world.submission(1, units["liaoning"]),
        personas.province_liaison,
        figures=figures(**FIGURES),
    )
    assert not Observation.objects.exists()  # submitted, not yet accepted
    with acting_as(user=personas.secretariat):
        services.submission_accept(submission=submission, user=personas.secretariat)
    recorded = {
        o.indicator.code: o for o in Observation.objects.select_related("indicator", "region")
    }
    assert set(recorded) == {"gdp_growth", "foreign_trade"}
    growth = recorded["gdp_growth"]
    assert growth.region is not None and growth.region == units["liaoning"].region
    # a year-to-date indicator reported in the third quarter's round covers January–September
    assert growth.period == "2026-01/2026-09"
    assert (growth.period_start, growth.period_end) == (
        datetime.date(2026, 1, 1),
        datetime.date(2026, 9, 30),
    )
    assert growth.value == Decimal("5.3")
    assert growth.source_kind == Observation.SourceKind.UNIT_REPORT
    assert growth.source_sentence == "地区生产总值增速（%）：5.3%"
    assert growth.recorded_by == personas.secretariat
    assert recorded["foreign_trade"].value == Decimal("1234.5")


def test_a_returned_report_records_nothing(world, personas, units):
    catalogue_load_shipped()
    submission = write_and_submit(
        world.submission(1, units["liaoning"]),
        personas.province_liaison,
        figures=figures(**FIGURES),
    )
    with acting_as(user=personas.secretariat):
        services.submission_return(
            submission=submission, user=personas.secretariat, note="请核实数据。"
        )
    assert not Observation.objects.exists()


def test_the_report_editor_offers_the_catalogue(client, world, personas, units):
    catalogue_load_shipped()
    client.force_login(personas.province_liaison)
    page = client.get(f"/rounds/submissions/{world.submission(1, units['liaoning']).pk}/")
    html = page.content.decode()
    assert '<datalist id="indicator-labels">' in html
    assert '<option value="地区生产总值增速（%）">' in html
    assert 'list="indicator-labels"' in html
