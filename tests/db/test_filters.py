from kohtaamo.db.filters import filter_given
from kohtaamo.timeline.models import Case
from tests.factories import ingest, record


def test_only_given_lookups_narrow_and_false_is_a_value(voima):
    ingest(voima, record(customer={"external_id": "C-1"}, case_ref="T-1"), record(case_ref="T-2"))
    cases = Case.objects.of(voima)
    assert filter_given(cases, ref=None, status="").count() == 2
    assert list(filter_given(cases, ref="T-1", status=None).values_list("ref", flat=True)) == ["T-1"]
    assert filter_given(cases, customer__isnull=False).count() == 2
    assert filter_given(cases, customer__isnull=True).count() == 0
