from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "zhenxing.programmes"
    label = "programmes"
    verbose_name = "区域专项"
