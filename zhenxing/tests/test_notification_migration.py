"""Notification moved from rounds to its own app: the rows sent before the move are all there
after it, read and unread, and new ones follow. (Outside the notifications package, whose
tests share one open transaction.)"""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from zhenxing.notifications.models import Notification
from zhenxing.notifications.services import notification_send

BEFORE = [("rounds", "0004_notification_kinds"), ("notifications", None)]


def old_apps():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    executor.loader.build_graph()
    return executor.loader.project_state(BEFORE[0]).apps


def migrate_to_latest():
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()


@pytest.mark.django_db(transaction=True)
def test_the_notifications_sent_before_the_move_are_kept():
    apps = old_apps()
    assert "rounds_notification" in connection.introspection.table_names()
    user = apps.get_model("orgs", "User").objects.create(
        username="before.move", role="unit_liaison"
    )
    old = apps.get_model("rounds", "Notification")
    read_at = timezone.now() - datetime.timedelta(days=1)
    sent = [
        old.objects.create(recipient=user, kind="other", title="旧通知", link="/rounds/1/"),
        old.objects.create(
            recipient=user, kind="due_soon", title="已读提醒", read_at=read_at, dedup_key="k:1"
        ),
    ]
    # As on an installation whose content types were made before the move.
    old_types = apps.get_model("contenttypes", "ContentType").objects
    old_types.filter(app_label="notifications").delete()
    content_type, _ = old_types.get_or_create(app_label="rounds", model="notification")
    permission, _ = apps.get_model("auth", "Permission").objects.get_or_create(
        content_type=content_type, codename="view_notification", defaults={"name": "Can view"}
    )

    migrate_to_latest()

    tables = connection.introspection.table_names()
    assert "notifications_notification" in tables and "rounds_notification" not in tables
    kept = Notification.objects.filter(recipient_id=user.pk).order_by("pk")
    assert [(n.pk, n.kind, n.title, n.read_at, n.dedup_key) for n in kept] == [
        (sent[0].pk, "other", "旧通知", None, ""),
        (sent[1].pk, "due_soon", "已读提醒", read_at, "k:1"),
    ]
    assert Permission.objects.get(pk=permission.pk).content_type.app_label == "notifications"
    # The table's identity goes on where it was, and the dedup constraint still holds.
    notification_send(recipient=kept[0].recipient, kind="account", title="新通知")
    notification_send(recipient=kept[0].recipient, kind="due_soon", title="重复", dedup_key="k:1")
    newest = Notification.objects.filter(recipient_id=user.pk).order_by("pk")
    assert [n.title for n in newest] == ["旧通知", "已读提醒", "新通知"]
    assert newest.last().pk > sent[1].pk
