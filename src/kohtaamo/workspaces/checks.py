"""A deployment check Django cannot know: the SECRET_KEY printed in Kohtaamo's source is public."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def built_in_secret_key(app_configs: object, **kwargs: object) -> list[Warning]:
    if getattr(settings, "BUILT_IN_SECRET_KEY", None) != settings.SECRET_KEY:
        return []
    return [
        Warning(
            "SECRET_KEY is Kohtaamo's built-in key, which anybody can read in the source.",
            hint="Set KOHTAAMO_SECRET_KEY (or KOHTAAMO_SECRET_KEY_FILE) to a long random value.",
            id="kohtaamo.W001",
        )
    ]
