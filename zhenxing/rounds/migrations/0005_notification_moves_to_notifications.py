"""Notification moves to the notifications app with its rows: the table is renamed here and the
model leaves rounds' state; notifications.0001 takes it up without touching the database."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("rounds", "0004_notification_kinds"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name="notification", table="notifications_notification"),
            ],
            state_operations=[
                migrations.DeleteModel(name="Notification"),
            ],
        ),
    ]
