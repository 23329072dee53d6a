"""The id rule: what a fact file may be named. Its stem is its id, unique across all kinds,
so that a reference is just the id; pages and links are built from ids. And the ids made
from names (`slug`), for `dossier new` and for the hint that an unknown id is a name.
Imports nothing heavy (the scan of `facts/` checks names before anything else is loaded)."""

from __future__ import annotations

import re
import unicodedata

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
"""Lowercase ASCII letters and digits, in words joined by single hyphens."""
MAX_ID_LENGTH = 80
RESERVED_IDS = frozenset({"index"})
"""Ids no file may have: `index` is the page that lists a kind (`people/index.md`)."""
_ID = re.compile(ID_PATTERN)


def is_valid_id(text: str) -> bool:
    """Whether `text` may be the id of a fact file (and so the name of its page)."""
    return len(text) <= MAX_ID_LENGTH and text not in RESERVED_IDS and bool(_ID.fullmatch(text))


LETTERS = str.maketrans({"Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d",
                         "ß": "ss", "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "Þ": "Th",
                         "þ": "th", "ı": "i"})  # Latin letters NFKD does not decompose


def slug(name: str, longest: int = MAX_ID_LENGTH) -> str:
    """An id from a name: ASCII letters and digits, lowercase, single hyphens; at most
    `longest` characters, cut after a whole word (a single word longer than that is cut)."""
    latin = unicodedata.normalize("NFKD", name.translate(LETTERS))
    ascii_name = latin.encode("ascii", "ignore").decode()
    whole = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    if len(whole) <= longest:
        return whole
    cut = whole[:longest + 1].rpartition("-")[0]
    return cut or whole[:longest].strip("-")


SOURCE_ID_LENGTH = 40
"""A source's default id is short: it is typed in every citation of the source."""
LAST_WORDS = frozenset({"a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on",
                        "or", "the", "to", "with"})


def source_id(label: str) -> str:
    """The default id of a source: its label as a slug of whole words, at most
    `SOURCE_ID_LENGTH` characters, not ending on a small word ("... prompts CSTO to")."""
    words = slug(label, SOURCE_ID_LENGTH).split("-")
    while len(words) > 1 and words[-1] in LAST_WORDS:
        words.pop()
    return "-".join(words)
