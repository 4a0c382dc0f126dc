from django.urls import path

from zhenxing.inspections import views

app_name = "inspections"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("new/", views.inspection_new, name="inspection_new"),
    path("<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("<int:pk>/conclude/", views.inspection_conclude, name="inspection_conclude"),
    path("<int:pk>/findings/new/", views.finding_new, name="finding_new"),
    path("<int:pk>/findings.xlsx", views.findings_export, name="findings_export"),
    path("<int:pk>/circular/", views.circular, name="circular"),
    path("<int:pk>/circular/save/", views.circular_save, name="circular_save"),
    path("<int:pk>/circular/issue/", views.circular_issue, name="circular_issue"),
    path(
        "<int:pk>/circular.<str:export_format>",
        views.circular_export,
        name="circular_export",
    ),
    path("findings/<int:pk>/", views.finding_detail, name="finding_detail"),
    path("findings/<int:pk>/rectifications/", views.rectification_add, name="rectification_add"),
    path(
        "rectifications/<int:pk>/report/", views.rectification_report, name="rectification_report"
    ),
    path(
        "rectifications/<int:pk>/verify/", views.rectification_verify, name="rectification_verify"
    ),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
]
