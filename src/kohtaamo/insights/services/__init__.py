"""Writes of the insights app: the taxonomy (``topics``) and the readings of stored texts (``readings``)."""
