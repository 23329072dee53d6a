"""Mentions become links: in the dossier's own prose, the first mention of a known person,
organisation, place or event, by its name or an alias, links to its page.

Only the dossier's own words are linked; text inside quotation marks and the quotes of
citations are never altered.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..check.resolve import Dossier
from ..check.wording import QUOTED
from ..format.model import Entity
from ..utils.escape import Markdown, md_inline
from ..utils.memo import Memo
from .draft import PageDraft


class Mentions:
    """Every name and alias of the dossier's entities, matched as whole words, the longest
    where several start at one place.

    Names are indexed with every prefix of theirs that ends where a word ends: at each place
    in a text, the index is walked a word at a time for as long as some name goes on, so
    finding the mentions in a text costs what the text holds, whatever the size of the
    dossier and however many names share their first words."""

    def __init__(self, ids: dict[str, str]):
        """`ids`: the id each name or alias (of three characters or more) links to."""
        self.ids = {name: i for name, i in ids.items() if len(name) <= LONGEST}
        self.prefixes = {name[:end] for name in self.ids for end in _word_ends(name, 0)}

    def matches(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, name) of each mention, left to right, never overlapping: at each
        place not preceded by a word character, the longest name there that is not followed
        by one."""
        position, end = 0, len(text)
        while position <= end - 3:
            if position == 0 or not _is_word(text[position - 1]):
                after = self._longest(text, position)
                if after:
                    yield position, after, text[position:after]
                    position = after
                    continue
            position += 1

    def _longest(self, text: str, start: int) -> int:
        """Where the longest name at `start` ends (not followed by a word character), or 0."""
        found = 0
        for end in _word_ends(text, start):
            piece = text[start:end]
            if piece in self.ids and (end == len(text) or not _is_word(text[end])):
                found = end
            if piece not in self.prefixes:
                break
        return found

    def link(self, page: PageDraft, text: str, own_id: str = "") -> Markdown:
        """`text` as Markdown, its first mention of each other entity linked."""
        quoted = [m.span() for m in QUOTED.finditer(text)]
        pieces, done, position = [], {own_id}, 0
        for start, end, name in self.matches(text):
            target = self.ids[name]
            if target in done or any(a <= start < b for a, b in quoted):
                continue
            done.add(target)
            pieces += [md_inline(text[position:start]), page.link_to(target, text=name)]
            position = end
        pieces.append(md_inline(text[position:]))
        return Markdown("".join(pieces))


LONGEST = 200  # characters: a longer name or alias is never linked in prose


def _word_ends(text: str, start: int) -> Iterator[int]:
    """From `start`, each place where a run of word characters ends, or where a character
    that is not one ends (names are walked in these steps), up to `LONGEST` characters."""
    position, end = start, min(len(text), start + LONGEST)
    while position < end:
        if _is_word(text[position]):
            while position < end and _is_word(text[position]):
                position += 1
        else:
            position += 1
        yield position


def _is_word(char: str) -> bool:
    """What `\\w` matches in a str pattern."""
    return char.isalnum() or char == "_"


def names_of(dossier: Dossier, memo: Memo) -> dict[str, str]:
    """`mention_names`, made once per dossier (`memo`): render and `select` both ask."""
    return memo.last("mention-names", dossier, lambda: mention_names(dossier))


def mention_names(dossier: Dossier) -> dict[str, str]:
    """Each name and alias of three characters or more, and the id it links to (the first
    id in order when two entities share a name)."""
    ids: dict[str, str] = {}
    for record in sorted(dossier.records.values(), key=lambda r: r.id):
        if isinstance(record.fact, Entity):
            for name in [record.fact.name, *record.fact.aliases]:
                if len(name.value) >= 3:
                    ids.setdefault(name.value, record.id)
    return ids
