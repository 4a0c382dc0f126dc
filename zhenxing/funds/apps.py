from django.apps import AppConfig


class FundsConfig(AppConfig):
    name = "zhenxing.funds"
    label = "funds"
    verbose_name = "中央资金"
