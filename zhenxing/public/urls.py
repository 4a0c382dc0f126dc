from django.urls import path, re_path

from zhenxing.public import views

app_name = "public"
urlpatterns = [
    path("", views.open_index, name="open_index"),
    path("manage/<slug:code>/", views.publication_manage, name="publication_manage"),
    path("<slug:code>/", views.open_mechanism, name="open_mechanism"),
    path("<slug:code>/plans/<int:pk>/", views.open_plan, name="open_plan"),
    re_path(
        r"^(?P<code>[-\w]+)/data/(?P<name>[-\w]+)\.(?P<file_format>csv|json)$",
        views.open_dataset_file,
        name="open_dataset_file",
    ),
]
