from collections import Counter

import pytest
from django.contrib.auth import authenticate
from django.db.models import Count
from django.utils import timezone
from rich.progress import Progress

from kohtaamo.demo import STEPS, DemoContext, demo_build
from kohtaamo.demo.people import TRAPS
from kohtaamo.demo.rhythm import HELSINKI
from kohtaamo.demo.world import DEMO_USERS, PASSWORD
from kohtaamo.lib.identity import normalise_email, normalise_external_id, normalise_handle, normalise_phone
from kohtaamo.timeline.models import Case, Customer, CustomerIdentity, Interaction
from kohtaamo.workspaces.models import Agent, Membership, Team, Workspace

SCALE = 0.02
JUNK = {"null", "anonymous", "000000", "-1", "noreply@example.com", "eiosoite@voima.fi", "asiakas@linkki.fi"}


@pytest.fixture
def demo(db):
    """A scaled-down demo run step by step, so a test can see the generated records as well."""
    now = timezone.now()
    ctx = DemoContext(
        seed=7, today=now.astimezone(HELSINKI).date(), now=now, scale=SCALE, progress=Progress(disable=True)
    )
    for step in STEPS:
        step(ctx)
    return ctx


def fingerprint() -> list[tuple[str, str, str]]:
    return sorted(Interaction.objects.values_list("workspace__slug", "external_id", "content_hash"))


def customer_with(workspace: str, external_id: str) -> Customer:
    return CustomerIdentity.objects.get(workspace__slug=workspace, kind="external_id", value=external_id).customer


def test_it_builds_the_demo_and_says_how_to_log_in(db):
    summary = demo_build(seed=3, fresh=False, scale=SCALE)

    assert summary.built
    text = summary.describe()
    assert "http://127.0.0.1:8000/" in text
    assert PASSWORD in text
    for user in DEMO_USERS:
        assert user.email in text
        assert authenticate(username=user.email, password=PASSWORD) is not None
    assert set(Workspace.objects.values_list("slug", flat=True)) == {"voima", "linkki"}
    assert {ws.interactions > 0 and ws.customers > 0 for ws in summary.workspaces} == {True}
    cx = Membership.objects.filter(user__email="cx@kohtaamo.demo")
    assert set(cx.values_list("workspace__slug", "role")) == {
        ("voima", "cx_manager"),
        ("linkki", "cx_manager"),
    }
    assert Agent.objects.get(user__email="agent@kohtaamo.demo").workspace.slug == "voima"
    assert Team.objects.filter(lead__email="lead@kohtaamo.demo").count() == 2
    assert Team.objects.exclude(partner="").count() == 2
    assert Agent.objects.filter(workspace__slug="voima").count() >= 30


def test_it_skips_an_existing_demo_and_rebuilds_the_same_one_when_fresh(db):
    demo_build(seed=3, fresh=False, scale=SCALE)
    first = fingerprint()

    again = demo_build(seed=3, fresh=False, scale=SCALE)
    assert not again.built
    assert fingerprint() == first

    rebuilt = demo_build(seed=3, fresh=True, scale=SCALE)
    assert rebuilt.built
    assert fingerprint() == first  # same seed, same day: the same data


def test_it_spreads_contacts_over_channels_languages_and_the_week(demo):
    channels = Counter(Interaction.objects.values_list("channel", flat=True))
    assert len([c for c, n in channels.items() if n >= 5]) >= 6
    languages = set(Customer.objects.filter(merged_into=None).values_list("language", flat=True))
    assert {"fi", "sv", "en"} <= languages
    local = [moment.astimezone(HELSINKI) for moment in Interaction.objects.values_list("started_at", flat=True)]
    weekdays = Counter(moment.weekday() for moment in local)
    hours = Counter(moment.hour for moment in local)
    assert weekdays[0] > weekdays[6]
    assert hours[10] > hours[3] and hours[14] > hours[23]


def test_it_continues_cases_across_channels_and_counts_repeat_contacts(demo):
    cases = Case.objects.annotate(
        channels=Count("interactions__channel", distinct=True), contacts=Count("interactions")
    )
    assert cases.filter(ref__isnull=False, channels__gte=2).exists()
    assert cases.filter(ref__isnull=True, contacts__gte=2).exists()  # joined by customer and reason alone
    assert Interaction.objects.filter(is_repeat=True).exists()


def test_it_has_a_storm_week_in_the_electricity_workspace(demo):
    storm = Interaction.objects.filter(attributes__has_key="outage_id")
    assert storm.count() >= 4
    assert set(storm.values_list("workspace__slug", "contact_reason")) == {("voima", "sähkökatko")}
    days = Counter(m.astimezone(HELSINKI).date() for m in storm.values_list("started_at", flat=True))
    assert min(days) == demo.storm.start
    # Most arrive in the storm's four days; the rest are customers calling again while the power is out.
    assert sum(n for day, n in days.items() if day in demo.storm.days) >= 0.6 * storm.count()


def test_it_never_makes_junk_identifiers_into_identities(demo):
    assert not CustomerIdentity.objects.filter(value__in=JUNK).exists()
    assert Interaction.objects.filter(customer=None).exists()  # the planted anonymous contacts
    biggest = Customer.objects.annotate(n=Count("interactions")).order_by("-n").first()
    assert biggest.n < 40  # no monster profile collecting everybody


def test_it_keeps_a_family_landline_shared_between_two_customers(demo):
    first, second = TRAPS["voima"]["family"]
    kari, eva = customer_with("voima", first.external_id), customer_with("voima", second.external_id)
    assert kari != eva
    assert kari.merged_into is None and eva.merged_into is None
    landline = CustomerIdentity.objects.get(workspace__slug="voima", kind="phone", value=first.phone)
    assert landline.shared
    assert eva.interactions.exists()


def test_it_recognises_one_person_however_they_spell_email_and_phone(demo):
    for slug, traps in TRAPS.items():
        by_email = customer_with(slug, traps["email"].external_id)
        assert by_email.identities.filter(kind="email", value=traps["email"].email).exists()
        assert by_email.interactions.filter(channel="email").count() >= 2
        assert Customer.objects.filter(workspace__slug=slug, name=traps["email"].name, merged_into=None).count() == 1
        by_phone = customer_with(slug, traps["phone"].external_id)
        assert by_phone.identities.filter(kind="phone", value=traps["phone"].phone).exists()
        assert by_phone.interactions.filter(channel__in=["phone", "sms"]).count() >= 3
        assert Customer.objects.filter(workspace__slug=slug, name=traps["phone"].name, merged_into=None).count() == 1


def test_it_recognises_an_anonymous_first_chat_once_the_customer_is_known(demo):
    for slug, traps in TRAPS.items():
        late = customer_with(slug, traps["late"].external_id)
        assert set(late.interactions.values_list("channel", flat=True)) == {"chat", "email"}
        assert Customer.objects.filter(workspace__slug=slug, name=traps["late"].name, merged_into=None).count() == 1


def test_every_record_naming_a_real_customer_reaches_a_customer(demo):
    for world in demo.clients.values():
        junk = frozenset(j.casefold() for j in world.spec.junk_identifiers)
        named = {r["external_id"] for r in world.records if _names_somebody(r.get("customer") or {}, junk)}
        lost = Interaction.objects.filter(workspace=world.workspace, external_id__in=named, customer=None)
        assert list(lost.values_list("external_id", flat=True)) == []


def test_it_writes_transcripts_in_the_customers_language_with_markup_in_one_line(demo):
    transcripts = Interaction.objects.exclude(transcript=[]).values_list("transcript", flat=True)
    lines = [line["text"] for transcript in transcripts for line in transcript]
    assert sum("<script>" in text for text in lines) == 1
    assert any("Hej" in text for text in lines)
    assert any("Hei" in text for text in lines)


def test_only_calls_end_with_thanks_for_calling(demo):
    """An evaluated chat ended "Kiitos soitosta" (thanks for calling) in the README's screenshot."""
    call_words = ("soitosta", "för samtalet", "for calling")
    written = Interaction.objects.exclude(transcript=[]).exclude(channel="phone").values_list("transcript", flat=True)
    last_lines = [transcript[-1]["text"] for transcript in written]
    assert last_lines and not [text for text in last_lines if any(word in text for word in call_words)]
    calls = Interaction.objects.exclude(transcript=[]).filter(channel="phone").values_list("transcript", flat=True)
    assert any(any(word in t[-1]["text"] for word in call_words) for t in calls)


def _names_somebody(customer: dict, junk: frozenset[str]) -> bool:
    return any(
        (
            normalise_external_id(customer.get("external_id"), junk),
            normalise_email(customer.get("email"), junk),
            normalise_phone(customer.get("phone"), "FI", junk),
            normalise_handle(customer.get("handle"), junk),
        )
    )


def test_its_survey_answers_are_counted_into_the_dashboard_roll_ups(demo):
    from kohtaamo.feedback.models import ScoreRollup
    from kohtaamo.feedback.services.rollups import rollups_check

    for workspace in Workspace.objects.all():
        assert rollups_check(workspace=workspace) == 0
    assert ScoreRollup.objects.exists()
