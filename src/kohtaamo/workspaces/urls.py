from django.urls import path

from . import views

urlpatterns = [
    path("", views.workspace_home, name="workspace-home"),
    path("settings/", views.settings_page, name="workspace-settings"),
]
