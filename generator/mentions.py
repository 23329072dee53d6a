"""Mentions become links: in the dossier's own prose, the first mention of a known person,
organisation, place or event, by its name or an alias, links to its page.

Only the dossier's own words are linked; text inside quotation marks and the quotes of
citations are never altered.
"""

from __future__ import annotations

import re

from .escape import Markdown, md_inline
from .model import Entity
from .page import Page
from .resolve import Dossier
from .wording import QUOTED


class Mentions:
    """Every name and alias of the dossier's entities, matched longest first, whole words."""

    def __init__(self, dossier: Dossier):
        self.ids: dict[str, str] = {}
        for record in sorted(dossier.records.values(), key=lambda r: r.id):
            if isinstance(record.fact, Entity):
                for name in [record.fact.name, *record.fact.aliases]:
                    if len(name.value) >= 3:
                        self.ids.setdefault(name.value, record.id)
        names = sorted(self.ids, key=lambda n: (-len(n), n))
        self.pattern = re.compile(
            r"(?<!\w)(" + "|".join(map(re.escape, names)) + r")(?!\w)") if names else None

    def link(self, page: Page, text: str, own_id: str = "") -> Markdown:
        """`text` as Markdown, its first mention of each other entity linked."""
        if self.pattern is None:
            return md_inline(text)
        quoted = [m.span() for m in QUOTED.finditer(text)]
        pieces, done, position = [], {own_id}, 0
        for match in self.pattern.finditer(text):
            target = self.ids[match.group(1)]
            if target in done or any(a <= match.start() < b for a, b in quoted):
                continue
            done.add(target)
            pieces += [md_inline(text[position:match.start()]),
                       page.link_to(target, text=match.group(1))]
            position = match.end()
        pieces.append(md_inline(text[position:]))
        return Markdown("".join(pieces))
