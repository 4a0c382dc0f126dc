from django.urls import path

from zhenxing.reviews import views

app_name = "reviews"

urlpatterns = [
    path("", views.review_list, name="review_list"),
    path("new/", views.review_new, name="review_new"),
    path("<int:pk>/", views.review_detail, name="review_detail"),
    path("<int:pk>/opinion/", views.opinion_give, name="opinion_give"),
    path("<int:pk>/decide/", views.review_decide, name="review_decide"),
    path("opinions/<int:pk>/task/", views.opinion_task, name="opinion_task"),
    path("upward/", views.upward_item_list, name="upward_item_list"),
    path("upward/new/", views.upward_item_new, name="upward_item_new"),
    path("upward/<int:pk>/remove/", views.upward_item_remove, name="upward_item_remove"),
]
