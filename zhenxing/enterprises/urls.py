from django.urls import path

from zhenxing.enterprises import benefits, views

app_name = "enterprises"

urlpatterns = [
    path("", views.enterprise_list, name="enterprise_list"),
    path("figures.xlsx", views.figures_export, name="figures_export"),
    path("new/", views.enterprise_new, name="enterprise_new"),
    path("import/", views.enterprise_import, name="enterprise_import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("import/<int:pk>/", views.enterprise_import_detail, name="enterprise_import_detail"),
    path("<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
    path("<int:pk>/edit/", views.enterprise_edit, name="enterprise_edit"),
    path("<int:pk>/figures/", views.figure_report, name="figure_report"),
    path("<int:pk>/difficulties/new/", views.difficulty_new, name="difficulty_new"),
    path("benefits/", benefits.benefit_list, name="benefit_list"),
    path("benefits.xlsx", benefits.benefits_export, name="benefits_export"),
    path("benefits/new/", benefits.benefit_edit, name="benefit_new"),
    path("benefits/<int:pk>/", benefits.benefit_detail, name="benefit_detail"),
    path("benefits/<int:pk>/edit/", benefits.benefit_edit, name="benefit_edit"),
    path("benefits/<int:pk>/identify/", benefits.benefit_identify, name="benefit_identify"),
    *(
        path(
            f"benefits/grants/<int:pk>/{action}/",
            benefits.benefit_grant_action,
            {"action": action},
            name=f"benefit_grant_{action}",
        )
        for action in benefits.GRANT_ACTIONS
    ),
    path("difficulties/", views.difficulty_list, name="difficulty_list"),
    path("difficulties/<int:pk>/", views.difficulty_detail, name="difficulty_detail"),
    path("difficulties/<int:pk>/route/", views.difficulty_route, name="difficulty_route"),
    path("difficulties/<int:pk>/answer/", views.difficulty_answer, name="difficulty_answer"),
    path("difficulties/<int:pk>/close/", views.difficulty_close, name="difficulty_close"),
    path("difficulties/<int:pk>/escalate/", views.difficulty_escalate, name="difficulty_escalate"),
]
