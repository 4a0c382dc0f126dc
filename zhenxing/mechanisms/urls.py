from django.urls import path

from zhenxing.mechanisms import views

app_name = "mechanisms"
urlpatterns = [
    path("", views.mechanism_list, name="mechanism_list"),
    path("<slug:code>/", views.mechanism_detail, name="mechanism_detail"),
]
