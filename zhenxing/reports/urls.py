from django.urls import path

from zhenxing.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="report_list"),
    path("new/", views.report_new, name="report_new"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/narratives/", views.report_narratives, name="report_narratives"),
    path("<int:pk>/finalise/", views.report_finalise_view, name="report_finalise"),
    path("<int:pk>/work-points/", views.report_work_points, name="report_work_points"),
    path("<int:pk>/download/<str:file_format>/", views.report_download, name="report_download"),
    path("<int:pk>/builds/<int:build_pk>/", views.report_build_detail, name="report_build_detail"),
    path("<int:pk>/builds/<int:build_pk>/file/", views.report_build_file, name="report_build_file"),
    # after the build's own address, which would otherwise read as a format
    path("<int:pk>/builds/<str:file_format>/", views.report_build_new, name="report_build_new"),
]
