from django.urls import path

from zhenxing.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.change_list, name="change_list"),
    path("<int:pk>/", views.change_detail, name="change_detail"),
    path("export/", views.change_export, name="change_export"),
]
