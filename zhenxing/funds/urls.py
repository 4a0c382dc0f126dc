from django.urls import path

from zhenxing.funds import views

app_name = "funds"
urlpatterns = [
    path("", views.allocation_list, name="allocation_list"),
    path("<int:pk>/", views.allocation_detail, name="allocation_detail"),
]
