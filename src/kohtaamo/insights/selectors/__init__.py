"""Reads of the insights app: the workspace's analyser and taxonomy, topic reports, suggestions, marks."""

from .analyser import taxonomy_data, text_analyser_for

__all__ = ["taxonomy_data", "text_analyser_for"]
