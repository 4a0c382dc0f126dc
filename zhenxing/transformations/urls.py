from django.urls import path

from zhenxing.transformations import views

app_name = "transformations"
urlpatterns = [
    path("", views.evaluation_list, name="evaluation_list"),
    path("<int:pk>/", views.evaluation_detail, name="evaluation_detail"),
    path("<int:pk>/import/", views.evaluation_import, name="evaluation_import"),
    path("<int:pk>/cities/<str:code>/", views.city_values, name="city_values"),
    path("<int:pk>/publish/", views.evaluation_publish, name="evaluation_publish"),
]
