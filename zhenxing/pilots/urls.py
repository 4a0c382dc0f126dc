from django.urls import path

from zhenxing.pilots import views

app_name = "pilots"
urlpatterns = [
    path("", views.pilot_list, name="pilot_list"),
    path("<int:pk>/", views.pilot_detail, name="pilot_detail"),
]
