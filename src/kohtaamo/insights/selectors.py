"""Reads for text analysis: the analyser configured for a workspace."""

from kohtaamo.lib.text.analysis import TextAnalyser
from kohtaamo.lib.text.words import LANGUAGES
from kohtaamo.sentiment.selectors import trained_sentiment_for


def text_analyser_for(workspace) -> TextAnalyser:
    """The analyser with the workspace's phone region and languages (fi, sv, en when it names none of them),
    reading sentiment with the workspace's own classifier while one is switched on."""
    if workspace is None:
        return TextAnalyser()
    languages = tuple(code for code in (workspace.languages or []) if code in LANGUAGES) or LANGUAGES
    return TextAnalyser(region=workspace.country or "FI", languages=languages, trained=trained_sentiment_for(workspace))
