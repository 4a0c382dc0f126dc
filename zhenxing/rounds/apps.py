from django.apps import AppConfig


class RoundsConfig(AppConfig):
    name = "zhenxing.rounds"
    label = "rounds"
    verbose_name = "调度与督办"
