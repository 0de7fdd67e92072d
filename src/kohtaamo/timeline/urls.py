from django.urls import path

from . import views
from .labels_views import labels_page

urlpatterns = [
    path("customers/", views.customer_list, name="customers"),
    path("customers/<int:customer_id>/", views.customer_detail, name="customer"),
    path("interactions/<int:interaction_id>/", views.interaction_detail, name="interaction"),
    path("interactions/<int:interaction_id>/recording/", views.interaction_recording, name="interaction-recording"),
    path("merges/<int:merge_id>/undo/", views.merge_undo, name="merge-undo"),
    # Beside the workspace's settings page, which links to it (workspaces.urls has "settings/").
    path("settings/labels/", labels_page, name="workspace-labels"),
]
