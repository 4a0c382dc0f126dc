from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "zhenxing.reports"
    label = "reports"
    verbose_name = "报告"
