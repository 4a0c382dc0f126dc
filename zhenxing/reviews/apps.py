from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "zhenxing.reviews"
    label = "reviews"
    verbose_name = "领导小组审议"
