"""The reminders go out from the job queue: `zhenxing worker` enqueues the periodic jobs as
their time comes (operations.queue.periodic_enqueue), once however many workers beat, and
each reminder still reaches its unit once (tests run jobs as soon as they are enqueued)."""

import datetime

import pytest
from django.core import mail

from zhenxing.notifications.models import Notification
from zhenxing.operations.models import PeriodicRun
from zhenxing.operations.queue import periodic_enqueue
from zhenxing.rounds.tests.conftest import DUE_ON

FIVE_MINUTES = {
    "zhenxing.rounds.tasks.rounds_send_reminders",
    "zhenxing.rounds.tasks.rounds_open_scheduled",
    "zhenxing.coordination.tasks.coordination_send_reminders",
    "zhenxing.inspections.tasks.inspections_send_reminders",
}
DAILY = {
    "zhenxing.operations.tasks.queue_prune_finished",
    "zhenxing.rollups.tasks.rollups_refresh",
}


@pytest.mark.django_db
def test_due_reminders_go_out_from_the_queue_once(clock, with_email, world):
    mail.outbox.clear()
    clock.set(DUE_ON - datetime.timedelta(days=2))

    assert set(periodic_enqueue()) == FIVE_MINUTES | DAILY
    assert Notification.objects.filter(kind=Notification.Kind.DUE_SOON).count() == 4
    assert len(mail.outbox) == 4

    # Another worker beating a minute later claims nothing; five minutes on, the five-minute
    # jobs run again and send nothing new (each reminder once); the daily one waits its day.
    clock.advance(minutes=1)
    assert periodic_enqueue() == []
    clock.advance(minutes=5)
    assert set(periodic_enqueue()) == FIVE_MINUTES
    assert Notification.objects.filter(kind=Notification.Kind.DUE_SOON).count() == 4
    assert len(mail.outbox) == 4
    clock.advance(minutes=24 * 60)
    assert set(periodic_enqueue()) == FIVE_MINUTES | DAILY


@pytest.mark.django_db
def test_two_workers_beating_at_the_same_time_enqueue_each_job_once(clock):
    first = periodic_enqueue()
    second = periodic_enqueue()
    assert set(first) == FIVE_MINUTES | DAILY and second == []
    assert PeriodicRun.objects.count() == len(FIVE_MINUTES | DAILY)
    assert set(PeriodicRun.objects.values_list("last_enqueued_at", flat=True)) == {clock.now}
