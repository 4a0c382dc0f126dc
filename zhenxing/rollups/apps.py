from django.apps import AppConfig


class RollupsConfig(AppConfig):
    name = "zhenxing.rollups"
    label = "rollups"
    verbose_name = "逐级汇总"

    def ready(self):
        from zhenxing.rollups import receivers  # noqa: F401  (connects the signal receivers)
