"""Import mapping profiles: how another system's export becomes Kohtaamo's canonical interaction records.

A profile (a YAML or JSON file, docs/integrations.md "Import profiles") names the file's format, which
column fills which canonical field, how its timestamps and durations are written and what its outcome
codes mean. Pure, no Django: the mapping turns rows into canonical record dicts, which then take the one
ingestion path like any other record (``timeline.ingest``).
"""

from .profile import FORMATS, MappingProfile, ProfileInvalid, load_profile, shipped_profile, shipped_profiles
from .rows import MappingError, map_row

__all__ = [
    "FORMATS",
    "MappingError",
    "MappingProfile",
    "ProfileInvalid",
    "load_profile",
    "map_row",
    "shipped_profile",
    "shipped_profiles",
]
