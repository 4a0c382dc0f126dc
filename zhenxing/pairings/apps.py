from django.apps import AppConfig


class PairingsConfig(AppConfig):
    name = "zhenxing.pairings"
    label = "pairings"
    verbose_name = "对口合作"
