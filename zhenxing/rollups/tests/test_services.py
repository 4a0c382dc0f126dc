"""Roll-up values, provenance and refresh: a national task with a subtask split in its plan
and a task handed down to Liaoning and on to Fuxin."""

import datetime
import io

from django.core.management import call_command

from zhenxing.lib.colours import Colour
from zhenxing.policies.cascade import task_cascade
from zhenxing.policies.models import TaskRollup
from zhenxing.rollups.services import rollups_rebuild
from zhenxing.rollups.tests.conftest import report


def rollup_of(task) -> TaskRollup:
    return TaskRollup.objects.get(task=task)


def test_a_draft_below_does_not_count_until_published(levels):
    province = task_cascade(
        task=levels["national"], mechanism=levels["province"], user=levels["liaoning"]
    )
    assert not TaskRollup.objects.filter(task=levels["national"]).exists()
    from zhenxing.policies.services import division_plan_publish

    division_plan_publish(plan=province.plan, user=levels["liaoning"])
    rollup = rollup_of(levels["national"])
    assert rollup.children_total == 1
    assert rollup.children[0]["mechanism"] == "辽宁省振兴工作机制"
    assert rollup.children[0]["level"] == "provincial"


def test_light_is_the_worst_child_and_figures_add_up_with_provenance(chain):
    personas = chain["personas"]
    report(chain["city_task"], chain["fuxin"], figures={"签约项目（个）": "3"})
    # The city's accepted report reaches the province and, through it, the nation.
    province = rollup_of(chain["province_task"])
    assert province.figures == {"签约项目（个）": {"value": 3.0, "rule": "sum", "count": 1}}
    (city_row,) = province.children
    assert city_row["task_id"] == chain["city_task"].pk
    assert city_row["mechanism"].startswith("阜新") and city_row["unit"]
    assert city_row["accepted_on"] == f"{datetime.date.today():%Y-%m-%d}"
    assert city_row["figures"] == {"签约项目（个）": "3"}

    report(chain["sub"], personas.secretariat, progress="delayed", figures={"签约项目（个）": "2"})
    national = rollup_of(chain["national"])
    assert national.light == Colour.RED  # the subtask's latest report says delayed
    assert national.figures["签约项目（个）"]["value"] == 5.0
    by_task = {row["task_id"]: row for row in national.children}
    assert by_task[chain["sub"].pk]["light"] == Colour.RED
    assert by_task[chain["province_task"].pk]["rolled_up"] is True
    assert by_task[chain["province_task"].pk]["light"] == Colour.GREEN
    assert national.children_total == 2 and national.children_complete == 0


def test_a_submitted_report_changes_the_light_before_acceptance(chain):
    report(chain["city_task"], chain["fuxin"], progress="at_risk", accept=False)
    assert rollup_of(chain["province_task"]).light == Colour.YELLOW
    assert rollup_of(chain["national"]).light == Colour.YELLOW
    # Not accepted: no date, no figures.
    assert rollup_of(chain["province_task"]).children[0]["accepted_on"] is None


def test_rates_are_averaged_not_summed(chain, mechanism):
    from zhenxing.indicators.models import Indicator

    Indicator.objects.create(
        code="gdp-growth-test",
        name="地区生产总值增速测试",
        unit="%",
        measure=Indicator.Measure.GROWTH,
        frequency=Indicator.Frequency.ANNUAL,
    )
    report(chain["city_task"], chain["fuxin"], figures={"地区生产总值增速测试": "6"})
    report(chain["sub"], chain["personas"].secretariat, figures={"地区生产总值增速测试": "4"})
    figures = rollup_of(chain["national"]).figures
    assert figures["地区生产总值增速测试"] == {"value": 5.0, "rule": "mean", "count": 2}


def test_the_refresh_command_rebuilds_what_was_lost(chain):
    report(chain["city_task"], chain["fuxin"], figures={"签约项目（个）": "3"})
    expected = {
        row.task_id: (row.light, row.figures, row.children_total)
        for row in TaskRollup.objects.all()
    }
    TaskRollup.objects.all().delete()
    out = io.StringIO()
    call_command("rollup", "refresh", stdout=out)
    assert "2" in out.getvalue()
    rebuilt = {
        row.task_id: (row.light, row.figures, row.children_total)
        for row in TaskRollup.objects.all()
    }
    assert rebuilt == expected
    assert set(rebuilt) == {chain["national"].pk, chain["province_task"].pk}


def test_a_rebuild_recolours_with_the_date(chain):
    # A deadline that passes turns a task red without any change to it: the nightly rebuild.
    assert rollup_of(chain["national"]).light == Colour.GREEN
    rollups_rebuild(today=datetime.date(2031, 1, 5))
    assert rollup_of(chain["province_task"]).light == Colour.RED
    assert rollup_of(chain["national"]).light == Colour.RED


def test_a_close_out_counts_the_child_complete(chain):
    from zhenxing.rounds import services as rounds

    user = chain["personas"].secretariat
    submission = report(chain["sub"], user, progress="completed", evidence=True)
    rounds.task_close_out(task=chain["sub"], user=user, submission=submission)
    national = rollup_of(chain["national"])
    assert (national.children_complete, national.children_total) == (1, 2)
    assert national.completion == 0.5
    by_task = {row["task_id"]: row for row in national.children}
    assert by_task[chain["sub"].pk]["complete"] is True
    assert by_task[chain["sub"].pk]["light"] == Colour.COMPLETED
