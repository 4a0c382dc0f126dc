from django.urls import path, re_path

from zhenxing.public import views

app_name = "public"
urlpatterns = [
    path("", views.open_index, name="open_index"),
    path("manage/suggestions/", views.suggestion_inbox, name="suggestion_inbox"),
    path("manage/suggestions/<int:pk>/", views.suggestion_detail, name="suggestion_detail"),
    path(
        "manage/suggestions/<int:pk>/attachment/",
        views.suggestion_attachment,
        name="suggestion_attachment",
    ),
    path("manage/<slug:code>/", views.publication_manage, name="publication_manage"),
    path("captcha/<str:token>.svg", views.captcha_image, name="captcha_image"),
    path("suggestions/status/", views.suggestion_status, name="suggestion_status"),
    path("<slug:code>/", views.open_mechanism, name="open_mechanism"),
    path("<slug:code>/plans/<int:pk>/", views.open_plan, name="open_plan"),
    path("<slug:code>/suggest/", views.suggestion_new, name="suggestion_new"),
    path("<slug:code>/suggestions/", views.suggestion_public_list, name="suggestion_public_list"),
    re_path(
        r"^(?P<code>[-\w]+)/data/(?P<name>[-\w]+)\.(?P<file_format>csv|json)$",
        views.open_dataset_file,
        name="open_dataset_file",
    ),
]
