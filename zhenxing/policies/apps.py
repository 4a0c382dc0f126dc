from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "zhenxing.policies"
    label = "policies"
    verbose_name = "政策与任务分工"
