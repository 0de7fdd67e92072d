"""Forms of the sentiment model page: one example typed in, a JSONL file of them, a comment's label."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kohtaamo.lib.text.labels import MAX_EXAMPLE_CHARS

from .models import Sentiment

LANGUAGE_CHOICES = [("", _("Tell from the text")), ("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]


class ExampleForm(forms.Form):
    text = forms.CharField(label=_("Text"), max_length=MAX_EXAMPLE_CHARS, widget=forms.Textarea(attrs={"rows": 3}))
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES, required=False)
    sentiment = forms.ChoiceField(label=_("Sentiment"), choices=Sentiment.choices)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("JSONL file"),
        help_text=_(
            'One example a line: {"text": …, "sentiment": "positive", "neutral" or "negative", "language": …}.'
        ),
    )


class LabelForm(forms.Form):
    sentiment = forms.ChoiceField(choices=Sentiment.choices)
