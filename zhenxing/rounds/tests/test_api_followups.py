"""The rounds actions that had pages but no API before issue #21: evidence (upload, download,
remove), close-out, ratings, chasing and accepting several reports. The same services as the
pages: the same refusals (400 with their wording), the same audit, the same result."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhenxing.audit.context import acting_as
from zhenxing.audit.models import ChangeRecord
from zhenxing.notifications.models import Notification
from zhenxing.rounds import services
from zhenxing.rounds.models import (
    Assessment,
    Chase,
    CloseOut,
    Evidence,
    RoundSchedule,
    Submission,
)
from zhenxing.testing import (
    assert_query_baseline,
    bearer_client_for,
    client_for,
    expect,
    links,
    outcome,
    queries_of,
    zip_bomb,
)
from zhenxing.testing import people as people  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db
API = "/api/v1/rounds"


EVIDENCE_TEXT = "佐证材料".encode()


def _file(name="说明.txt", data=EVIDENCE_TEXT):
    return SimpleUploadedFile(name, data)


def _json(client, method, url, payload=None):
    return getattr(client, method)(url, payload or {}, content_type="application/json")


def test_evidence_upload_download_and_remove_like_the_page(world, personas, units):
    draft = world.submission(3, units["liaoning"])
    api = bearer_client_for(personas.province_liaison)
    response = api.post(f"{API}/submissions/{draft.pk}/evidence", {"file": _file()})
    assert response.status_code == 201, response.content
    by_api = Evidence.objects.get(pk=response.json()["id"])
    page = client_for(personas.province_liaison)
    page.post(f"/rounds/submissions/{draft.pk}/evidence/", {"file": _file()})
    by_page = draft.evidence.exclude(pk=by_api.pk).get()
    fields = ["filename", "content_type", "size", "uploaded_by_id"]
    assert [getattr(by_api, f) for f in fields] == [getattr(by_page, f) for f in fields]
    record = ChangeRecord.objects.latest_for(by_api)
    assert record.user == personas.province_liaison and record.action == "create"
    download = api.get(f"{API}/evidence/{by_api.pk}")
    assert b"".join(download.streaming_content) == "佐证材料".encode()
    assert api.delete(f"{API}/evidence/{by_api.pk}").status_code == 204
    assert not Evidence.objects.filter(pk=by_api.pk).exists()
    assert ChangeRecord.objects.latest_for(by_api).action == "delete"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("脚本.exe", b"MZ\x90\x00", "只能上传"),
        ("假的.pdf", b"not a pdf", "文件内容与扩展名不符。"),
        ("空.txt", b"", "文件为空。"),
        ("炸弹.docx", None, ""),
    ],
)
def test_evidence_refusals_are_the_pages(world, personas, units, name, data, message):
    draft = world.submission(3, units["liaoning"])
    api = bearer_client_for(personas.province_liaison)
    content = zip_bomb(".docx") if data is None else data
    response = api.post(f"{API}/submissions/{draft.pk}/evidence", {"file": _file(name, content)})
    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert not draft.evidence.exists()


def test_a_submitted_reports_evidence_cannot_change(world, personas, units):
    draft = world.submission(3, units["liaoning"])
    api = bearer_client_for(personas.province_liaison)
    evidence_id = api.post(f"{API}/submissions/{draft.pk}/evidence", {"file": _file()}).json()["id"]
    version = Submission.objects.get(pk=draft.pk).version
    _json(
        api,
        "put",
        f"{API}/submissions/{draft.pk}/draft",
        {"version": version, "progress_status": "on_track", "progress": "已完成"},
    )
    version = Submission.objects.get(pk=draft.pk).version
    assert (
        _json(api, "post", f"{API}/submissions/{draft.pk}/submit", {"version": version}).status_code
        == 200
    )
    # Submitted: no longer the unit's to edit (403), as on the page.
    assert api.delete(f"{API}/evidence/{evidence_id}").status_code == 403
    assert api.post(f"{API}/submissions/{draft.pk}/evidence", {"file": _file()}).status_code == 403


def _completed_lead_report(world, personas, units, with_evidence=True) -> Submission:
    """Task 3 (Liaoning leads, no participants): completed, with evidence, submitted."""
    draft = world.submission(3, units["liaoning"])
    api = bearer_client_for(personas.province_liaison)
    if with_evidence:
        api.post(f"{API}/submissions/{draft.pk}/evidence", {"file": _file()})
    payload = {"version": draft.version, "progress_status": "completed", "progress": "已完成"}
    saved = _json(api, "put", f"{API}/submissions/{draft.pk}/draft", payload).json()
    _json(api, "post", f"{API}/submissions/{draft.pk}/submit", {"version": saved["version"]})
    return Submission.objects.get(pk=draft.pk)


def test_close_out_through_the_api(world, personas, units):
    report = _completed_lead_report(world, personas, units)
    secretariat = bearer_client_for(personas.secretariat)
    refused = _json(secretariat, "post", f"{API}/submissions/{report.pk}/close-out", {})
    assert (refused.status_code, refused.json()["detail"]) == (400, "须先采用报送，才能据以销号。")
    _json(secretariat, "post", f"{API}/submissions/{report.pk}/accept", {})
    response = _json(
        secretariat, "post", f"{API}/submissions/{report.pk}/close-out", {"note": "完成"}
    )
    assert response.status_code == 201, response.content
    close_out = CloseOut.objects.get(task=report.task)
    assert (close_out.note, close_out.closed_by) == ("完成", personas.secretariat)
    assert ChangeRecord.objects.latest_for(close_out).user == personas.secretariat
    again = _json(secretariat, "post", f"{API}/submissions/{report.pk}/close-out", {})
    assert again.json()["detail"] == "该任务已销号。"


def test_close_out_needs_evidence(world, personas, units):
    report = _completed_lead_report(world, personas, units, with_evidence=False)
    secretariat = bearer_client_for(personas.secretariat)
    _json(secretariat, "post", f"{API}/submissions/{report.pk}/accept", {})
    response = _json(secretariat, "post", f"{API}/submissions/{report.pk}/close-out", {})
    assert response.json()["detail"] == "销号须有佐证材料。"


def test_ratings_like_the_page(world, personas):
    task = world.tasks[0]
    api = bearer_client_for(personas.secretariat)
    red = _json(api, "post", f"{API}/tasks/{task.pk}/assessments", {"rating": "red"})
    assert (red.status_code, red.json()["detail"]) == (400, "评为红灯须写明理由。")
    payload = {"rating": "red", "reason": "进度滞后", "round_id": world.round.pk}
    response = _json(api, "post", f"{API}/tasks/{task.pk}/assessments", payload)
    assert response.status_code == 201
    client_for(personas.secretariat).post(
        f"/rounds/tasks/{task.pk}/rate/",
        {"rating": "red", "reason": "进度滞后", "round": world.round.pk},
    )
    by_api, by_page = Assessment.objects.filter(task=task).order_by("pk")
    fields = ["rating", "reason", "round_id", "assessed_by_id"]
    assert [getattr(by_api, f) for f in fields] == [getattr(by_page, f) for f in fields]
    assert ChangeRecord.objects.latest_for(by_api).user == personas.secretariat
    other_round = _json(
        api, "post", f"{API}/tasks/{task.pk}/assessments", payload | {"round_id": 999999}
    )
    assert other_round.status_code == 400


def test_chase_and_bulk_accept(world, personas, units, clock):
    api = bearer_client_for(personas.secretariat)
    response = _json(api, "post", f"{API}/{world.round.pk}/chase", {"unit_ids": [units["mof"].pk]})
    assert [row["unit_id"] for row in response.json()] == [units["mof"].pk]
    assert Chase.objects.filter(round=world.round, unit=units["mof"]).count() == 1
    assert Notification.objects.filter(kind=Notification.Kind.CHASED).exists()
    # Once per unit and day, as on the page.
    assert (
        _json(api, "post", f"{API}/{world.round.pk}/chase", {"unit_ids": [units["mof"].pk]}).json()
        == []
    )

    report = _completed_lead_report(world, personas, units)
    draft = world.submission(1, units["ndrc"])
    response = _json(
        api, "post", f"{API}/submissions/accept", {"submission_ids": [report.pk, draft.pk]}
    )
    assert response.json() == {"accepted": [report.pk], "refusals": []}
    assert Submission.objects.get(pk=report.pk).status == Submission.Status.ACCEPTED
    assert Submission.objects.get(pk=draft.pk).status != Submission.Status.ACCEPTED


def test_schedules_like_the_page(world, personas):
    api = bearer_client_for(personas.secretariat)
    payload = {"plan_id": world.plan.pk, "period_kind": "quarter", "days_after_period_end": 10}
    response = _json(api, "post", f"{API}/schedules", payload | {"is_active": True})
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["is_active"], created["version"]) == (True, 1)
    schedule = RoundSchedule.objects.get(pk=created["id"])
    assert ChangeRecord.objects.latest_for(schedule).user == personas.secretariat
    # The page's form's checks: no ad hoc schedule, a published plan.
    ad_hoc = _json(api, "post", f"{API}/schedules", payload | {"period_kind": "ad_hoc"})
    assert ad_hoc.status_code == 400 and "周期" in ad_hoc.json()["detail"]
    url = f"{API}/schedules/{schedule.pk}"
    changed = _json(api, "patch", url, {"version": 1, "days_after_period_end": 15})
    assert changed.status_code == 200, changed.content
    assert changed.json()["days_after_period_end"] == 15 and changed.json()["is_active"]
    stale = _json(api, "patch", url, {"version": 1, "is_active": False})
    assert stale.status_code == 409 and stale.json()["current"]["days_after_period_end"] == 15
    missing = _json(api, "patch", url, {"instructions": "x"})
    assert missing.status_code == 400 and "缺少所读取的版本号" in missing.json()["detail"]
    assert [row["id"] for row in api.get(f"{API}/schedules").json()] == [schedule.pk]


def test_schedules_matrix(world, people):
    found = {
        name: outcome(client_for(user).get(f"{API}/schedules")) for name, user in people.items()
    }
    assert found == expect(403, secretariat=200, anonymous=401, inactive=401)
    posted = {}
    for name, user in people.items():
        payload = {"plan_id": world.plan.pk, "period_kind": "month", "is_active": False}
        posted[name] = outcome(_json(client_for(user), "post", f"{API}/schedules", payload))
    assert posted == expect(403, secretariat=201, anonymous=401, inactive=401)


def test_schedule_list_queries(world, personas, monkeypatch):
    monkeypatch.setattr("zhenxing.lib.pagination.API_PAGE_SIZE", 1)
    with acting_as(user=personas.secretariat):
        for kind in ("month", "quarter", "year"):
            services.round_schedule_save(
                user=personas.secretariat, plan=world.plan, period_kind=kind, is_active=False
            )
    client = client_for(personas.secretariat)
    url = f"{API}/schedules"
    deep = links(client.get(links(client.get(url))["next"]))["next"]
    counts = {"first": queries_of(client, url), "deep": queries_of(client, deep)}
    assert_query_baseline("schedules.api", counts)
