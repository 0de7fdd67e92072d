from django.urls import path

from . import views

# Under the feedback section: the examples are mostly survey comments, and the page sits in its sub-navigation.
urlpatterns = [
    path("", views.sentiment_model, name="feedback-sentiment"),
    path("examples/", views.example_add, name="feedback-sentiment-example-add"),
    path("examples/import/", views.examples_import, name="feedback-sentiment-import"),
    path("examples/<int:example_id>/delete/", views.example_delete, name="feedback-sentiment-example-delete"),
    path("comments/<int:answer_id>/", views.comment_label, name="feedback-sentiment-comment"),
    path("train/", views.training_request, name="feedback-sentiment-train"),
    path("classifiers/<int:classifier_id>/switch/", views.classifier_switch, name="feedback-sentiment-switch"),
]
