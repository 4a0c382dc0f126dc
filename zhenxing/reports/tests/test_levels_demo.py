"""`zhenxing demo-data` across levels: a seed-003 task cascaded to Liaoning and on to Fuxin,
with a report accepted at the city, the province and the nation."""

from zhenxing.mechanisms.demo import demo_accounts_create
from zhenxing.mechanisms.services import mechanism_load_shipped
from zhenxing.orgs.models import User
from zhenxing.policies.models import Task
from zhenxing.rounds import levels_demo
from zhenxing.rounds.models import Submission


def test_one_task_is_cascaded_to_fuxin_and_reported_at_every_level(demo):
    mechanism_load_shipped("fuxin")
    demo_accounts_create()
    secretariat = User.objects.get(username="secretariat")
    levels_demo.populate(plan=demo["plan"], secretariat=secretariat, today=demo["today"])
    levels_demo.populate(plan=demo["plan"], secretariat=secretariat, today=demo["today"])

    city_task = Task.objects.get(plan__mechanism__code="fuxin")
    province_task = city_task.parent
    national_task = province_task.parent
    assert province_task.plan.mechanism.code == "liaoning"
    assert national_task.plan == demo["plan"]
    assert "京津冀" in national_task.title
    assert (province_task.lead_unit.code, city_task.lead_unit.code) == (
        "fuxin-government",
        "zhangwu-government",
    )
    accepted = Submission.objects.filter(
        status=Submission.Status.ACCEPTED, round__title=levels_demo.ROUND_TITLE
    )
    by_level = {
        submission.round.mechanism.code: submission
        for submission in accepted.select_related("round__mechanism", "unit")
        if submission.unit.code in ("zhangwu-government", "fuxin-government", "liaoning-government")
    }
    assert set(by_level) == {"fuxin", "liaoning", "northeast"}
    assert by_level["fuxin"].unit.code == "zhangwu-government"
    assert by_level["liaoning"].unit.code == "fuxin-government"
    assert by_level["northeast"].unit.code == "liaoning-government"
    assert by_level["fuxin"].submitted_by.username == "zhangwu.liaison"
    assert accepted.filter(round__mechanism__code="fuxin").count() == 1
