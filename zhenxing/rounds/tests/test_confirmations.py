"""Issue #14 break 7: closing a round and closing out a task ask for a ticked confirmation,
checked on the server; close-out over silent participants needs a reason; a participant that has
not reported shows 未报送, not the 未启动 its empty draft defaults to."""

import pytest

from zhenxing.audit.context import acting_as
from zhenxing.rounds import services
from zhenxing.rounds.models import CloseOut, ReportingRound, Submission
from zhenxing.rounds.tests.conftest import write_and_submit

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4 evidence"


def accepted_completed_lead_report(world, task_number, unit, liaison, secretariat) -> Submission:
    """The lead unit's report on the task says completed, carries evidence and is accepted."""
    lead = world.submission(task_number, unit)
    with acting_as(user=liaison):
        services.evidence_add(submission=lead, user=liaison, filename="验收.pdf", data=PDF)
    lead = write_and_submit(lead, liaison, progress_status=Submission.Progress.COMPLETED)
    with acting_as(user=secretariat):
        return services.submission_accept(submission=lead, user=secretariat)


def test_closing_a_round_needs_the_ticked_confirmation(client, personas, world):
    client.force_login(personas.secretariat)
    page = client.get(f"/rounds/{world.round.pk}/").content.decode()
    assert 'name="confirm"' in page and "onsubmit" not in page
    refused = client.post(f"/rounds/{world.round.pk}/close/", follow=True)
    assert "请先勾选确认" in refused.content.decode()
    world.round.refresh_from_db()
    assert world.round.status == ReportingRound.Status.OPEN
    client.post(f"/rounds/{world.round.pk}/close/", {"confirm": "yes"})
    world.round.refresh_from_db()
    assert world.round.status == ReportingRound.Status.CLOSED


def test_close_out_needs_confirmation_and_a_reason_while_participants_are_silent(
    client, personas, units, world
):
    """Task 1's participants MOF and Liaoning have not reported."""
    lead = accepted_completed_lead_report(
        world, 1, units["ndrc"], personas.lead_liaison, personas.secretariat
    )
    client.force_login(personas.secretariat)
    page = client.get(f"/rounds/submissions/{lead.pk}/").content.decode()
    assert 'id="unreported-participants"' in page
    assert "2 个参加单位尚未报送" in page and "财政部" in page

    url = f"/rounds/submissions/{lead.pk}/close-out/"
    unconfirmed = client.post(url, {"note": "佐证齐全。"}, follow=True)
    assert "请先勾选确认" in unconfirmed.content.decode()
    no_reason = client.post(url, {"confirm": "yes", "note": ""}, follow=True)
    assert "尚未报送，销号须写明理由" in no_reason.content.decode()
    assert not CloseOut.objects.exists()

    client.post(url, {"confirm": "yes", "note": "参加单位工作已并入牵头单位报告。"})
    close_out = CloseOut.objects.get(task=world.tasks[0])
    assert close_out.note == "参加单位工作已并入牵头单位报告。"
    assert close_out.closed_by == personas.secretariat


def test_close_out_without_silent_participants_needs_no_reason(client, personas, units, world):
    """Task 3 has no participants: confirmation alone closes it out."""
    lead = accepted_completed_lead_report(
        world, 3, units["liaoning"], personas.province_liaison, personas.secretariat
    )
    client.force_login(personas.secretariat)
    assert (
        'id="unreported-participants"'
        not in client.get(f"/rounds/submissions/{lead.pk}/").content.decode()
    )
    client.post(f"/rounds/submissions/{lead.pk}/close-out/", {"confirm": "yes"})
    assert CloseOut.objects.filter(task=world.tasks[2]).exists()


def test_participants_who_have_not_reported_show_not_reported(client, personas, units, world):
    lead = world.submission(1, units["ndrc"])
    write_and_submit(world.submission(1, units["liaoning"]), personas.province_liaison)
    client.force_login(personas.secretariat)
    page = client.get(f"/rounds/submissions/{lead.pk}/")
    html = page.content.decode()
    aside = html[html.index('id="participants"') :]
    mof = aside[aside.index("财政部") : aside.index("辽宁")]
    assert "未报送" in mof and "未启动" not in mof
    liaoning = aside[aside.index("辽宁") :]
    assert "正常推进" in liaoning
    table = client.get(f"/rounds/{world.round.pk}/").content.decode()
    rows = table[table.index('id="submission-table"') :]
    assert "未启动" not in rows
