"""The taxonomy editor's form: a topic's key, its name and its words and phrases in each language."""

from django import forms
from django.core.validators import validate_slug
from django.utils.translation import gettext_lazy as _

from .models import LANGUAGES

LANGUAGE_NAMES = {"fi": _("Finnish"), "sv": _("Swedish"), "en": _("English")}
MAX_KEYWORDS = 200
MAX_KEYWORD = 100


def _keywords(raw: str, language: str) -> list[str]:
    """One word or phrase a line; blank lines dropped, repeats kept once, case as written."""
    out: dict[str, None] = {}
    for line in raw.splitlines():
        phrase = " ".join(line.split())
        if not phrase:
            continue
        if len(phrase) > MAX_KEYWORD:
            raise forms.ValidationError(
                _("“%(phrase)s…” is longer than %(max)s characters."),
                params={"phrase": phrase[:30], "max": MAX_KEYWORD},
            )
        out.setdefault(phrase.lower(), None)
    if len(out) > MAX_KEYWORDS:
        raise forms.ValidationError(_("At most %(max)s words and phrases a language."), params={"max": MAX_KEYWORDS})
    return list(out)


class TopicForm(forms.Form):
    key = forms.CharField(
        label=_("Key"), max_length=50, validators=[validate_slug],
        help_text=_("Short and stable: exports and the API name the topic by it (letters, digits, - and _)."),
    )  # fmt: skip

    def __init__(self, *args, taken_keys: frozenset[str] = frozenset(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.taken_keys = taken_keys
        for code in LANGUAGES:
            name = LANGUAGE_NAMES[code]
            self.fields[f"label_{code}"] = forms.CharField(label=_("Name in %(language)s") % {"language": name},
                                                           max_length=100, required=False)  # fmt: skip
            self.fields[f"keywords_{code}"] = forms.CharField(
                label=_("Words and phrases in %(language)s") % {"language": name}, required=False,
                widget=forms.Textarea(attrs={"rows": 6}),
                help_text=_("One a line. Inflected forms match too: “lasku” finds “laskun” and “laskussa”."),
            )  # fmt: skip

    def clean_key(self) -> str:
        key = self.cleaned_data["key"].strip().lower()
        if key in self.taken_keys:
            raise forms.ValidationError(_("Another topic already has this key."))
        return key

    def clean(self) -> dict:
        data = super().clean()
        keywords = {}
        for code in LANGUAGES:
            try:
                keywords[code] = _keywords(data.get(f"keywords_{code}", ""), code)
            except forms.ValidationError as error:
                self.add_error(f"keywords_{code}", error)
        if not self.errors and not any(keywords.values()):
            self.add_error("keywords_fi", _("Give at least one word or phrase in some language."))
        if not any(data.get(f"label_{code}", "").strip() for code in LANGUAGES):
            self.add_error("label_en", _("Give the topic a name in at least one language."))
        data["keywords"] = keywords
        data["labels"] = {code: data.get(f"label_{code}", "") for code in LANGUAGES}
        return data

    @classmethod
    def initial_of(cls, topic) -> dict[str, str]:
        initial = {"key": topic.key}
        for code in LANGUAGES:
            initial[f"label_{code}"] = topic.labels.get(code, "")
            initial[f"keywords_{code}"] = "\n".join(topic.keywords.get(code, []))
        return initial


class SuggestionForm(forms.Form):
    """ "Add as topic" on a suggestion: the phrase and its language, as the page listed them."""

    language = forms.ChoiceField(choices=[(code, code) for code in LANGUAGES])
    phrase = forms.CharField(max_length=MAX_KEYWORD)
