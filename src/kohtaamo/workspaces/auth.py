"""API authentication: ``Authorization: Bearer <token>``; a token acts in exactly one workspace."""

from django.utils import timezone
from ninja.security import HttpBearer

from .models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str) -> ApiToken | None:
        found = (
            ApiToken.objects.select_related("workspace")
            .filter(digest=ApiToken.digest_of(token), revoked_at__isnull=True)
            .first()
        )
        if found is None:
            return None
        now = timezone.now()
        # Writing on every request would serialise readers on SQLite; a minute's precision is plenty.
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        return found
