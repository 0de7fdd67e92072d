from django.urls import path

from . import views

urlpatterns = [
    path("", views.topics_page, name="insights-topics"),
    path("taxonomy/", views.taxonomy, name="insights-taxonomy"),
    path("taxonomy/new/", views.topic_edit, name="insights-topic-new"),
    path("taxonomy/<int:topic_id>/", views.topic_edit, name="insights-topic"),
    path("taxonomy/<int:topic_id>/delete/", views.topic_remove, name="insights-topic-delete"),
    path("suggestions/add/", views.suggestion_add, name="insights-suggestion-add"),
]
