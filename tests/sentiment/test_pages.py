"""The sentiment model page: who may label, train and switch; a comment labelled by reference; escaping;
another workspace's rows are a 404."""

import pytest
from django_tasks_db.models import DBTaskResult

from kohtaamo.feedback.models import Answer
from kohtaamo.feedback.services.surveys import survey_create_standard
from kohtaamo.sentiment.models import SentimentClassifier, SentimentExample
from kohtaamo.sentiment.tasks import sentiment_training_run
from tests.factories import login
from tests.feedback.conftest import answer, interaction

from .test_training import import_labels, trained

EVIL = '<script>alert("x")</script>'
PAGE = "/w/voima/feedback/sentiment/"


@pytest.fixture
def comment(voima):
    answer(survey_create_standard(workspace=voima), interaction(voima), csat=1, nps=2, comment=f"Yhteys pätkii {EVIL}")
    return Answer.objects.get(workspace=voima, text__startswith="Yhteys")


ROLES = [("aino", 200), ("cecilia", 200), ("kalle", 200), ("leena", 403), ("ville", 403), ("outi", 404)]


@pytest.mark.parametrize("who, status", ROLES)
def test_labellers_are_managers_and_qa_evaluators(client, people, who, status):
    assert login(client, people[who]).get(PAGE).status_code == status


def test_a_comment_is_labelled_by_reference_and_leaves_the_queue(client, people, comment):
    client = login(client, people["kalle"])
    page = client.get(PAGE)
    assert EVIL not in page.text and "&lt;script&gt;" in page.text
    assert "Too few examples" not in page.text and "No classifier has been trained yet." in page.text
    assert "Train on the labelled examples" not in page.text  # an evaluator labels; managers train
    response = client.post(f"{PAGE}comments/{comment.pk}/", {"sentiment": "negative"})
    assert response.status_code == 302
    example = SentimentExample.objects.get(workspace=comment.workspace)
    assert (example.answer_id, example.text, example.sentiment, example.labelled_by) == (
        comment.pk, "", "negative", people["kalle"]
    )  # fmt: skip
    assert client.post(f"{PAGE}comments/{comment.pk}/", {"sentiment": "glad"}).status_code == 302
    assert SentimentExample.objects.get(workspace=comment.workspace).sentiment == "negative"
    assert f"comments/{comment.pk}/" not in client.get(PAGE).text  # labelled: no longer offered


def test_another_workspaces_comment_and_classifier_are_404(client, people, comment, linkki, labelled_file):
    import_labels(linkki, labelled_file)
    theirs = trained(linkki)
    client = login(client, people["aino"])
    assert client.post(f"{PAGE}comments/{comment.pk}/", {"sentiment": "neutral"}).status_code == 302
    outi = login(client.__class__(), people["outi"])
    assert (
        outi.post(f"/w/linkki/feedback/sentiment/comments/{comment.pk}/", {"sentiment": "neutral"}).status_code == 404
    )
    assert client.post(f"{PAGE}classifiers/{theirs.pk}/switch/", {"on": "1"}).status_code == 404
    assert not SentimentClassifier.objects.get(pk=theirs.pk).active
    example = SentimentExample.objects.get(workspace=comment.workspace)
    assert outi.post(f"/w/linkki/feedback/sentiment/examples/{example.pk}/delete/").status_code == 404


def test_a_typed_example_is_validated_and_masked(client, people, voima):
    client = login(client, people["cecilia"])
    bad = client.post(f"{PAGE}examples/", {"text": "  ", "sentiment": "positive"})
    assert bad.status_code == 400 and "This field is required." in bad.text
    assert client.post(f"{PAGE}examples/", {"text": "x", "sentiment": "happy"}).status_code == 400
    assert client.post(f"{PAGE}examples/", {"text": "Mail me at a@b.fi, kuitu pelittää", "sentiment": "positive",
                                            "language": "fi"}).status_code == 302  # fmt: skip
    assert SentimentExample.objects.get(workspace=voima).text == "Mail me at [EMAIL], kuitu pelittää"


def test_a_manager_trains_in_the_background_reads_the_verdict_and_switches_on(
    client, people, voima, labelled_file, django_capture_on_commit_callbacks
):
    import_labels(voima, labelled_file)
    client = login(client, people["cecilia"])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"{PAGE}train/").status_code == 302
    classifier = SentimentClassifier.objects.get(workspace=voima)
    assert classifier.status == "training"
    assert DBTaskResult.objects.filter(task_path="kohtaamo.sentiment.tasks.sentiment_training_run").count() == 1
    assert "the background worker runs it" in client.get(PAGE).text
    sentiment_training_run.call(voima.pk, classifier.pk)
    page = client.get(PAGE)
    assert 'data-verdict="better"' in page.text and "the trained classifier is better" in page.text
    assert "Switch on this classifier" in page.text
    assert client.post(f"{PAGE}classifiers/{classifier.pk}/switch/", {"on": "1"}).status_code == 302
    page = client.get(PAGE)
    assert "Your trained classifier reads the sentiment" in page.text and "Switch off" in page.text
    assert client.post(f"{PAGE}classifiers/{classifier.pk}/switch/", {"on": "0"}).status_code == 302
    assert "The shipped lexicon model" in client.get(PAGE).text


def test_evaluators_cannot_train_or_switch(client, people, voima, labelled_file):
    import_labels(voima, labelled_file)
    classifier = trained(voima)
    client = login(client, people["kalle"])
    assert client.post(f"{PAGE}train/").status_code == 403
    assert client.post(f"{PAGE}classifiers/{classifier.pk}/switch/", {"on": "1"}).status_code == 403
    assert not SentimentClassifier.objects.get(pk=classifier.pk).active


def test_the_page_says_too_few_and_offers_no_switch(client, people, voima):
    client = login(client, people["aino"])
    client.post(f"{PAGE}examples/", {"text": "kuitu pelittää", "sentiment": "positive", "language": "fi"})
    client.post(f"{PAGE}train/")
    sentiment_training_run.call(voima.pk, SentimentClassifier.objects.get(workspace=voima).pk)
    page = client.get(PAGE)
    assert "Too few examples to train." in page.text and "Switch on this classifier" not in page.text


def test_a_jsonl_upload_reports_its_rejected_lines(client, people, voima):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(client, people["kalle"])
    upload = SimpleUploadedFile("labels.jsonl", b'{"text": "kuitu pelittaa", "sentiment": "positive"}\n{"text": 3}\n')
    response = client.post(f"{PAGE}examples/import/", {"file": upload}, follow=True)
    assert "Examples added: 1" in response.text and "line 2: text: needs a non-empty string" in response.text
    assert SentimentExample.objects.filter(workspace=voima).count() == 1
