from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from kohtaamo.api import api
from kohtaamo.workspaces import views as workspace_views

urlpatterns = [
    path("", workspace_views.home, name="home"),
    path("", include("kohtaamo.workspaces.account_urls")),
    # Browsers ask for /favicon.ico on their own, whatever the page links.
    path("favicon.ico", RedirectView.as_view(url=static("kohtaamo/favicon.ico"), permanent=True), name="favicon"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("s/", include("kohtaamo.feedback.public_urls")),
    path("hooks/", include("kohtaamo.connectors.public_urls")),
    path("w/<slug:ws>/", include("kohtaamo.workspaces.urls")),
    path("w/<slug:ws>/", include("kohtaamo.timeline.urls")),
    path("w/<slug:ws>/feedback/", include("kohtaamo.feedback.urls")),
    path("w/<slug:ws>/feedback/sentiment/", include("kohtaamo.sentiment.urls")),
    path("w/<slug:ws>/quality/", include("kohtaamo.quality.urls")),
    path("w/<slug:ws>/operations/", include("kohtaamo.operations.urls")),
    path("w/<slug:ws>/incidents/", include("kohtaamo.notify.urls")),
    path("w/<slug:ws>/journeys/", include("kohtaamo.journeys.urls")),
    path("w/<slug:ws>/topics/", include("kohtaamo.insights.urls")),
    path("w/<slug:ws>/privacy/", include("kohtaamo.privacy.urls")),
    path("w/<slug:ws>/settings/connectors/", include("kohtaamo.connectors.urls")),
]

# The error pages in the app's look (kohtaamo.errors); Django finds them by these names.
handler400 = "kohtaamo.errors.bad_request"
handler403 = "kohtaamo.errors.permission_denied"
handler404 = "kohtaamo.errors.page_not_found"
handler500 = "kohtaamo.errors.server_error"
