from django.urls import path

from zhenxing.projects.views import exports, imports, projects, statistics

app_name = "projects"
urlpatterns = [
    path("", projects.project_list, name="project_list"),
    path("new/", projects.project_new, name="project_new"),
    path("<int:pk>/", projects.project_detail, name="project_detail"),
    path("<int:pk>/edit/", projects.project_edit, name="project_edit"),
    path("<int:pk>/updates/new/", projects.project_update_new, name="project_update_new"),
    path("exports/<int:pk>/", exports.export_detail, name="project_export_detail"),
    path("exports/<int:pk>/file/", exports.export_file, name="project_export_file"),
    path("imports/", imports.import_list, name="project_import_list"),
    path("imports/<int:pk>/", imports.import_detail, name="project_import_detail"),
    path("imports/<int:pk>/mapping/", imports.import_mapping, name="project_import_mapping"),
    path("imports/<int:pk>/errors.xlsx", imports.import_error_file, name="project_import_errors"),
    path("imports/<int:pk>/cancel/", imports.import_cancel, name="project_import_cancel"),
    path("statistics/", statistics.statistics, name="project_statistics"),
    path("funnel/", statistics.funnel_page, name="project_funnel"),
    path("events/new/", statistics.event_form, name="project_event_new"),
    path("events/announce/", statistics.event_announce, name="project_event_announce"),
    path("events/<int:pk>/", statistics.event_detail, name="project_event_detail"),
    path("events/<int:pk>/edit/", statistics.event_form, name="project_event_edit"),
    path("events/<int:event_pk>/signed/new/", statistics.signed_form, name="project_signed_new"),
    path(
        "events/<int:event_pk>/signed/<int:pk>/edit/",
        statistics.signed_form,
        name="project_signed_edit",
    ),
    path("signed/<int:pk>/advance/", statistics.signed_advance, name="project_signed_advance"),
]
