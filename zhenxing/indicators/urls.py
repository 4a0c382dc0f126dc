from django.urls import path

from zhenxing.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.indicator_list, name="indicator_list"),
    path("new/", views.indicator_edit, name="indicator_new"),
    path("observations/new/", views.observation_new, name="observation_new"),
    path("observations/<int:pk>/", views.observation_detail, name="observation_detail"),
    path("imports/new/", views.statistics_import, name="statistics_import"),
    path("figures/", views.figure_extract, name="figure_extract"),
    path("figures/record/", views.figure_record, name="figure_record"),
    path("targets/", views.target_list, name="target_list"),
    path("targets/new/", views.target_new, name="target_new"),
    path("targets/propose/", views.targets_propose, name="targets_propose"),
    path("targets/<int:pk>/confirm/", views.target_confirm, name="target_confirm"),
    path("targets/<int:pk>/split/", views.target_split, name="target_split"),
    path("<slug:code>/", views.indicator_detail, name="indicator_detail"),
    path("<slug:code>/edit/", views.indicator_edit, name="indicator_edit"),
    path("<slug:code>/analysis/", views.analysis, name="analysis"),
    path("<slug:code>/targets.xlsx", views.target_tree_export, name="target_tree_export"),
]
