from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "zhenxing.enterprises"
    label = "enterprises"
    verbose_name = "重点企业"
