"""The id rule: what a fact file may be named. Its stem is its id, unique across all kinds,
so that a reference is just the id; pages and links are built from ids. Imports nothing
heavy (the scan of `facts/` checks names before anything else is loaded)."""

from __future__ import annotations

import re

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
"""Lowercase ASCII letters and digits, in words joined by single hyphens."""
MAX_ID_LENGTH = 80
RESERVED_IDS = frozenset({"index"})
"""Ids no file may have: `index` is the page that lists a kind (`people/index.md`)."""
_ID = re.compile(ID_PATTERN)


def is_valid_id(text: str) -> bool:
    """Whether `text` may be the id of a fact file (and so the name of its page)."""
    return len(text) <= MAX_ID_LENGTH and text not in RESERVED_IDS and bool(_ID.fullmatch(text))
