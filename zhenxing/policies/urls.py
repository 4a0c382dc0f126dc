from django.urls import path

from zhenxing.policies import views

app_name = "policies"
urlpatterns = [
    path("", views.document_list, name="policy_document_list"),
    path("documents/<int:pk>/", views.document_detail, name="policy_document_detail"),
    path("documents/<int:pk>/file", views.document_file, name="policy_document_file"),
    path("documents/<int:pk>/propose", views.plan_propose, name="division_plan_propose"),
    path("plans/", views.plan_list, name="division_plan_list"),
    path("plans/<int:pk>/", views.plan_detail, name="division_plan_detail"),
    path("plans/<int:pk>/publish", views.plan_publish, name="division_plan_publish"),
    path("plans/<int:pk>/export", views.plan_export, name="division_plan_export"),
    path("plans/<int:pk>/tasks/new", views.task_create, name="task_create"),
    path("tasks/mine/", views.my_tasks, name="my_tasks"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/row", views.task_row, name="task_row"),
    path("tasks/<int:pk>/edit", views.task_edit, name="task_edit"),
    path("tasks/<int:pk>/accept", views.task_accept, name="task_accept"),
    path("tasks/<int:pk>/delete", views.task_delete, name="task_delete"),
    path("tasks/<int:pk>/split", views.task_split, name="task_split"),
    path("tasks/<int:pk>/cascade", views.task_cascade, name="task_cascade"),
]
