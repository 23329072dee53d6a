"""A source text as a page: paragraphs with stable anchors, every quoted passage highlighted
and linked to the list of statements that rest on it."""

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


def paragraphs(evidence: Evidence, source_id: str, cited: list[Passage]) -> list[Markdown]:
    """The text split into its lines, each the HTML inside a paragraph, with its quoted
    passages highlighted: each passage gets an anchor where it begins, and each piece of text
    inside passages links to the shortest passage holding it. One pass over the lines and
    the passages in order (a passage may cross lines), so a text quoted thousands of times
    costs no more than its length. HTML rather than Markdown: a source's text is the longest
    on the site, and Python-Markdown's inline processing is quadratic in the escapes of a
    paragraph (a line of 80,000 dots took 50 s)."""
    text = evidence.texts[source_id].original
    waiting = sorted(cited, key=lambda p: p.span)
    out, next_up = [], 0
    ending: list[tuple[int, int]] = []  # (end, index) of the passages begun
    covering: list[tuple[int, int, int]] = []  # (length, end, index) of the passages begun
    for start, end in _lines(text):
        begins: dict[int, list[int]] = {}
        while next_up < len(waiting) and waiting[next_up].span[0] < end:
            begins.setdefault(max(start, waiting[next_up].span[0]), []).append(next_up)
            heapq.heappush(ending, (waiting[next_up].span[1], next_up))
            next_up += 1
        cuts = {start, end, *begins}
        while ending and ending[0][0] < end:
            cuts.add(max(start, heapq.heappop(ending)[0]))
        pieces = []
        for a, b in pairwise(sorted(cuts)):
            for index in begins.get(a, ()):
                passage = waiting[index]
                pieces.append(f'<span id="{passage.anchor}"></span>')
                heapq.heappush(covering, (passage.span[1] - passage.span[0], passage.span[1],
                                          index))
            while covering and covering[0][1] <= a:
                heapq.heappop(covering)
            segment = html_text(text[a:b])
            if covering:
                target = waiting[covering[0][2]].anchor
                segment = f'<mark><a href="#rests-{target}">{segment}</a></mark>'
            pieces.append(segment)
        out.append(Markdown("".join(pieces)))
    return out


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each line that is not blank, without its outer whitespace."""
    start = 0
    for line in text.split("\n"):
        if line.strip():
            yield start + len(line) - len(line.lstrip()), start + len(line.rstrip())
        start += len(line) + 1
