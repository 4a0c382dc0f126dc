from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "zhenxing.public"
    label = "public"
    verbose_name = "政务公开"
