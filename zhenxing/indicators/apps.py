from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "zhenxing.indicators"
    label = "indicators"
    verbose_name = "指标与数据"
