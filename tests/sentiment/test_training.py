"""A workspace's own classifier: examples imported, trained with its cross-validated accuracy beside the
lexicon's, refused on too few examples, switched on for ingest and never seen by another workspace."""

import json

from kohtaamo.cli import main
from kohtaamo.insights.selectors import text_analyser_for
from kohtaamo.privacy.models import AuditEvent
from kohtaamo.quality.models import AutoReview
from kohtaamo.quality.services.autoqa import autoqa_run
from kohtaamo.sentiment.models import SentimentClassifier, SentimentExample
from kohtaamo.sentiment.selectors import trained_sentiment_for
from kohtaamo.sentiment.services.examples import sentiment_example_add, sentiment_examples_import
from kohtaamo.sentiment.services.training import (
    SwitchError,
    sentiment_classifier_switch,
    sentiment_classifier_train,
    sentiment_training_request,
)
from kohtaamo.sentiment.tasks import sentiment_training_run
from kohtaamo.timeline.models import Interaction
from kohtaamo.workspaces.access import Actor
from tests.factories import ingest, record

# Words of Voima's own customers the shipped lexicon does not know ("pelittää" works, "pätkii" breaks up).
CHAT = [
    {"speaker": "agent", "text": "Hei, Voima Sähkö, Ville", "at": 0},
    {"speaker": "customer", "text": "Yhteys pätkii taas illalla", "at": 5},
    {"speaker": "agent", "text": "Katsotaan", "at": 9},
    {"speaker": "customer", "text": "Nyt kuitu pelittää, kiitos", "at": 30},
]


def import_labels(workspace, path):
    with path.open("rb") as lines:
        return sentiment_examples_import(actor=Actor.system(workspace), lines=lines)


def trained(workspace):
    classifier = sentiment_training_request(actor=Actor.system(workspace))
    sentiment_training_run.call(workspace.pk, classifier.pk)
    return SentimentClassifier.objects.of(workspace).get(pk=classifier.pk)


def test_the_background_training_stores_the_cross_validated_comparison(voima, labelled_file):
    report = import_labels(voima, labelled_file)
    assert report.added == SentimentExample.objects.filter(workspace=voima).count() > 60 and not report.rejected
    classifier = trained(voima)
    assert classifier.status == "ready" and not classifier.active
    evaluation = classifier.evaluation
    assert evaluation["n"] == report.added and evaluation["folds"] == 5
    assert evaluation["trained_correct"] / evaluation["n"] >= 0.9  # no wrong labels in this set
    assert evaluation["lexicon_correct"] / evaluation["n"] < 0.6
    assert set(classifier.model) == {"format", "labels", "vocabulary", "idf", "coef", "intercept"}
    json.dumps(classifier.model)  # data, not a pickle
    assert AuditEvent.objects.filter(workspace=voima, action="sentiment.train").exists()


def test_too_few_examples_of_a_label_train_nothing_and_cannot_be_switched_on(voima):
    actor = Actor.system(voima)
    for n in range(25):
        sentiment_example_add(actor=actor, text=f"kuitu pelittää {n}", language="fi", sentiment="positive")
        sentiment_example_add(actor=actor, text=f"yhteys pätkii {n}", language="fi", sentiment="negative")
    for n in range(19):
        sentiment_example_add(actor=actor, text=f"tilaus kirjattu {n}", language="fi", sentiment="neutral")
    classifier = trained(voima)
    assert classifier.status == "too_few" and classifier.model == {} and classifier.evaluation == {}
    assert classifier.counts == {"negative": 25, "neutral": 19, "positive": 25}
    try:
        sentiment_classifier_switch(actor=actor, classifier=classifier, on=True)
    except SwitchError:
        pass
    else:
        raise AssertionError("a classifier trained on too few examples was switched on")
    assert trained_sentiment_for(voima) is None


def test_reimporting_relabels_instead_of_adding_and_masks_personal_data(voima, tmp_path):
    path = tmp_path / "few.jsonl"
    path.write_text(
        '{"text": "Soittakaa 040 123 4567, yhteys pätkii", "sentiment": "negative", "language": "fi"}\n'
        '{"text": "", "sentiment": "negative"}\n'
        '{"text": "Hyvä", "sentiment": "great"}\n'
        "not json\n"
        '{"text": "Tack, fibern funkar", "sentiment": "positive"}\n',
        encoding="utf-8",
    )
    report = import_labels(voima, path)
    assert (report.added, report.relabelled) == (2, 0)
    assert [(r.line, r.message.split(":")[0]) for r in report.rejected] == [
        (2, "text"),
        (3, "sentiment"),
        (4, "not valid JSON (Expecting value at column 1)"),
    ]
    stored = {e.text: e for e in SentimentExample.objects.filter(workspace=voima)}
    assert "Soittakaa [PHONE], yhteys pätkii" in stored
    assert stored["Tack, fibern funkar"].language == "sv"  # told from the text
    path.write_text('{"text": "Tack, fibern funkar", "sentiment": "neutral"}\n', encoding="utf-8")
    again = import_labels(voima, path)
    assert (again.added, again.relabelled) == (0, 1)
    assert SentimentExample.objects.get(workspace=voima, text="Tack, fibern funkar").sentiment == "neutral"


def test_ingest_reads_with_the_switched_on_model_and_off_returns_to_the_lexicon(voima, labelled_file):
    import_labels(voima, labelled_file)
    classifier = trained(voima)
    lexicon = text_analyser_for(voima).analyse("Yhteys pätkii koko illan", "fi")
    assert lexicon.sentiment == "neutral"  # no lexicon word in it
    sentiment_classifier_switch(actor=Actor.system(voima), classifier=classifier, on=True)
    assert text_analyser_for(voima).analyse("Yhteys pätkii koko illan", "fi").sentiment == "negative"
    ingest(voima, record(external_id="chat-1", channel="chat", agent={"id": "A1", "name": "Ville"}, transcript=CHAT))
    autoqa_run(workspace=voima)
    review = AutoReview.objects.get(interaction=Interaction.objects.get(workspace=voima, external_id="chat-1"))
    assert review.sentiment_start < -0.3 and review.sentiment_end > 0.3
    assert AuditEvent.objects.filter(workspace=voima, action="sentiment.switch_on").exists()

    sentiment_classifier_switch(actor=Actor.system(voima), classifier=classifier, on=False)
    assert trained_sentiment_for(voima) is None
    assert text_analyser_for(voima).analyse("Yhteys pätkii koko illan", "fi").sentiment == "neutral"


def test_another_workspace_neither_sees_nor_reads_with_it(voima, linkki, labelled_file):
    import_labels(voima, labelled_file)
    sentiment_classifier_switch(actor=Actor.system(voima), classifier=trained(voima), on=True)
    assert trained_sentiment_for(voima) is not None
    assert trained_sentiment_for(linkki) is None
    assert text_analyser_for(linkki).analyse("Yhteys pätkii koko illan", "fi").sentiment == "neutral"
    assert not SentimentExample.objects.of(Actor.system(linkki)).exists()
    assert not SentimentClassifier.objects.of(Actor.system(linkki)).exists()


def test_a_newer_training_replaces_the_unused_ones_and_one_stays_on(voima, labelled_file):
    import_labels(voima, labelled_file)
    first = trained(voima)
    sentiment_classifier_switch(actor=Actor.system(voima), classifier=first, on=True)
    second = trained(voima)
    third = sentiment_classifier_train(
        workspace=voima,
        classifier=SentimentClassifier.objects.create(workspace=voima, requested_at=second.requested_at),
    )
    kept = set(SentimentClassifier.objects.filter(workspace=voima).values_list("pk", flat=True))
    assert kept == {first.pk, third.pk}  # the switched-on one and the newest
    sentiment_classifier_switch(actor=Actor.system(voima), classifier=third, on=True)
    assert list(SentimentClassifier.objects.filter(workspace=voima, active=True)) == [third]


def test_the_commands_import_and_train(voima, labelled_file, capsys):
    assert main(["text", "labels", "import", str(labelled_file), "--workspace", "voima"]) == 0
    assert "lines rejected" in capsys.readouterr().out
    assert main(["text", "train", "--workspace", "voima", "--switch-on"]) == 0
    out = capsys.readouterr().out
    assert "trained (cross-validated):" in out and "lexicon:" in out and "switched on" in out
    assert trained_sentiment_for(voima) is not None


def test_the_train_command_says_too_few(voima, capsys):
    sentiment_example_add(actor=Actor.system(voima), text="kuitu pelittää", language="fi", sentiment="positive")
    assert main(["text", "train", "--workspace", "voima"]) == 1
    assert "too few examples to train" in capsys.readouterr().out
