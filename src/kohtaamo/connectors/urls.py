from django.urls import path

from . import views

urlpatterns = [
    path("", views.connector_list, name="connectors"),
    path("<int:connector_id>/remove/", views.connector_remove_view, name="connector-remove"),
]
