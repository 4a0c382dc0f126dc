from django.urls import path

from zhenxing.pairings import views

app_name = "pairings"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<int:pk>/", views.pairing_detail, name="pairing_detail"),
]
