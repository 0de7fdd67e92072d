"""Reads for text analysis: the analyser configured for a workspace, with its own taxonomy."""

from kohtaamo.lib.text.analysis import TextAnalyser
from kohtaamo.lib.text.topics import DEFAULT_TAXONOMY
from kohtaamo.lib.text.words import LANGUAGES
from kohtaamo.sentiment.selectors import trained_sentiment_for
from kohtaamo.workspaces.models import Workspace

from ..models import Topic


def taxonomy_data(workspace: Workspace) -> dict[str, dict[str, list[str]]]:
    """The workspace's topics as the matcher takes them: topic key → language → words and phrases."""
    return {topic.key: topic.keywords for topic in Topic.objects.of(workspace).order_by("position", "key")}


def text_analyser_for(workspace: Workspace | None) -> TextAnalyser:
    """The analyser with the workspace's phone region, own redaction patterns, languages (fi, sv, en when it
    names none of them) and taxonomy, reading sentiment with the workspace's own classifier while one is
    switched on; without a workspace, the default taxonomy and the shipped lexicon."""
    if workspace is None:
        return TextAnalyser(taxonomy=DEFAULT_TAXONOMY)
    languages = tuple(code for code in (workspace.languages or []) if code in LANGUAGES) or LANGUAGES
    return TextAnalyser(
        region=workspace.country or "FI",
        patterns=workspace.redaction_pattern_map(),
        languages=languages,
        taxonomy=taxonomy_data(workspace),
        trained=trained_sentiment_for(workspace),
    )
