from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from kohtaamo.api import api
from kohtaamo.workspaces import views as workspace_views

urlpatterns = [
    path("", workspace_views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(template_name="workspaces/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("s/", include("kohtaamo.feedback.public_urls")),
    path("w/<slug:ws>/", include("kohtaamo.workspaces.urls")),
    path("w/<slug:ws>/", include("kohtaamo.timeline.urls")),
    path("w/<slug:ws>/feedback/", include("kohtaamo.feedback.urls")),
    path("w/<slug:ws>/quality/", include("kohtaamo.quality.urls")),
    path("w/<slug:ws>/operations/", include("kohtaamo.operations.urls")),
    path("w/<slug:ws>/incidents/", include("kohtaamo.notify.urls")),
    path("w/<slug:ws>/journeys/", include("kohtaamo.journeys.urls")),
    path("w/<slug:ws>/privacy/", include("kohtaamo.privacy.urls")),
]
