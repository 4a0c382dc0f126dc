"""Issue #4, the full round through the services: open → reminders → a participant reports →
the lead consolidates → the secretariat returns one and accepts another → a late unit is flagged
→ an extension is approved → close-out. Each step is checked in the database and the audit log.
"""

import datetime
from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command

from zhenxing.audit.context import acting_as
from zhenxing.audit.models import ChangeRecord
from zhenxing.lib.colours import Colour
from zhenxing.lib.evidence import EVIDENCE_MAX_BYTES
from zhenxing.notifications.models import Notification
from zhenxing.policies.models import TaskRevision
from zhenxing.rounds import access, services
from zhenxing.rounds.models import (
    CloseOut,
    ExtensionRequest,
    ReviewEvent,
    Submission,
    SubmissionSnapshot,
)
from zhenxing.rounds.selectors import round_completion, task_lights
from zhenxing.rounds.tests.conftest import DUE_ON, write_and_submit


def changes_by(user, instance) -> list[ChangeRecord]:
    return list(
        ChangeRecord.objects.filter(
            content_type=ContentType.objects.get_for_model(type(instance)),
            object_id=str(instance.pk),
            user=user,
        )
    )


def remind(day: datetime.date) -> str:
    out = StringIO()
    call_command("rounds", "send-reminders", "--today", day.isoformat(), stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_a_full_round_through_the_services(clock, with_email, units, world):
    personas = with_email
    round_ = world.round
    task1, task2, task3 = world.tasks

    # Opened: one submission per task and responsible unit, everybody told once.
    assert round_.submissions.count() == 6
    assert set(round_.submissions.filter(role="lead").values_list("task_id", "unit_id")) == {
        (task1.pk, units["ndrc"].pk),
        (task2.pk, units["mof"].pk),
        (task3.pk, units["liaoning"].pk),
    }
    opened = Notification.objects.filter(kind=Notification.Kind.ROUND_OPENED)
    assert set(opened.values_list("recipient__username", flat=True)) == {
        "lead.liaison",
        "participant.liaison",
        "province.liaison",
        "province.leader",
    }
    assert ChangeRecord.objects.filter(
        object_id=str(round_.pk), user=personas.secretariat, reason="发起调度，生成报送任务"
    ).exists()
    assert changes_by(personas.secretariat, round_)

    # Reminders: three days before the due date, run twice (a timer every few minutes).
    mail.outbox.clear()
    clock.set(DUE_ON - datetime.timedelta(days=2))
    assert "已发送提醒 4 条" in remind(clock.today)
    assert "已发送提醒 0 条" in remind(clock.today)
    assert Notification.objects.filter(kind=Notification.Kind.DUE_SOON).count() == 4
    assert len(mail.outbox) == 4
    assert {message.to[0] for message in mail.outbox} == {
        "lead.liaison@example.cn",
        "participant.liaison@example.cn",
        "province.liaison@example.cn",
        "province.leader@example.cn",
    }

    # A participating unit (MOF on task 1) reports; before that its draft is its own.
    mof_on_1 = world.submission(1, units["mof"])
    with acting_as(user=personas.participant_liaison):
        draft = services.submission_save_draft(
            submission=mof_on_1,
            user=personas.participant_liaison,
            fields={"progress": "财政部草稿：尚未核实的数字"},
            expected_version=mof_on_1.version,
        )
    assert not access.submissions_visible_to(personas.lead_liaison).filter(pk=draft.pk).exists()
    assert not access.submissions_visible_to(personas.reader).filter(pk=draft.pk).exists()
    mof_on_1 = write_and_submit(
        draft, personas.participant_liaison, "已下达中央预算内投资 12 亿元。"
    )
    assert mof_on_1.status == Submission.Status.SUBMITTED
    assert (
        SubmissionSnapshot.objects.get(submission=mof_on_1).content["progress"].startswith("已下达")
    )
    assert ReviewEvent.objects.get(submission=mof_on_1).actor == personas.participant_liaison
    assert changes_by(personas.participant_liaison, mof_on_1)

    # The lead unit now sees the participant's report (and not Liaoning's draft) and consolidates.
    visible_to_lead = access.submissions_visible_to(personas.lead_liaison)
    assert visible_to_lead.filter(pk=mof_on_1.pk).exists()
    assert not visible_to_lead.filter(pk=world.submission(1, units["liaoning"]).pk).exists()
    ndrc_on_1 = world.submission(1, units["ndrc"])
    with acting_as(user=personas.lead_liaison):
        services.evidence_add(
            submission=ndrc_on_1,
            user=personas.lead_liaison,
            filename="验收报告.pdf",
            data=b"%PDF-1.4 test",
        )
    ndrc_on_1 = write_and_submit(
        ndrc_on_1,
        personas.lead_liaison,
        "汇总：项目全部开工，财政部已下达资金。",
        progress_status=Submission.Progress.COMPLETED,
    )
    assert changes_by(personas.lead_liaison, ndrc_on_1)

    # Liaoning reports weakly on task 1; the secretariat returns it (Liaoning is told) …
    liaoning_on_1 = write_and_submit(
        world.submission(1, units["liaoning"]), personas.province_liaison, "推进中。"
    )
    mail.outbox.clear()
    with acting_as(user=personas.secretariat):
        with pytest.raises(ValidationError):
            services.submission_return(submission=liaoning_on_1, user=personas.secretariat, note="")
        returned = services.submission_return(
            submission=liaoning_on_1, user=personas.secretariat, note="请补充具体项目和投资完成额。"
        )
        accepted = services.submission_accept(submission=ndrc_on_1, user=personas.secretariat)
    assert returned.status == Submission.Status.RETURNED and returned.return_count == 1
    assert set(
        Notification.objects.filter(kind=Notification.Kind.RETURNED).values_list(
            "recipient__username", flat=True
        )
    ) == {"province.liaison", "province.leader"}
    assert {m.to[0] for m in mail.outbox} >= {"province.liaison@example.cn"}
    assert changes_by(personas.secretariat, returned)
    # … and accepts the lead's report, which is locked from then on.
    assert accepted.status == Submission.Status.ACCEPTED
    with pytest.raises(ValidationError):
        services.submission_save_draft(
            submission=accepted,
            user=personas.lead_liaison,
            fields={"progress": "改"},
            expected_version=accepted.version,
        )
    assert ReviewEvent.objects.filter(
        submission=accepted, action=ReviewEvent.Action.ACCEPT, actor=personas.secretariat
    ).exists()

    # NDRC also reports as a participant on task 2, in time; MOF (task 2) and Liaoning do not.
    write_and_submit(world.submission(2, units["ndrc"]), personas.lead_liaison, "配合完成测算。")

    # The due date passes: the units with reports outstanding are flagged and reminded once.
    clock.set(DUE_ON + datetime.timedelta(days=1))
    completion = round_completion(round_, today=clock.today)
    assert completion["past_due"]
    late = {row.unit_id for row in completion["missing_units"]}
    assert late == {units["mof"].pk, units["liaoning"].pk}
    remind(clock.today)
    remind(clock.today)
    overdue = Notification.objects.filter(kind=Notification.Kind.OVERDUE)
    assert sorted(overdue.values_list("recipient__username", flat=True)) == [
        "participant.liaison",
        "province.leader",
        "province.liaison",
    ]

    # MOF asks for more time on task 2 (it leads it); the secretariat approves.
    with acting_as(user=personas.participant_liaison):
        extension = services.extension_request_create(
            task=task2,
            unit=units["mof"],
            user=personas.participant_liaison,
            requested_due_date=datetime.date(2026, 12, 31),
            reason="资金拨付流程需经国务院审批。",
            today=clock.today,
        )
    with acting_as(user=personas.secretariat):
        services.extension_decide(request=extension, user=personas.secretariat, approve=True)
    task2.refresh_from_db()
    assert task2.due_date == datetime.date(2026, 12, 31)
    assert task2.original_due_date == datetime.date(2026, 10, 20)
    revision = TaskRevision.objects.get(task=task2)
    assert (revision.previous_due_date, revision.new_due_date) == (
        datetime.date(2026, 10, 20),
        datetime.date(2026, 12, 31),
    )
    assert revision.changed_by == personas.secretariat
    assert ExtensionRequest.objects.get().status == ExtensionRequest.Status.APPROVED
    assert changes_by(personas.participant_liaison, extension)
    assert changes_by(personas.secretariat, task2)
    assert Notification.objects.filter(
        kind=Notification.Kind.EXTENSION_DECIDED, recipient=personas.participant_liaison
    ).exists()

    # Close-out (销号) on the lead's accepted, completed report with evidence.
    with acting_as(user=personas.secretariat):
        with pytest.raises(ValidationError):
            services.task_close_out(task=task1, user=personas.secretariat, submission=mof_on_1)
        close_out = services.task_close_out(
            task=task1, user=personas.secretariat, submission=accepted, note="佐证材料齐全。"
        )
    assert CloseOut.objects.get(task=task1) == close_out
    assert changes_by(personas.secretariat, close_out)
    lights = task_lights(world.plan.tasks.all(), today=clock.today)
    assert lights[task1.pk].colour == Colour.COMPLETED


@pytest.mark.django_db
def test_ndrc_has_no_draft_left_only_when_it_reported_on_both_tasks(clock, personas, units, world):
    """NDRC takes part in task 2 too: until it reports there, it is one of the late units."""
    write_and_submit(world.submission(1, units["ndrc"]), personas.lead_liaison)
    clock.set(DUE_ON + datetime.timedelta(days=1))
    late = {row.unit_id for row in round_completion(world.round)["missing_units"]}
    assert units["ndrc"].pk in late
    write_and_submit(world.submission(2, units["ndrc"]), personas.lead_liaison)
    late = {row.unit_id for row in round_completion(world.round)["missing_units"]}
    assert units["ndrc"].pk not in late


@pytest.mark.django_db
def test_submitted_content_is_archived_and_never_altered(personas, units, world):
    submitted = write_and_submit(world.submission(3, units["liaoning"]), personas.province_liaison)
    snapshot = submitted.snapshots.get()
    snapshot.content = {"progress": "篡改"}
    with pytest.raises(ValueError):
        snapshot.save()
    with pytest.raises(ValidationError):
        services.submission_save_draft(
            submission=submitted,
            user=personas.province_liaison,
            fields={"progress": "报送后再改"},
            expected_version=submitted.version,
        )


@pytest.mark.django_db
def test_a_stale_version_is_refused(personas, units, world):
    submission = world.submission(3, units["liaoning"])
    first = services.submission_save_draft(
        submission=submission,
        user=personas.province_liaison,
        fields={"progress": "甲"},
        expected_version=submission.version,
    )
    with pytest.raises(services.StaleSubmissionError):
        services.submission_save_draft(
            submission=submission,
            user=personas.province_leader,
            fields={"progress": "乙"},
            expected_version=submission.version,
        )
    first.refresh_from_db()
    assert first.progress == "甲"


@pytest.mark.django_db
def test_autosave_does_not_rewrite_unchanged_coordination_needs(personas, units, world):
    submission = world.submission(3, units["liaoning"])
    needs = [{"description": "需协调铁路专用线用地", "units": [units["ndrc"].pk]}]
    saved = services.submission_save_draft(
        submission=submission,
        user=personas.province_liaison,
        fields={"progress": "甲"},
        expected_version=submission.version,
        coordination_needs=needs,
    )
    first_id = saved.coordination_needs.get().pk
    saved = services.submission_save_draft(
        submission=saved,
        user=personas.province_liaison,
        fields={"progress": "甲乙"},
        expected_version=saved.version,
        coordination_needs=needs,
    )
    assert saved.coordination_needs.get().pk == first_id
    assert list(saved.coordination_needs.get().units_asked.all()) == [units["ndrc"]]


@pytest.mark.django_db
def test_extension_refused_after_the_deadline_and_refusal_needs_a_reason(
    clock, personas, units, world
):
    task2 = world.tasks[1]
    with pytest.raises(ValidationError):
        services.extension_request_create(
            task=task2,
            unit=units["mof"],
            user=personas.participant_liaison,
            requested_due_date=datetime.date(2027, 1, 31),
            reason="迟到的申请",
            today=datetime.date(2026, 10, 21),
        )
    extension = services.extension_request_create(
        task=task2,
        unit=units["mof"],
        user=personas.participant_liaison,
        requested_due_date=datetime.date(2027, 1, 31),
        reason="理由",
        today=datetime.date(2026, 10, 19),
    )
    with pytest.raises(ValidationError):
        services.extension_decide(request=extension, user=personas.secretariat, approve=False)
    refused = services.extension_decide(
        request=extension, user=personas.secretariat, approve=False, note="不符合延期条件。"
    )
    task2.refresh_from_db()
    assert refused.status == ExtensionRequest.Status.REFUSED
    assert task2.due_date == datetime.date(2026, 10, 20)


@pytest.mark.django_db
def test_extension_may_be_requested_on_the_due_date_itself(clock, personas, units, world):
    """As the request page says: 最迟在现截止日期当天."""
    task2 = world.tasks[1]
    assert task2.due_date == datetime.date(2026, 10, 20)
    extension = services.extension_request_create(
        task=task2,
        unit=units["mof"],
        user=personas.participant_liaison,
        requested_due_date=datetime.date(2027, 1, 31),
        reason="当天申请",
        today=task2.due_date,
    )
    assert extension.status == ExtensionRequest.Status.PENDING


@pytest.mark.django_db
def test_evidence_is_type_checked_and_size_limited(personas, units, world):
    submission = world.submission(3, units["liaoning"])
    add = services.evidence_add
    with pytest.raises(ValidationError):
        add(submission=submission, user=None, filename="报告.pdf", data=b"MZ not a pdf")
    with pytest.raises(ValidationError):
        add(submission=submission, user=None, filename="run.exe", data=b"MZ")
    with pytest.raises(ValidationError):
        add(submission=submission, user=None, filename="a.txt", data=b"\x00\x01binary")
    with pytest.raises(ValidationError):
        add(
            submission=submission,
            user=None,
            filename="big.txt",
            data=b"a" * (EVIDENCE_MAX_BYTES + 1),
        )
    stored = add(submission=submission, user=None, filename="../../说明.txt", data="说明".encode())
    assert "/" not in stored.filename and stored.size == 6


@pytest.mark.django_db
def test_rounds_cover_only_published_plans(personas, units, mechanism):
    from zhenxing.policies.models import DivisionPlan, Task

    draft = DivisionPlan.objects.create(title="草稿方案")
    Task.objects.create(plan=draft, position=1, code="1", title="草稿任务", lead_unit=units["ndrc"])
    with pytest.raises(ValidationError):
        services.round_open(
            user=personas.secretariat,
            tasks=draft.tasks.all(),
            period_kind="quarter",
            period_label="2026Q3",
            due_date=datetime.date(2026, 10, 15),
        )
