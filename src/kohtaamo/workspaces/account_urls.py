"""Sign-in and password pages, outside any workspace (mounted at the site's root)."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy
from django.views.generic import RedirectView

from .views import account

urlpatterns = [
    path("login/", account.LoginView.as_view(), name="login"),
    path("login/code/", account.login_code, name="login-code"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # The admin signs in through the same page, so its logins are throttled and ask for the code too.
    path("admin/login/", RedirectView.as_view(url=reverse_lazy("login"), query_string=True), name="admin-login"),
    path("account/two-factor/", account.two_factor, name="two-factor"),
    path(
        "account/password/",
        auth_views.PasswordChangeView.as_view(template_name="workspaces/password_change.html"),
        name="password_change",
    ),
    path(
        "account/password/changed/",
        auth_views.PasswordChangeDoneView.as_view(template_name="workspaces/password_change_done.html"),
        name="password_change_done",
    ),
    path(
        "account/reset/",
        auth_views.PasswordResetView.as_view(
            template_name="workspaces/password_reset.html",
            email_template_name="workspaces/email/password_reset.txt",
            subject_template_name="workspaces/email/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "account/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="workspaces/password_reset_sent.html"),
        name="password_reset_done",
    ),
    path("account/reset/<uidb64>/<token>/", account.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path(
        "account/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="workspaces/password_reset_done.html"),
        name="password_reset_complete",
    ),
]
