"""Writes of the sentiment model: labelling examples (one at a time or imported) and training, switching."""
