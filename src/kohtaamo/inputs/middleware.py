"""The guard in front of every page and endpoint: query and form fields are well-formed, bodies fit.

Django decodes query strings and form posts with ``errors="replace"``, so a lone surrogate cannot arrive
that way, but a NUL can (``?q=%00``): SQLite stores it and PostgreSQL refuses the query with a 500. This
middleware answers 400 naming the field before any view runs, and hands views every value in NFC — the
form-level guard for every form in every app, including the ones that take no JSON. A body over
``DATA_UPLOAD_MAX_MEMORY_SIZE`` or a file over ``kohtaamo.inputs.uploads.MAX_UPLOAD_BYTES`` is a
413 that states the limit (JSON under /api/).
"""

import unicodedata
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.utils.translation import gettext as _

from kohtaamo.lib.wellformed import text_problem

from . import uploads

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _clean(query: QueryDict) -> tuple[QueryDict | None, str | None]:
    """A copy in NFC (None when nothing changes) and the first bad field's message, if any."""
    changed = False
    clean = QueryDict(mutable=True)
    for key, values in query.lists():
        for text in (key, *values):
            problem = text_problem(text)
            if problem:
                return None, _("The field “%(field)s” %(problem)s.") % {"field": key[:80], "problem": problem}
        nfc_values = [unicodedata.normalize("NFC", v) for v in values]
        nfc_key = unicodedata.normalize("NFC", key)
        changed = changed or nfc_key != key or nfc_values != values
        clean.setlist(nfc_key, nfc_values)
    clean._mutable = False
    return (clean if changed else None), None


def _answer(request: HttpRequest, status: int, message: str, **extra: object) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message, **extra}, status=status)
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


class InputGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        cleaned, problem = _clean(request.GET)
        if problem:
            return _answer(request, 400, problem)
        if cleaned is not None:
            request.GET = cleaned
        if request.method == "POST" and request.content_type in FORM_TYPES:
            refused = self._guard_form(request)
            if refused is not None:
                return refused
        return self.get_response(request)

    def _guard_form(self, request: HttpRequest) -> HttpResponse | None:
        try:
            post = request.POST
        except RequestDataTooBig:
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            message = _("The request is larger than the limit of %(limit)s bytes.") % {"limit": f"{limit:,}"}
            return _answer(request, 413, message, limit=limit)
        except TooManyFieldsSent:
            return _answer(request, 400, _("The form sends too many fields."))
        if field := uploads.upload_too_big(request):
            message = _("The file in “%(field)s” is larger than the limit of %(limit)s bytes.") % {
                "field": field[:80],
                "limit": f"{uploads.MAX_UPLOAD_BYTES:,}",
            }
            return _answer(request, 413, message, limit=uploads.MAX_UPLOAD_BYTES)
        cleaned, problem = _clean(post)
        if problem:
            return _answer(request, 400, problem)
        if cleaned is not None:
            request.POST = cleaned
        return None
