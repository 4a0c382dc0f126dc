from django.apps import AppConfig


class CoordinationConfig(AppConfig):
    name = "zhenxing.coordination"
    label = "coordination"
    verbose_name = "协调事项"
