from django.urls import path

from zhenxing.indicators import views

urlpatterns = [
    path("", views.figure_extract, name="figure_extract"),
]
