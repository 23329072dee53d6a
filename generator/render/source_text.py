"""A source text as a page: paragraphs with stable anchors, every quoted passage an element
of its own (so that a link can mark it, and only it) linked to the list of statements that
rest on it."""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from ..check.verify import CitedStatement, Evidence, Span
from ..utils.escape import Markdown, html_text
from .draft import quote_anchor


@dataclass(frozen=True)
class Passage:
    """One cited passage of a source and the statements citing it, in text order."""

    span: Span
    quote: str
    statements: list[CitedStatement]

    @property
    def anchor(self) -> Markdown:
        return Markdown(quote_anchor(self.span))


def passages(evidence: Evidence, source_id: str) -> list[Passage]:
    """Every passage of the source that a statement cites, with those statements in file
    order, each once."""
    cited: dict[Span, dict[int, CitedStatement]] = {}
    for item in evidence.citing(source_id):
        for citation in item.statement.cite:
            if citation.source == source_id:
                for span in evidence.spans_of(citation):
                    cited.setdefault(span, {}).setdefault(id(item), item)
    text = evidence.texts[source_id].original
    return [Passage(span, text[span[0]:span[1]], list(cited[span].values()))
            for span in sorted(cited)]


MAX_DEPTH = 16
"""How many passages may be open inside one another: a passage beginning deeper gets only its
anchor (the reader still lands on it), so that closing and reopening passages that overlap
costs at most this much per passage, whatever an editor quotes."""


def paragraphs(evidence: Evidence, source_id: str, cited: list[Passage]) -> list[Markdown]:
    """The text split into its lines, each the HTML inside a paragraph, with its quoted
    passages marked: each passage is an element (`dossier-q`) holding its text, whose id is
    its anchor, so that a page's style can mark the passage a link points at (`:target`), and
    only it; each piece of text inside passages links to the shortest passage holding it.
    Elements cannot overlap: where passages overlap, or one runs on to the next line, the
    passage is closed and opened again, the later pieces naming it (`data-q`) without its id.
    One pass over the lines and the passages in order (a passage may cross lines), so a text
    quoted thousands of times costs no more than its length (times `MAX_DEPTH`). HTML rather
    than Markdown: a source's text is the longest on the site, and Python-Markdown's inline
    processing is quadratic in the escapes of a paragraph (a line of 80,000 dots took 50 s)."""
    text = evidence.texts[source_id].original
    waiting = sorted(cited, key=lambda p: (p.span[0], -p.span[1]))  # outer before inner
    out, next_up = [], 0
    ending: list[tuple[int, int]] = []  # (end, index) of the passages begun
    covering: list[tuple[int, int, int]] = []  # (length, end, index) of the passages begun
    nesting = _Nesting(waiting)
    for start, end in _lines(text):
        begins: dict[int, list[int]] = {}
        while next_up < len(waiting) and waiting[next_up].span[0] < end:
            begins.setdefault(max(start, waiting[next_up].span[0]), []).append(next_up)
            heapq.heappush(ending, (waiting[next_up].span[1], next_up))
            next_up += 1
        cuts = {start, end, *begins}
        while ending and ending[0][0] < end:
            cuts.add(max(start, heapq.heappop(ending)[0]))
        nesting.reopen(start)
        for a, b in pairwise(sorted(cuts)):
            nesting.close(a)
            for index in begins.get(a, ()):
                nesting.open(index, a)
                passage = waiting[index]
                heapq.heappush(covering, (passage.span[1] - passage.span[0], passage.span[1],
                                          index))
            while covering and covering[0][1] <= a:
                heapq.heappop(covering)
            segment = html_text(text[a:b])
            if covering:
                target = waiting[covering[0][2]].anchor
                segment = f'<a href="#rests-{target}">{segment}</a>'
            nesting.pieces.append(segment)
        out.append(Markdown(nesting.end_line(end)))
    return out


class _Nesting:
    """The passage elements open at the current place of a line, outermost first."""

    def __init__(self, passages: list[Passage]):
        self.passages = passages
        self.pieces: list[str] = []
        self.open_now: list[int] = []  # indices into `passages`
        self.carried: list[int] = []  # open at the end of the last line, outermost first

    def open(self, index: int, at: int, again: bool = False) -> None:
        passage = self.passages[index]
        if not again and (passage.span[1] <= at or len(self.open_now) >= MAX_DEPTH):
            self.pieces.append(f'<span id="{passage.anchor}"></span>')  # nothing to hold
            return
        named = f'data-q="{passage.anchor}"' if again else f'id="{passage.anchor}"'
        self.pieces.append(f'<span class="dossier-q" {named}>')
        self.open_now.append(index)

    def close(self, at: int) -> None:
        """Close the passages that end at `at`, and those inside them that go on, which open
        again."""
        done = [i for i, index in enumerate(self.open_now)
                if self.passages[index].span[1] <= at]
        if not done:
            return
        above = self.open_now[done[0]:]
        self.pieces.append("</span>" * len(above))
        del self.open_now[done[0]:]
        for index in above:
            if self.passages[index].span[1] > at:
                self.open(index, at, again=True)

    def reopen(self, start: int) -> None:
        for index in self.carried:
            if self.passages[index].span[1] > start:
                self.open(index, start, again=True)
        self.carried = []

    def end_line(self, end: int) -> str:
        self.close(end)
        self.carried = self.open_now
        self.pieces.append("</span>" * len(self.open_now))
        self.open_now, line, self.pieces = [], "".join(self.pieces), []
        return line


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each line that is not blank, without its outer whitespace."""
    start = 0
    for line in text.split("\n"):
        if line.strip():
            yield start + len(line) - len(line.lstrip()), start + len(line.rstrip())
        start += len(line) + 1
