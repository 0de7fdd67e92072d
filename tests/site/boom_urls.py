"""The app's URLs plus two that fail on purpose, to see the 500 page (the error handlers come along)."""

from django.urls import path

from kohtaamo.urls import handler400, handler403, handler404, handler500, urlpatterns
from kohtaamo.workspaces.auth import workspace_view

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def boom(request, *args):
    raise RuntimeError("planted failure")


urlpatterns = [
    path("boom/", boom),
    path("w/<slug:ws>/boom/", workspace_view("view_customers")(boom)),
    *urlpatterns,
]
