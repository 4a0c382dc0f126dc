from django.apps import AppConfig


class SpecialPlansConfig(AppConfig):
    name = "zhenxing.specialplans"
    label = "specialplans"
    verbose_name = "专项规划"
