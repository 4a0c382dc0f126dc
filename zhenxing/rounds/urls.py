from django.urls import path
from django.views.generic import RedirectView

from zhenxing.rounds.views import calendars, dashboards, rounds, submissions, tasks

app_name = "rounds"

urlpatterns = [
    path("", rounds.round_list, name="round_list"),
    path("new/", rounds.round_open, name="round_open"),
    path("calendar/", calendars.calendar, name="calendar"),
    path("schedules/", rounds.schedule_list, name="schedule_list"),
    path("schedules/<int:pk>/", rounds.schedule_edit, name="schedule_edit"),
    path("<int:pk>/", rounds.round_detail, name="round_detail"),
    path("<int:pk>/close/", rounds.round_close, name="round_close"),
    path("<int:pk>/chase/", rounds.round_chase, name="round_chase"),
    path("<int:pk>/open-children/", calendars.round_children_open, name="round_children_open"),
    path("submissions/accept/", submissions.submissions_accept, name="submissions_accept"),
    path("submissions/<int:pk>/", submissions.submission_detail, name="submission_detail"),
    path("submissions/<int:pk>/save/", submissions.submission_save, name="submission_save"),
    path("submissions/<int:pk>/submit/", submissions.submission_submit, name="submission_submit"),
    path("submissions/<int:pk>/evidence/", submissions.evidence_upload, name="evidence_upload"),
    path("submissions/<int:pk>/return/", submissions.submission_return, name="submission_return"),
    path("submissions/<int:pk>/accept/", submissions.submission_accept, name="submission_accept"),
    path(
        "submissions/<int:pk>/close-out/",
        submissions.submission_close_out,
        name="submission_close_out",
    ),
    path("evidence/<int:pk>/", submissions.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/remove/", submissions.evidence_remove, name="evidence_remove"),
    path("tasks/<int:pk>/", tasks.task_detail, name="task_detail"),
    path("tasks/<int:pk>/rate/", tasks.task_rate, name="task_rate"),
    path("tasks/<int:pk>/extension/", tasks.extension_request, name="extension_request"),
    path("extensions/", tasks.extension_list, name="extension_list"),
    path("extensions/<int:pk>/", tasks.extension_detail, name="extension_detail"),
    path("dashboard/", dashboards.dashboard, name="dashboard"),
    path("my/", dashboards.my_dashboard, name="my_dashboard"),
    path("overview/", dashboards.overview, name="overview"),
    # The notifications page lived here before it had its own app; old links still arrive.
    path(
        "notifications/",
        RedirectView.as_view(pattern_name="notifications:notification_list", query_string=True),
    ),
]
