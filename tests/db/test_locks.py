from kohtaamo.db.locks import update_locked
from kohtaamo.timeline.models import Customer


def test_it_updates_exactly_the_selected_rows_and_says_which(voima, linkki):
    mine = [Customer.objects.create(workspace=voima, name=f"A{i}", language="fi") for i in range(3)]
    other = Customer.objects.create(workspace=linkki, name="B", language="fi")
    taken = update_locked(Customer.objects.filter(workspace=voima, name__in=["A0", "A2"]), language="sv")
    assert taken == {mine[0].pk, mine[2].pk}
    assert dict(Customer.objects.values_list("pk", "language")) == {
        mine[0].pk: "sv",
        mine[1].pk: "fi",
        mine[2].pk: "sv",
        other.pk: "fi",
    }


def test_an_empty_selection_updates_nothing(voima):
    assert update_locked(Customer.objects.filter(workspace=voima), name="x") == set()
