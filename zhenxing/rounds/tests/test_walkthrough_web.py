"""Issue #4, the full round through the pages (the same steps as test_walkthrough_services),
each checked in the database and in the audit log, with the persona as the actor."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from zhenxing.audit.context import acting_as
from zhenxing.audit.models import ChangeRecord
from zhenxing.notifications.models import Notification
from zhenxing.policies.models import TaskRevision
from zhenxing.rounds.models import (
    Assessment,
    CloseOut,
    Evidence,
    ExtensionRequest,
    ReportingRound,
    Submission,
)
from zhenxing.rounds.tests.conftest import DUE_ON, make_plan


def audited(user, instance) -> bool:
    return ChangeRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(type(instance)),
        object_id=str(instance.pk),
        user=user,
    ).exists()


def report(text: str, version: int, status: str = "on_track", **extra) -> dict:
    return {"version": version, "progress_status": status, "progress": text, **extra}


@pytest.mark.django_db
def test_a_full_round_through_the_web(client, clock, with_email, units, mechanism):
    personas = with_email
    with acting_as(user=personas.secretariat):
        world = make_plan(user=personas.secretariat, units=units, mechanism=mechanism)
    task1, task2, _task3 = world.tasks

    def as_(user):
        client.force_login(user)  # again after each move of the clock: sessions last 8 hours
        return client

    # The secretariat opens the round over the whole published plan.
    response = as_(personas.secretariat).post(
        "/rounds/new/",
        {
            "plan": world.plan.pk,
            "period_kind": "quarter",
            "period_label": "2026Q3",
            "due_date": DUE_ON.isoformat(),
            "instructions": "请于10月15日前报送第三季度进展。",
            "scope": "plan",
        },
    )
    round_ = ReportingRound.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/rounds/{round_.pk}/"
    assert round_.title == "2026年第三季度重点任务进展调度"
    assert round_.submissions.count() == 6
    assert audited(personas.secretariat, round_)
    world.round = round_

    # Reminders, run twice by the timer, go out once.
    mail.outbox.clear()
    clock.set(DUE_ON - datetime.timedelta(days=2))
    call_command("rounds", "send-reminders", "--today", clock.today.isoformat())
    call_command("rounds", "send-reminders", "--today", clock.today.isoformat())
    assert Notification.objects.filter(kind=Notification.Kind.DUE_SOON).count() == 4
    assert len(mail.outbox) == 4

    # MOF, a participant of task 1, finds the report due, autosaves and submits it.
    mof_1 = world.submission(1, units["mof"])
    page = as_(personas.participant_liaison).get("/rounds/my/")
    assert mof_1 in page.context["due"]
    assert f"/rounds/submissions/{mof_1.pk}/" in page.content.decode()
    saved = client.post(
        f"/rounds/submissions/{mof_1.pk}/save/",
        report("已下达中央预算内投资12亿元。", mof_1.version),
        headers={"HX-Request": "true"},
    )
    assert "草稿已自动保存" in saved.content.decode()
    mof_1.refresh_from_db()
    assert mof_1.version == 2 and mof_1.status == Submission.Status.DRAFT
    assert f'id="version" value="{mof_1.version}" hx-swap-oob="true"' in saved.content.decode()
    submitted = client.post(
        f"/rounds/submissions/{mof_1.pk}/submit/",
        report("已下达中央预算内投资12亿元。", mof_1.version),
    )
    assert submitted.status_code == 302
    mof_1.refresh_from_db()
    assert mof_1.status == Submission.Status.SUBMITTED
    assert mof_1.submitted_by == personas.participant_liaison
    assert audited(personas.participant_liaison, mof_1)

    # Liaoning drafts its part; the lead unit sees MOF's report but not Liaoning's draft.
    liaoning_1 = world.submission(1, units["liaoning"])
    as_(personas.province_liaison).post(
        f"/rounds/submissions/{liaoning_1.pk}/save/",
        report("辽宁尚未定稿的草稿", liaoning_1.version),
    )
    ndrc_1 = world.submission(1, units["ndrc"])
    page = as_(personas.lead_liaison).get(f"/rounds/submissions/{ndrc_1.pk}/").content.decode()
    assert "已下达中央预算内投资12亿元。" in page
    assert "辽宁尚未定稿的草稿" not in page
    uploaded = client.post(
        f"/rounds/submissions/{ndrc_1.pk}/evidence/",
        {"file": SimpleUploadedFile("竣工验收报告.pdf", b"%PDF-1.7 report")},
        headers={"HX-Request": "true"},
    )
    assert "竣工验收报告.pdf" in uploaded.content.decode()
    evidence = Evidence.objects.get(submission=ndrc_1)
    assert audited(personas.lead_liaison, evidence)
    consolidated = client.post(
        f"/rounds/submissions/{ndrc_1.pk}/submit/",
        report(
            "汇总：项目全部开工；财政部已下达资金。",
            ndrc_1.version,
            "completed",
            need_description_0="需协调铁路专用线用地指标",
            need_units_0="自然资源部、国铁集团",
        ),
    )
    assert consolidated.status_code == 302
    ndrc_1.refresh_from_db()
    assert ndrc_1.status == Submission.Status.SUBMITTED
    need = ndrc_1.coordination_needs.get()
    assert need.description == "需协调铁路专用线用地指标"
    assert need.units_asked.count() == 2
    assert ndrc_1.snapshots.get().content["evidence"] == ["竣工验收报告.pdf"]
    assert audited(personas.lead_liaison, ndrc_1)

    # Liaoning submits; the secretariat returns it (a note is required) and accepts NDRC's.
    as_(personas.province_liaison).post(
        f"/rounds/submissions/{liaoning_1.pk}/submit/",
        report("推进中。", liaoning_1.version + 1),
    )
    liaoning_1.refresh_from_db()
    assert liaoning_1.status == Submission.Status.SUBMITTED
    as_(personas.secretariat).post(f"/rounds/submissions/{liaoning_1.pk}/return/", {"note": ""})
    liaoning_1.refresh_from_db()
    assert liaoning_1.status == Submission.Status.SUBMITTED
    client.post(f"/rounds/submissions/{liaoning_1.pk}/return/", {"note": "请补充具体项目。"})
    client.post(f"/rounds/submissions/{ndrc_1.pk}/accept/", {"note": "采用。"})
    liaoning_1.refresh_from_db()
    ndrc_1.refresh_from_db()
    assert liaoning_1.status == Submission.Status.RETURNED
    assert ndrc_1.status == Submission.Status.ACCEPTED
    assert audited(personas.secretariat, liaoning_1) and audited(personas.secretariat, ndrc_1)
    returned = Notification.objects.filter(kind=Notification.Kind.RETURNED)
    assert set(returned.values_list("recipient__username", flat=True)) == {
        "province.liaison",
        "province.leader",
    }
    page = as_(personas.province_leader).get(f"/rounds/submissions/{liaoning_1.pk}/")
    assert "请补充具体项目。" in page.content.decode() and page.context["can_edit"]

    # NDRC reports on task 2 in time; then the due date passes.
    ndrc_2 = world.submission(2, units["ndrc"])
    as_(personas.lead_liaison).post(
        f"/rounds/submissions/{ndrc_2.pk}/submit/", report("配合完成测算。", ndrc_2.version)
    )
    clock.set(DUE_ON + datetime.timedelta(days=1))
    page = as_(personas.secretariat).get(f"/rounds/{round_.pk}/")
    late = {row.unit_id for row in page.context["completion"]["missing_units"]}
    assert late == {units["mof"].pk, units["liaoning"].pk}
    html = page.content.decode()
    assert "2 个单位逾期未报" in html
    assert html.count('<tr class="late">') == 2

    # MOF asks for more time on task 2, which it leads; the secretariat approves.
    response = as_(personas.participant_liaison).post(
        f"/rounds/tasks/{task2.pk}/extension/",
        {"requested_due_date": "2026-12-31", "reason": "资金拨付流程需报国务院审批。"},
    )
    extension = ExtensionRequest.objects.get()
    assert response["Location"] == f"/rounds/extensions/{extension.pk}/"
    assert audited(personas.participant_liaison, extension)
    as_(personas.secretariat).post(
        f"/rounds/extensions/{extension.pk}/", {"decision": "approve", "note": "同意。"}
    )
    extension.refresh_from_db()
    task2.refresh_from_db()
    assert extension.status == ExtensionRequest.Status.APPROVED
    assert task2.due_date == datetime.date(2026, 12, 31)
    assert task2.original_due_date == datetime.date(2026, 10, 20)
    revision = TaskRevision.objects.get(task=task2)
    assert revision.previous_due_date == datetime.date(2026, 10, 20)
    assert audited(personas.secretariat, extension) and audited(personas.secretariat, task2)
    history = client.get(f"/rounds/extensions/{extension.pk}/").content.decode()
    assert "2026-10-20" in history and "2026-12-31" in history

    # The assessor rates task 1 (red needs a reason), then closes it out.
    refused = client.post(f"/rounds/tasks/{task1.pk}/rate/", {"rating": "red", "reason": ""})
    assert refused.status_code == 400 and not Assessment.objects.exists()
    client.post(f"/rounds/tasks/{task1.pk}/rate/", {"rating": "green", "reason": "进展顺利"})
    assert audited(personas.secretariat, Assessment.objects.get())
    client.post(
        f"/rounds/submissions/{ndrc_1.pk}/close-out/",
        {"note": "佐证齐全，同意销号。", "confirm": "yes"},
    )
    close_out = CloseOut.objects.get(task=task1)
    assert close_out.closed_by == personas.secretariat
    assert audited(personas.secretariat, close_out)
    page = client.get(f"/rounds/tasks/{task1.pk}/")
    assert page.context["row"].light.colour == "completed"
    assert page.context["row"].rating == "green"


@pytest.mark.django_db
def test_autosave_conflict_keeps_the_text_and_says_so(client, personas, units, world):
    submission = world.submission(3, units["liaoning"])
    client.force_login(personas.province_liaison)
    url = f"/rounds/submissions/{submission.pk}/save/"
    client.post(url, report("第一位的内容", 1), headers={"HX-Request": "true"})
    # The unit leader, with the page loaded at version 1, types on.
    client.force_login(personas.province_leader)
    conflict = client.post(url, report("负责人的内容", 1), headers={"HX-Request": "true"})
    html = conflict.content.decode()
    assert conflict.status_code == 409  # static/js/zhenxing.js has htmx swap it in
    assert "已在别处被修改" in html and "没有丢失" in html
    assert "hx-swap-oob" not in html  # the page keeps its own version until the person decides
    submission.refresh_from_db()
    assert submission.progress == "第一位的内容"
    # Without JavaScript the whole page comes back with the text as typed.
    page = client.post(f"/rounds/submissions/{submission.pk}/submit/", report("负责人的内容", 1))
    assert page.status_code == 409
    assert "负责人的内容" in page.content.decode()
    # Choosing to keep this page's text saves it over the other version.
    kept = client.post(url, report("负责人的内容", 2), headers={"HX-Request": "true"})
    assert "草稿已自动保存" in kept.content.decode()
    submission.refresh_from_db()
    assert submission.progress == "负责人的内容"


@pytest.mark.django_db
def test_submit_refuses_unknown_units_and_keeps_the_page(client, personas, units, world):
    submission = world.submission(3, units["liaoning"])
    client.force_login(personas.province_liaison)
    page = client.post(
        f"/rounds/submissions/{submission.pk}/submit/",
        report("内容", 1, need_description_0="需协调事项", need_units_0="不存在的单位"),
    )
    assert page.status_code == 400
    assert "不存在的单位" in page.content.decode()
    submission.refresh_from_db()
    assert submission.status == Submission.Status.DRAFT


@pytest.mark.django_db
def test_after_submission_the_page_is_read_only_with_its_history(client, personas, units, world):
    submission = world.submission(3, units["liaoning"])
    client.force_login(personas.province_liaison)
    client.post(f"/rounds/submissions/{submission.pk}/submit/", report("已完成立法调研。", 1))
    page = client.get(f"/rounds/submissions/{submission.pk}/")
    html = page.content.decode()
    assert not page.context["can_edit"]
    assert 'id="submission-form"' not in html
    assert "第 1 次报送存档" in html and str(personas.province_liaison) in html
    refused = client.post(
        f"/rounds/submissions/{submission.pk}/save/", report("改", submission.version + 2)
    )
    assert refused.status_code == 403


@pytest.mark.django_db
def test_notifications_page_marks_read_and_follows_the_link(client, personas, world):
    client.force_login(personas.lead_liaison)
    assert client.get("/notifications/badge/").content == b"1"
    notification = Notification.objects.get(recipient=personas.lead_liaison)
    response = client.post(
        "/notifications/read/", {"id": notification.pk, "next": notification.link}
    )
    assert response["Location"] == f"/rounds/{world.round.pk}/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert client.get("/notifications/badge/").content == b""
    outside = client.post("/notifications/read/", {"next": "https://evil.example/"})
    assert outside["Location"] == "/notifications/"


@pytest.mark.django_db
def test_open_a_round_over_parts_or_selected_tasks(client, personas, world):
    client.force_login(personas.secretariat)
    task = world.tasks[2]
    response = client.post(
        "/rounds/new/",
        {
            "plan": world.plan.pk,
            "period_kind": "ad_hoc",
            "period_start": "2026-10-01",
            "period_end": "2026-10-31",
            "due_date": "2026-11-05",
            "title": "营商环境专项调度",
            "scope": "tasks",
            "tasks": [task.pk],
        },
    )
    assert response.status_code == 302
    special = ReportingRound.objects.get(title="营商环境专项调度")
    assert list(special.tasks.all()) == [task]
    assert special.submissions.count() == 1
    missing = client.post(
        "/rounds/new/",
        {
            "plan": world.plan.pk,
            "period_kind": "quarter",
            "due_date": "2026-11-05",
            "scope": "plan",
        },
    )
    assert missing.status_code == 200 and "请填写期间" in missing.content.decode()


@pytest.mark.django_db
def test_a_schedule_opens_its_round_once(client, clock, personas, world):
    client.force_login(personas.secretariat)
    client.post(
        "/rounds/schedules/",
        {
            "plan": world.plan.pk,
            "period_kind": "month",
            "days_after_period_end": "7",
            "is_active": "on",
        },
    )
    clock.set(datetime.date(2026, 11, 2))
    call_command("rounds", "open-scheduled", "--today", "2026-11-02")
    call_command("rounds", "open-scheduled", "--today", "2026-11-02")
    scheduled = ReportingRound.objects.filter(schedule__isnull=False)
    assert [(r.period_label, r.due_date) for r in scheduled] == [
        ("2026-10", datetime.date(2026, 11, 7))  # 7 days after 31 October, whenever it ran
    ]
    # A timer stopped for a while opens the next month's round due today, not in the past.
    clock.set(datetime.date(2026, 12, 20))
    call_command("rounds", "open-scheduled", "--today", "2026-12-20")
    assert scheduled.get(period_label="2026-11").due_date == datetime.date(2026, 12, 20)


@pytest.mark.django_db
def test_home_shows_each_roles_rounds_panel(client, personas, units, world):
    client.force_login(personas.participant_liaison)
    panel = client.get("/").context["rounds"]
    assert panel["kind"] == "unit" and panel["due"] == 2
    client.force_login(personas.secretariat)
    home = client.get("/")
    assert home.context["rounds"]["kind"] == "secretariat"
    assert home.context["rounds"]["open_rounds"] == 1
    assert home.context["counts"]["member_units"] == 26
    client.force_login(personas.reader)
    assert client.get("/").context["rounds"]["kind"] == "reader"
    client.force_login(personas.system_admin)
    assert client.get("/").context["rounds"] is None
