from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "zhenxing.notifications"
    label = "notifications"
    verbose_name = "通知"
