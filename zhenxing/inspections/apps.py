from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "zhenxing.inspections"
    label = "inspections"
    verbose_name = "督查"
