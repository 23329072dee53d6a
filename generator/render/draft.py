"""What every page needs while it is rendered: links to other pages, and its citations as
numbered footnotes that land on the highlighted passage of the source page."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping
from typing import TypeVar

from ..check.resolve import Dossier
from ..check.verify import Evidence
from ..format.dates import in_words
from ..format.model import Citation, Date, Statement
from ..read.record import Record
from ..utils.escape import Markdown, html_text, md_text
from .paths import link, site_link

V = TypeVar("V")
MARKER = re.compile(r"<!--cite ([a-z0-9-]+) ([^>]*)-->")  # a citation, until `finish`
EVERYTHING = "*"  # read by a page that depends on every record (the timeline, the exports)


class Tracked(Mapping[str, V]):
    """A mapping by record id that notes every id looked up in it, behind `prefix`
    (iterating notes EVERYTHING): what a page read is what can change it."""

    def __init__(self, data: Mapping[str, V], reads: set[str], prefix: str = ""):
        self._data, self._reads, self._prefix = data, reads, prefix

    def __getitem__(self, key: str) -> V:
        self._reads.add(self._prefix + key)
        return self._data[key]

    def __contains__(self, key: object) -> bool:
        self._reads.add(self._prefix + str(key))
        return key in self._data

    def __iter__(self) -> Iterator[str]:
        self._reads.add(EVERYTHING)
        return iter(self._data)

    def __len__(self) -> int:
        self._reads.add(EVERYTHING)
        return len(self._data)


def pointing_at(record_id: str) -> str:
    """What a page reads when it reads what points at a record (its backlinks, the edges
    of its graph, the statements citing a source), as noted in `reads`."""
    return "\u2192" + record_id


class DossierView:
    """The dossier as one page sees it: the same records and backlinks, with every id the
    page looks at noted in `reads`, so that a later build re-renders the page only when one
    of them changed. A record is noted by its id, what points at it by `pointing_at(id)`,
    a list of one kind as "kind:<kind>"."""

    def __init__(self, dossier: Dossier, reads: set[str]):
        self.root, self._dossier, self._reads = dossier.root, dossier, reads
        self.records: Mapping[str, Record] = Tracked(dossier.records, reads)
        self.backlinks = Tracked(dossier.backlinks, reads, pointing_at(""))

    def of_kind(self, kind: str) -> list[Record]:
        self._reads.add(f"kind:{kind}")
        return self._dossier.of_kind(kind)


def _marker(citation: Citation) -> str:
    quote = citation.quote
    if "&" in quote or "<" in quote or ">" in quote:  # most quotes hold none of them
        quote = html.escape(quote, quote=False)
    return f"<!--cite {citation.source} {quote}-->"


def quote_anchor(span: tuple[int, int]) -> str:
    """The anchor of a quoted passage on its source page: stable while the text is pinned."""
    return f"q-{span[0]}-{span[1]}"


class PageDraft:
    """One page being rendered: its path, what it read of the dossier, and the citations it
    has made so far. (Not MkDocs' `Page`: that is what MkDocs makes of the finished one.)"""

    def __init__(self, path: str, dossier: Dossier, evidence: Evidence):
        self.path, self.evidence = path, evidence
        self.reads: set[str] = set()
        self.dossier = DossierView(dossier, self.reads)

    def link_to(self, record_id: str, anchor: str = "", text: str = "") -> Markdown:
        record = self.dossier.records[record_id]
        target = link(self.path, record.page, anchor)
        return Markdown(f"[{md_text(text or record.name)}]({target})")

    def link_page(self, title: str, to_page: str) -> Markdown:
        return Markdown(f"[{md_text(title)}]({link(self.path, to_page)})")

    def cite(self, statement: Statement, *more: Statement) -> Markdown:
        """A footnote reference for every citation of a statement (or of several, each
        citation once): a marker naming the source and the quote (escaped: it holds no `>`),
        which `finish` numbers once the whole page is written. The marker is the same on any
        page, so a piece of a page can be made once and reused. No fact text can make one:
        every way fact text reaches a page (Markdown, HTML, JSON) escapes `<`."""
        if not more:
            return Markdown("".join(_marker(c) for c in statement.cite))
        return Markdown("".join(dict.fromkeys(_marker(c) for s in (statement, *more)
                                              for c in s.cite)))

    def finish(self, body: str) -> str:
        """The page with its footnotes: references numbered in reading order (a citation
        made again repeats its number), and the notes after the body, each with its quote
        and a link to the passage in the source. Written as the HTML Python-Markdown's
        footnotes extension makes (the theme's footnote tooltips read it), in one pass:
        that extension numbers repeated references one at a time, quadratically."""
        numbers: dict[tuple[str, str], int] = {}

        def reference(marker: re.Match[str]) -> str:
            quote = marker[2]
            key = (marker[1], html.unescape(quote) if "&" in quote else quote)
            number = numbers.setdefault(key, len(numbers) + 1)
            uses[number] = use = uses.get(number, 0) + 1
            ref = f"fnref:c{number}" if use == 1 else f"fnref{use}:c{number}"
            return (f'<sup id="{ref}"><a class="footnote-ref" href="#fn:c{number}">'
                    f"{number}</a></sup>")
        uses: dict[int, int] = {}
        body = MARKER.sub(reference, body)
        if not numbers:
            return body
        notes = [self._footnote(number, *key) for key, number in numbers.items()]
        return f'{body}\n<div class="footnote">\n<hr>\n<ol>\n{"".join(notes)}</ol>\n</div>\n'

    def _footnote(self, number: int, source_id: str, quote: str) -> str:
        """One note: the quote, and a link to where it is highlighted in its source."""
        source = self.dossier.records[source_id]
        span = self.evidence.spans[(source_id, quote)][0]
        href = f"{site_link(self.path, source.page)}#{quote_anchor(span)}"
        text = html_text(" ".join(quote.split()))
        return (f'<li id="fn:c{number}">\n<p>\u201c{text}\u201d \u2014 <a href="{href}">'
                f"{html_text(source.name)}</a>&#160;<a class=\"footnote-backref\" "
                f'href="#fnref:c{number}" title="Jump back to footnote {number} in the text">'
                "&#8617;</a></p>\n</li>\n")

    def date(self, date: Date) -> Markdown:
        """A date at its real precision, with its range, approximation and relative anchor."""
        parts = []
        if date.value:
            shown = md_text(in_words(date.value))
            if date.until:
                shown = Markdown(f"{shown} to {md_text(in_words(date.until))}")
            parts.append(f"{shown} (approximate)" if date.approximate else shown)
        if date.after:
            parts.append(f"after the {self.link_to(date.after)}" if not date.value
                         else f"(after the {self.link_to(date.after)})")
        if date.label:
            parts.append(f"\u2014 \u201c{md_text(date.label)}\u201d")
        return Markdown(" ".join(parts))

    def year_note(self, statement: Statement) -> Markdown:
        """Where the year of a statement comes from when no quote gives it: the publication
        date of a cited source (`support`)."""
        support = self.evidence.support
        source = support.year_source(statement) if support is not None else None
        if source is None:
            return Markdown("")
        return Markdown(f" *(year from the publication date of {self.link_to(source)})*")
