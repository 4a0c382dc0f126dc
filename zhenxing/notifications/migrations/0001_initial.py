"""Notification, moved from rounds with its rows: rounds.0005 renamed the table, so this only
takes the model into the state; the content type (and so its permissions) moves along."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def content_type_moves(apps, schema_editor, old="rounds", new="notifications"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label=new, model="notification").exists():
        ContentType.objects.filter(app_label=old, model="notification").update(app_label=new)


def content_type_moves_back(apps, schema_editor):
    content_type_moves(apps, schema_editor, old="notifications", new="rounds")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("rounds", "0005_notification_moves_to_notifications"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Notification",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("due_soon", "即将到期"),
                                    ("due_today", "今日到期"),
                                    ("overdue", "已逾期"),
                                    ("round_opened", "调度通知"),
                                    ("returned", "报送退回"),
                                    ("accepted", "报送采用"),
                                    ("extension_decided", "延期审批结果"),
                                    ("chased", "催报"),
                                    ("matter_request", "协调请求"),
                                    ("matter_responded", "协调已答复"),
                                    ("matter_escalated", "协调事项上报"),
                                    ("meeting", "会议通知"),
                                    ("minutes", "会议纪要"),
                                    ("assignment", "交办事项"),
                                    ("instruction", "领导批示"),
                                    ("rectification", "整改通知"),
                                    ("rectify_reopened", "整改退回"),
                                    ("circular", "督查通报"),
                                    ("import_failed", "导入失败"),
                                    ("account", "账户安全"),
                                    ("other", "其他"),
                                ],
                                max_length=20,
                                verbose_name="类型",
                            ),
                        ),
                        ("title", models.CharField(max_length=200, verbose_name="标题")),
                        ("body", models.TextField(blank=True, verbose_name="内容")),
                        ("link", models.CharField(blank=True, max_length=300, verbose_name="链接")),
                        (
                            "dedup_key",
                            models.CharField(blank=True, max_length=120, verbose_name="去重键"),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="时间"),
                        ),
                        (
                            "read_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="已读时间"),
                        ),
                        (
                            "emailed_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="邮件发送时间"
                            ),
                        ),
                        (
                            "recipient",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="notifications",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="接收人",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "通知",
                        "verbose_name_plural": "通知",
                        "ordering": ["-created_at", "-id"],
                        "constraints": [
                            models.UniqueConstraint(
                                condition=models.Q(("dedup_key", ""), _negated=True),
                                fields=("recipient", "dedup_key"),
                                name="notification_sent_once",
                                violation_error_message="该提醒已发送。",
                            )
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(content_type_moves, content_type_moves_back),
    ]
