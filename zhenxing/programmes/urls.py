from django.urls import path

from zhenxing.programmes import views

app_name = "programmes"
urlpatterns = [
    path("designations/", views.designation_list, name="designation_list"),
    path("designations/new/", views.designation_new, name="designation_new"),
    path("designations/<int:pk>/edit/", views.designation_edit, name="designation_edit"),
    path("designations/<int:pk>/delete/", views.designation_delete, name="designation_delete"),
    path("regions/<str:code>/", views.region_designations, name="region_designations"),
]
