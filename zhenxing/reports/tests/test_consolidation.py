"""A level's consolidated report is finalised only after its children's (issue 17 item 3):
the national progress report waits for Liaoning's, refused naming it; the secretariat may
override with a reason, which the change log keeps."""

import pytest

from zhenxing.audit.models import ChangeRecord
from zhenxing.mechanisms.demo import demo_accounts_create
from zhenxing.mechanisms.models import Mechanism
from zhenxing.mechanisms.services import mechanism_load_shipped
from zhenxing.orgs.models import User
from zhenxing.reports.models import Report
from zhenxing.reports.services import report_create, report_finalise
from zhenxing.testing import client_for


@pytest.fixture
def levels(demo, personas):
    mechanism_load_shipped("fuxin")
    demo_accounts_create()
    period = demo["quarter"]
    province = Mechanism.objects.get(code="liaoning")
    provincial_secretary = User.objects.get(username="liaoning.secretariat")
    provincial_secretary.must_change_password = False
    provincial_secretary.save()
    national = report_create(
        user=personas.secretariat,
        kind=Report.Kind.PROGRESS,
        period_label=period,
        mechanism=Mechanism.objects.get(code="northeast"),
    )
    provincial = report_create(
        user=provincial_secretary,
        kind=Report.Kind.PROGRESS,
        period_label=period,
        mechanism=province,
    )
    return {
        "national": national,
        "provincial": provincial,
        "provincial_secretary": provincial_secretary,
    }


def test_the_parent_waits_for_the_child_then_finalises(levels, personas):
    client = client_for(personas.secretariat)
    url = f"/reports/{levels['national'].pk}/finalise/"
    page = client.post(url, follow=True).content.decode()
    assert "下级工作机制的报告尚未定稿" in page and "辽宁" in page
    levels["national"].refresh_from_db()
    assert not levels["national"].is_final
    # The province has no child with a report or round in the period: it finalises at once.
    report_finalise(report=levels["provincial"], user=levels["provincial_secretary"])
    client.post(url)
    levels["national"].refresh_from_db()
    assert levels["national"].is_final


def test_the_secretariat_overrides_with_a_reason_recorded(levels, personas):
    client = client_for(personas.secretariat)
    client.post(
        f"/reports/{levels['national'].pk}/finalise/",
        {"override_reason": "按领导小组要求先行报送"},
    )
    levels["national"].refresh_from_db()
    assert levels["national"].is_final
    record = ChangeRecord.objects.filter(
        object_id=str(levels["national"].pk), reason__contains="按领导小组要求先行报送"
    ).get()
    assert "辽宁" in record.reason
    assert record.after == {"finalised_before_children": ["liaoning"]}


def test_the_api_refuses_then_accepts_an_override(levels, personas):
    client = client_for(personas.secretariat)
    url = f"/api/v1/reports/{levels['national'].pk}/finalise"
    refused = client.post(url)
    assert refused.status_code == 400
    assert "辽宁" in refused.json()["detail"]
    accepted = client.post(url, {"override_reason": "时间紧急"}, content_type="application/json")
    assert accepted.status_code == 200, accepted.content.decode()
    assert accepted.json()["status"] == Report.Status.FINAL


def test_a_provincial_secretariat_cannot_finalise_the_national_report(levels):
    client = client_for(levels["provincial_secretary"])
    response = client.post(
        f"/reports/{levels['national'].pk}/finalise/", {"override_reason": "越权"}
    )
    assert response.status_code == 404
    levels["national"].refresh_from_db()
    assert not levels["national"].is_final
