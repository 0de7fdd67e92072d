"""The wording of a refused redaction pattern, in the admin's language (the rule is in
``lib.text.custom_patterns``, which says why in a code)."""

from django.utils.translation import gettext as _

from kohtaamo.lib.text.custom_patterns import MAX_PATTERN_CHARS, MAX_PATTERNS, PatternError


def pattern_message(error: PatternError) -> str:
    """Why the pattern ``error.name`` cannot be saved, translated."""
    values = {"name": error.name, "max": MAX_PATTERN_CHARS, "count": MAX_PATTERNS}
    messages = {
        "name": _("Pattern %(name)s: use lower-case letters, digits and _, starting with a letter (at most 40)."),
        "built_in": _("Pattern %(name)s: a built-in kind has this name."),
        "duplicate": _("Pattern %(name)s: the name is used twice."),
        "too_many": _("At most %(count)s patterns."),
        "too_long": _("Pattern %(name)s: give a regular expression of at most %(max)s characters."),
        "syntax": _("Pattern %(name)s is not a valid regular expression."),
        "empty": _("Pattern %(name)s matches empty text: it must match at least one character."),
        "slow": _("Pattern %(name)s is too slow on a test text: avoid nested repetition such as (a+)+ or (a|aa)+."),
    }
    return messages[error.code] % values
