"""Every transcript and comment tagged once on ingest; a taxonomy change tags them all again."""

import pytest
from django_tasks_db.models import DBTaskResult

from kohtaamo.cli import main
from kohtaamo.feedback.models import Answer
from kohtaamo.insights.models import TextReading, Topic, TopicMention
from kohtaamo.insights.services.readings import readings_refresh
from kohtaamo.insights.services.topics import topic_save
from kohtaamo.insights.tasks import readings_catch_up
from kohtaamo.timeline.models import Interaction
from kohtaamo.workspaces.access import Actor
from tests.factories import ingest

from .conftest import call, calls, comments


def queued(name: str) -> int:
    return DBTaskResult.objects.filter(task_path=f"kohtaamo.insights.tasks.{name}").count()


def test_a_new_workspace_starts_with_the_default_taxonomy_named_in_each_language(voima):
    topics = {topic.key: topic for topic in Topic.objects.of(voima)}
    assert set(topics) == {"billing", "outage", "contract", "moving", "meter", "service"}
    assert topics["billing"].label("fi") == "Laskutus" and topics["billing"].label("sv") == "Fakturering"
    assert "lasku" in topics["billing"].keywords["fi"]


@pytest.mark.django_db(transaction=True)
def test_ingest_and_answer_imports_queue_one_catch_up_that_tags_finnish_inflections(voima):
    ingest(voima, call("Laskussani on virhe ja olen pettynyt"), call("Laskun eräpäivä meni jo"))
    assert queued("readings_catch_up") == 1  # one per batch, not per record
    assert readings_catch_up.call(voima.pk) == {"transcripts": 2, "comments": 0}
    readings = TextReading.objects.of(voima).filter(interaction__isnull=False)
    assert [r.topics for r in readings] == [["billing"], ["billing"]]
    assert {r.language for r in readings} == {"fi"} and readings[0].sentiment == "negative"
    mention = TopicMention.objects.of(voima).get(reading=readings[0])
    assert mention.week.weekday() == 0 and mention.month.day == 1 and mention.source == "transcript"
    comments(voima, (3, "Sähkökatkon aikana kukaan ei vastannut"))
    assert TextReading.objects.of(voima).get(answer__isnull=False).topics == ["outage"]


def test_reading_again_reads_only_what_changed(voima):
    calls(voima, "Laskussa on virhe")
    assert readings_refresh(workspace=voima).total == 0
    first = Interaction.objects.of(voima).get()
    changed = call("Muutto uuteen osoitteeseen", external_id=first.external_id,
                   customer={"external_id": "same", "name": "Asiakas"})  # fmt: skip
    ingest(voima, changed)
    assert readings_refresh(workspace=voima).transcripts == 1
    assert TextReading.objects.of(voima).get(interaction=first).topics == ["moving"]
    assert TopicMention.objects.of(voima).filter(topic="billing").count() == 0


def test_an_sms_reply_added_to_a_comment_is_read_again(voima):
    comments(voima, (8, "Hyvä palvelu"))
    answer = Answer.objects.of(voima).get()
    assert TextReading.objects.of(voima).get(answer=answer).topics == ["service"]
    answer.text += "\nMutta laskussa oli virhe"
    answer.save(update_fields=["text"])
    assert readings_refresh(workspace=voima).comments == 1
    assert TextReading.objects.of(voima).get(answer=answer).topics == ["billing", "service"]


def test_after_a_taxonomy_edit_the_rebuild_command_tags_every_text_again(voima, linkki, capsys):
    calls(voima, "Sovellus kaatuu aina", "Sovelluksessa on vika")
    calls(linkki, "Sovelluksen vika")
    assert not TopicMention.objects.of(voima).exists()
    topic_save(actor=Actor.system(voima), topic=None, key="app", labels={"fi": "Sovellus", "en": "App"},
               keywords={"fi": ["sovellus"]})  # fmt: skip
    assert main(["insights", "topics", "rebuild", "--workspace", "voima"]) == 0
    assert "2 transcripts and 0 survey comments tagged" in capsys.readouterr().out
    assert TopicMention.objects.of(voima).filter(topic="app").count() == 2
    assert not TopicMention.objects.of(linkki).exists()  # another workspace's taxonomy is its own


def test_text_analyse_with_a_workspace_uses_its_taxonomy(voima, tmp_path, capsys):
    topic_save(actor=Actor.system(voima), topic=None, key="app", labels={"en": "App"},
               keywords={"fi": ["sovellus"]})  # fmt: skip
    source = tmp_path / "texts.jsonl"
    source.write_text('{"id": 1, "text": "Sovelluksen lasku on väärin", "language": "fi"}\n')
    assert main(["text", "analyse", str(source), "--workspace", "voima", "--json"]) == 0
    assert '"topics": ["billing", "app"]' in capsys.readouterr().out
