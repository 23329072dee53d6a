"""A source text as a page: paragraphs with stable anchors, every quoted passage highlighted
and linked to the list of statements that rest on it."""

from __future__ import annotations

from dataclasses import dataclass

from .check import CitedStatement, Evidence, Span
from .escape import Markdown, md_inline
from .page import quote_anchor


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
    cited: dict[Span, list[CitedStatement]] = {}
    for item in evidence.citing(source_id):
        for citation in item.statement.cite:
            if citation.source == source_id:
                for span in evidence.spans_of(citation):
                    if item not in cited.setdefault(span, []):
                        cited[span].append(item)
    text = evidence.texts[source_id].original
    return [Passage(span, text[span[0]:span[1]], cited[span]) for span in sorted(cited)]


def paragraphs(evidence: Evidence, source_id: str, cited: list[Passage]) -> list[Markdown]:
    """The text split into its lines, each a paragraph, with highlighted passages."""
    text = evidence.texts[source_id].original
    out, start = [], 0
    for line in text.split("\n"):
        end = start + len(line.rstrip())
        if line.strip():
            out.append(_highlight(text, start + len(line) - len(line.lstrip()), end, cited))
        start += len(line) + 1
    return out


def _highlight(text: str, start: int, end: int, cited: list[Passage]) -> Markdown:
    inside = [p for p in cited if p.span[0] < end and p.span[1] > start]
    cuts = sorted({start, end} | {max(start, min(end, x)) for p in inside for x in p.span})
    pieces = []
    for a, b in zip(cuts, cuts[1:]):
        pieces += [f'<span id="{p.anchor}"></span>' for p in inside if p.span[0] == a]
        covering = [p for p in inside if p.span[0] <= a and b <= p.span[1]]
        segment: str = md_inline(text[a:b])
        if covering:
            target = min(covering, key=lambda p: p.span[1] - p.span[0]).anchor
            segment = f'<mark><a href="#rests-{target}">{segment}</a></mark>'
        pieces.append(segment)
    return Markdown("".join(pieces))
