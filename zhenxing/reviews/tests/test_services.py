"""The reviews' services through the pages and the API: opinions per member, the decision,
opinions turned into tasks, notifications to the members asked, the change log."""

import datetime

import pytest

from zhenxing.audit.models import ChangeRecord
from zhenxing.notifications.models import Notification
from zhenxing.orgs.models import Unit
from zhenxing.policies.models import Task
from zhenxing.reviews.models import Opinion, Review, UpwardItem

pytestmark = pytest.mark.django_db


def test_submitting_tells_the_members_asked_and_is_logged(client, personas, plan):
    client.force_login(personas.secretariat)
    response = client.post(
        "/reviews/new/",
        {
            "subject": Review.Subject.DIVISION_PLAN,
            "plan": plan.pk,
            "meeting": "领导小组第三次全体会议",
            "meeting_on": "2026-10-20",
            "members": [personas.reader.pk, personas.lead_liaison.pk],
        },
    )
    review = Review.objects.get()
    assert response.status_code == 302 and review.title == plan.title
    assert review.status == Review.Status.AWAITING
    told = Notification.objects.filter(kind=Notification.Kind.REVIEW)
    assert set(told.values_list("recipient__username", flat=True)) == {
        "reader",
        "lead.liaison",
    }
    assert ChangeRecord.objects.filter(object_repr=review.title).exists()


def test_a_plan_review_needs_its_plan(client, personas):
    client.force_login(personas.secretariat)
    response = client.post(
        "/reviews/new/",
        {
            "subject": Review.Subject.DIVISION_PLAN,
            "meeting": "会议",
            "meeting_on": "2026-10-20",
            "members": [personas.reader.pk],
        },
    )
    assert response.status_code == 200 and not Review.objects.exists()


def test_each_member_gives_their_own_opinion_and_may_change_it(client, personas, world):
    client.force_login(personas.participant_liaison)
    client.post(f"/reviews/{world.review.pk}/opinion/", {"text": "财政部原则同意。"})
    client.post(f"/reviews/{world.review.pk}/opinion/", {"text": "财政部同意，资金另行安排。"})
    texts = dict(world.review.opinions.values_list("member__username", "text"))
    assert texts == {
        "reader": "建议增加对口合作的任务。",
        "participant.liaison": "财政部同意，资金另行安排。",
    }
    # The reader's page lists the review as awaiting no more opinion of theirs.
    client.force_login(personas.reader)
    assert client.get("/api/v1/reviews/awaiting").json() == []


def test_the_decision_closes_the_review_to_opinions(client, personas, world):
    client.force_login(personas.secretariat)
    response = client.post(
        f"/api/v1/reviews/{world.review.pk}/decide",
        {"status": "approved_with_changes", "minutes": "会议原则通过，按意见修改后印发。"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "approved_with_changes"
    world.review.refresh_from_db()
    assert world.review.minutes.startswith("会议原则通过") and world.review.decided_on
    assert Notification.objects.filter(title__startswith="审议结果").count() == 2
    client.force_login(personas.participant_liaison)
    refused = client.post(
        f"/api/v1/reviews/{world.review.pk}/opinion",
        {"text": "晚到的意见"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    assert not Opinion.objects.filter(member=personas.participant_liaison).exists()


def test_a_decision_must_be_one_of_the_four(client, personas, world):
    client.force_login(personas.secretariat)
    response = client.post(
        f"/api/v1/reviews/{world.review.pk}/decide",
        {"status": "awaiting", "minutes": "x"},
        content_type="application/json",
    )
    assert response.status_code == 400
    world.review.refresh_from_db()
    assert world.review.status == Review.Status.AWAITING


def test_an_opinion_turned_into_a_task_links_back(client, personas, world, plan):
    client.force_login(personas.secretariat)
    ndrc = Unit.objects.get(code="ndrc")
    response = client.post(
        f"/reviews/opinions/{world.opinion.pk}/task/",
        {
            "plan": plan.pk,
            "title": "深化东北与东部地区对口合作",
            "lead_unit": ndrc.pk,
            "due_date": "2027-06-30",
        },
    )
    assert response.status_code == 302
    task = Task.objects.get(plan=plan)
    assert task.lead_unit == ndrc and task.due_date == datetime.date(2027, 6, 30)
    assert "建议增加对口合作的任务" in task.description
    world.opinion.refresh_from_db()
    assert world.opinion.task == task
    page = client.get(f"/reviews/{world.review.pk}/").content.decode()
    assert f"/policies/tasks/{task.pk}/" in page
    again = client.post(
        f"/api/v1/reviews/opinions/{world.opinion.pk}/task",
        {"plan_id": plan.pk, "title": "重复", "lead_unit_id": ndrc.pk, "due_date": "2027-06-30"},
        content_type="application/json",
    )
    assert again.status_code == 400 and Task.objects.filter(plan=plan).count() == 1


def test_marking_a_review_decision_takes_its_wording(client, personas, world):
    client.force_login(personas.secretariat)
    client.post(
        f"/reviews/{world.review.pk}/decide/",
        {"status": "approved", "minutes": "审议通过。", "decided_on": "2026-10-20"},
    )
    response = client.post(
        "/api/v1/reviews/upward-items",
        {"source": "review", "review_id": world.review.pk},
        content_type="application/json",
    )
    assert response.status_code == 201
    item = UpwardItem.objects.get(pk=response.json()["id"])
    assert item.title == f"领导小组审议{world.review.title}"
    assert "审议通过" in item.summary and item.occurred_on == datetime.date(2026, 10, 20)


def test_an_item_must_name_what_its_source_says(client, personas, world):
    client.force_login(personas.secretariat)
    response = client.post(
        "/api/v1/reviews/upward-items",
        {"source": "matter", "title": "无对象"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert UpwardItem.objects.count() == 1


def test_a_review_is_reported_only_once_decided(client, personas, world):
    client.force_login(personas.secretariat)
    response = client.post(
        "/api/v1/reviews/upward-items",
        {"source": "review", "review_id": world.review.pk},
        content_type="application/json",
    )
    assert response.status_code == 400 and "尚未作出审议决定" in response.json()["detail"]
    assert UpwardItem.objects.count() == 1
