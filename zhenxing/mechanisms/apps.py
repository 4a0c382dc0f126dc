from django.apps import AppConfig


class MechanismsConfig(AppConfig):
    name = "zhenxing.mechanisms"
    label = "mechanisms"
    verbose_name = "工作机制"
