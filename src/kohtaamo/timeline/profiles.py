"""A customer's profile: which fields it has, and what merging two customers does with them.

One rule for both places customers merge: ingestion's in-memory resolver and the merge service in the
database. Pure, no Django import: it works on a ``Customer`` and on ingestion's lighter ``Profile`` alike.
"""

from collections.abc import Sequence
from typing import Any

# What an interaction record says about its customer: ingestion keeps these up to date.
RECORD_FIELDS = ("name", "language", "postal_code")
# Every profile field: the record's, and the preferred channel (set by staff or the CRM, never by a record).
PROFILE_FIELDS = (*RECORD_FIELDS, "preferred_channel")
# Key-by-key mappings.
PROFILE_MAPPINGS = ("attributes", "consent")


def absorb(
    survivor: Any, merged: Any, *, fields: Sequence[str] = PROFILE_FIELDS, mappings: Sequence[str] = PROFILE_MAPPINGS
) -> None:
    """The survivor keeps its own profile and takes what it lacks from the customer merged into it.

    A field the survivor has empty takes the merged customer's value; in a mapping the survivor's keys win.
    ``fields`` and ``mappings`` name the part of the profile the objects carry (ingestion's ``Profile``
    carries only what records say).
    """
    for name in fields:
        if not getattr(survivor, name):
            setattr(survivor, name, getattr(merged, name))
    for name in mappings:
        setattr(survivor, name, {**getattr(merged, name), **getattr(survivor, name)})
