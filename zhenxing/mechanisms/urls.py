from django.urls import path

from zhenxing.mechanisms import views

app_name = "mechanisms"
urlpatterns = [
    path("", views.mechanism_list, name="mechanism_list"),
    # Before the code pattern; no mechanism is coded "use".
    path("use/", views.mechanism_use, name="mechanism_use"),
    path("<slug:code>/", views.mechanism_detail, name="mechanism_detail"),
]
