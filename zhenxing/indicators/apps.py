from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "zhenxing.indicators"
    label = "indicators"
    verbose_name = "指标与数据"

    def ready(self):
        from zhenxing.indicators import receivers  # noqa: F401  (connects the signal receivers)
