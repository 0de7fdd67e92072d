"""Reads for text analysis: the analyser configured for a workspace."""

from kohtaamo.lib.text.analysis import TextAnalyser
from kohtaamo.lib.text.words import LANGUAGES


def text_analyser_for(workspace) -> TextAnalyser:
    """The analyser with the workspace's phone region, own redaction patterns and languages (fi, sv, en when
    it names none of them)."""
    if workspace is None:
        return TextAnalyser()
    languages = tuple(code for code in (workspace.languages or []) if code in LANGUAGES) or LANGUAGES
    return TextAnalyser(
        region=workspace.country or "FI", patterns=workspace.redaction_pattern_map(), languages=languages
    )
