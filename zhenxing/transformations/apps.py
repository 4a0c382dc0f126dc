from django.apps import AppConfig


class TransformationsConfig(AppConfig):
    name = "zhenxing.transformations"
    label = "transformations"
    verbose_name = "转型绩效评价"
