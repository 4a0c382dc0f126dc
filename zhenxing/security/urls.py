from django.urls import path

from zhenxing.security import views

app_name = "security"
urlpatterns = [
    path("second-factor/", views.second_factor, name="second_factor"),
    path("lockouts/", views.lockout_list, name="lockout_list"),
    path("lockouts/release/", views.lockout_release_view, name="lockout_release"),
    path("accounts/<int:pk>/password-reset/", views.password_reset, name="password_reset"),
]
