"""Issue #14: accepting the ticked reports of the review queue at once, each as its own 采用
(locked, review event, notification, change record), each report still one click away."""

import pytest

from zhenxing.audit.models import ChangeRecord
from zhenxing.notifications.models import Notification
from zhenxing.rounds.models import ReviewEvent, Submission
from zhenxing.rounds.tests.conftest import write_and_submit

pytestmark = pytest.mark.django_db


def test_accept_the_ticked_reports_each_audited(client, personas, units, world):
    reports = [
        write_and_submit(world.submission(1, units["liaoning"]), personas.province_liaison),
        write_and_submit(world.submission(3, units["liaoning"]), personas.province_liaison),
        write_and_submit(world.submission(2, units["mof"]), personas.participant_liaison),
    ]
    client.force_login(personas.secretariat)
    round_url = f"/rounds/{world.round.pk}/"
    page = client.get(round_url).content.decode()
    queue = page[page.index('id="review-queue"') :]
    for report in reports:
        assert f'name="submission" value="{report.pk}"' in queue
        assert f'href="/rounds/submissions/{report.pk}/"' in queue
    assert 'data-select-all="submission"' in queue

    ticked = [reports[0].pk, reports[1].pk]
    response = client.post(
        "/rounds/submissions/accept/", {"submission": ticked, "next": round_url}, follow=True
    )
    assert response.redirect_chain[-1][0] == round_url
    assert "已采用 2 份报送。" in response.content.decode()
    statuses = dict(
        Submission.objects.filter(pk__in=[r.pk for r in reports]).values_list("pk", "status")
    )
    assert statuses == {
        reports[0].pk: "accepted",
        reports[1].pk: "accepted",
        reports[2].pk: "submitted",
    }
    for report in reports[:2]:
        assert ReviewEvent.objects.filter(
            submission=report, action="accept", actor=personas.secretariat
        ).exists()
        assert ChangeRecord.objects.filter(
            content_type__model="submission", object_id=str(report.pk), user=personas.secretariat
        ).exists()
    assert Notification.objects.filter(kind="accepted").count() == 4  # Liaoning's two people, twice

    # Ticked again (a stale page): nothing happens twice; a foreign host is no place to go back to.
    again = client.post(
        "/rounds/submissions/accept/",
        {"submission": ticked, "next": "https://example.com/"},
    )
    assert again["Location"] == "/rounds/dashboard/"
    assert ReviewEvent.objects.filter(action="accept").count() == 2


def test_the_dashboard_queue_selects_across_rounds_and_readers_get_no_boxes(
    client, personas, units, world
):
    report = write_and_submit(world.submission(2, units["mof"]), personas.participant_liaison)
    client.force_login(personas.secretariat)
    page = client.get("/rounds/dashboard/").content.decode()
    assert f'name="submission" value="{report.pk}"' in page
    client.force_login(personas.reader)
    page = client.get("/rounds/dashboard/").content.decode()
    assert 'id="review-queue"' in page and 'name="submission"' not in page
    assert (
        client.post("/rounds/submissions/accept/", {"submission": [report.pk]}).status_code == 403
    )
