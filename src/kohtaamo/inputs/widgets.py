"""Form widgets every app shares."""

from django import forms


class CalendarDate(forms.DateInput):
    """The browser's date picker, given its value as ISO ``YYYY-MM-DD`` whatever the page's language.

    ``<input type="date">`` takes only ISO; Django renders a date in the active language's format
    ("5.11.2026" in Finnish), which the browser rejects and shows as an empty field. What the browser
    posts back is ISO, which every language's input formats accept.
    """

    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")
