from django.apps import AppConfig


class PilotsConfig(AppConfig):
    name = "zhenxing.pilots"
    label = "pilots"
    verbose_name = "试点示范"
