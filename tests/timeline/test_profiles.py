"""The profile-merge rule: the survivor keeps its own and takes what it lacks, in memory and in the database."""

from dataclasses import dataclass, field

from kohtaamo.timeline.models import Customer, CustomerMerge
from kohtaamo.timeline.profiles import RECORD_FIELDS, absorb
from tests.factories import ingest, record


@dataclass
class Plain:
    name: str = ""
    language: str = ""
    postal_code: str = ""
    preferred_channel: str = ""
    attributes: dict = field(default_factory=dict)
    consent: dict = field(default_factory=dict)


def test_the_survivor_keeps_its_own_and_takes_what_it_lacks():
    survivor = Plain(name="Liisa", attributes={"segment": "household"}, consent={"sms": True})
    merged = Plain(
        name="L. Virtanen",
        language="fi",
        preferred_channel="email",
        attributes={"segment": "business", "age_band": "30–44"},
        consent={"sms": False, "email": True},
    )
    absorb(survivor, merged)
    assert (survivor.name, survivor.language, survivor.preferred_channel) == ("Liisa", "fi", "email")
    assert survivor.attributes == {"segment": "household", "age_band": "30–44"}
    assert survivor.consent == {"sms": True, "email": True}


def test_only_the_named_part_of_the_profile_is_touched():
    survivor, merged = Plain(), Plain(language="sv", preferred_channel="chat", consent={"sms": True})
    absorb(survivor, merged, fields=RECORD_FIELDS, mappings=("attributes",))
    assert (survivor.language, survivor.preferred_channel, survivor.consent) == ("sv", "", {})


def test_a_database_merge_carries_the_preferred_channel_and_consent(voima):
    ingest(voima, record(external_id="w", customer={"handle": "whatsapp:+358501112222", "name": "Liisa"}))
    ingest(voima, record(external_id="s", customer={"email": "liisa@example.fi", "language": "fi"}))
    Customer.objects.of(voima).filter(language="fi").update(preferred_channel="email", consent={"email": True})
    ingest(voima, record(external_id="x", customer={"email": "liisa@example.fi", "phone": "050 111 2222"}))
    merge = CustomerMerge.objects.of(voima).get()
    survivor = Customer.objects.of(voima).get(pk=merge.survivor_id)
    assert (survivor.name, survivor.language, survivor.preferred_channel) == ("Liisa", "fi", "email")
    assert survivor.consent == {"email": True}
