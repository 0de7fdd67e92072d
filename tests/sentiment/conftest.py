"""Sentiment model fixtures: a labelled set big enough to train on, written as a JSONL file."""

import json

import pytest

from tests.lib.test_text_classifier import labelled_set


@pytest.fixture
def labelled_file(tmp_path):
    """The synthetic labelled set of tests/lib (the workspace's own words for good and bad) as JSONL."""
    path = tmp_path / "labels.jsonl"
    lines = [{"text": e.text, "sentiment": e.sentiment, "language": e.language} for e in labelled_set(noise=0.0)]
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n", encoding="utf-8")
    return path
