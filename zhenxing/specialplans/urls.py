from django.urls import path

from zhenxing.specialplans import views

app_name = "specialplans"
urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("new/", views.plan_new, name="plan_new"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("<int:pk>/add/<str:part>/", views.part_add, name="part_add"),
    path("<int:pk>/<str:part>/<int:part_pk>/report/", views.figure_report, name="figure_report"),
]
