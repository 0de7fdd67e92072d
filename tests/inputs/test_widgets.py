"""The browser's date picker gets ISO dates in every language (a Finnish page showed empty fields)."""

from datetime import date

from django import forms
from django.utils import translation

from kohtaamo.inputs.widgets import CalendarDate
from tests.factories import login


class Period(forms.Form):
    start = forms.DateField(widget=CalendarDate())


def test_a_finnish_page_renders_the_date_as_iso_and_reads_it_back():
    with translation.override("fi"):
        html = str(Period(initial={"start": date(2026, 11, 5)})["start"])
        assert 'type="date"' in html and 'value="2026-11-05"' in html
        posted = Period({"start": "2026-11-05"})
        assert posted.is_valid() and posted.cleaned_data["start"] == date(2026, 11, 5)


def test_the_operations_dashboard_fills_its_period_in_finnish(client, people):
    login(client, people["leena"])
    client.post("/i18n/setlang/", {"language": "fi", "next": "/"})
    page = client.get("/w/voima/operations/").text
    assert 'name="start" value="20' in page  # an ISO date, which the date picker shows
