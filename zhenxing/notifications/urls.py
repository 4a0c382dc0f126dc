from django.urls import path

from zhenxing.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="notification_list"),
    path("badge/", views.notification_badge, name="notification_badge"),
    path("read/", views.notification_read, name="notification_read"),
    path("webhooks/", views.webhook_delivery_list, name="webhook_delivery_list"),
]
