"""The public survey, mounted at /s/ by the project's urls.py (no login)."""

from django.urls import path

from .views import public

urlpatterns = [
    path("<str:token>/", public.survey, name="feedback-public-survey"),
    path("<str:token>/thanks/", public.thanks, name="feedback-public-thanks"),
]
