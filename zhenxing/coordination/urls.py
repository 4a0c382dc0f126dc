from django.urls import path

from zhenxing.coordination.views import instructions, matters, meetings, suggestions

app_name = "coordination"

urlpatterns = [
    path("", matters.dashboard, name="dashboard"),
    path("matters/", matters.matter_list, name="matter_list"),
    path("matters/export.xlsx", matters.matter_export, name="matter_export"),
    path("matters/new/", matters.matter_new, name="matter_new"),
    path("matters/<int:pk>/", matters.matter_detail, name="matter_detail"),
    path("matters/<int:pk>/route/", matters.matter_route, name="matter_route"),
    path("matters/<int:pk>/confirm/", matters.matter_confirm, name="matter_confirm"),
    path("matters/<int:pk>/escalate/", matters.matter_escalate, name="matter_escalate"),
    path("matters/<int:pk>/close/", matters.matter_close, name="matter_close"),
    path("requests/<int:pk>/respond/", matters.request_respond, name="request_respond"),
    path("needs/<int:pk>/promote/", matters.need_promote, name="need_promote"),
    path("meetings/", meetings.meeting_list, name="meeting_list"),
    path("meetings/new/", meetings.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/agenda/", meetings.meeting_agenda_build, name="meeting_agenda_build"),
    path("meetings/<int:pk>/agenda/add/", meetings.agenda_item_add, name="agenda_item_add"),
    path("meetings/<int:pk>/minutes/", meetings.meeting_minutes_save, name="meeting_minutes_save"),
    path("meetings/<int:pk>/decisions/", meetings.decision_add, name="decision_add"),
    path("meetings/<int:pk>/issue/", meetings.meeting_minutes_issue, name="meeting_minutes_issue"),
    path("decisions/<int:pk>/remove/", meetings.decision_remove, name="decision_remove"),
    path("assignments/", instructions.assignment_list, name="assignment_list"),
    path("instructions/", instructions.instruction_list, name="instruction_list"),
    path("instructions/new/", instructions.instruction_new, name="instruction_new"),
    path(
        "instructions/task-search/",
        instructions.instruction_task_search,
        name="instruction_task_search",
    ),
    path(
        "instruction-responses/<int:pk>/respond/",
        instructions.instruction_response_respond,
        name="instruction_response_respond",
    ),
    path("suggestions/", suggestions.suggestion_list, name="suggestion_list"),
    path("suggestions/new/", suggestions.suggestion_new, name="suggestion_new"),
    path("suggestions/<int:pk>/", suggestions.suggestion_detail, name="suggestion_detail"),
    path("suggestions/<int:pk>/decide/", suggestions.suggestion_decide, name="suggestion_decide"),
]
