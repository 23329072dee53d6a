"""A source page's text: every quoted passage is one element holding exactly its text (or
pieces of it, named by `data-q`, where passages overlap or cross lines), so that a link marks
that passage and nothing else; the text itself is unchanged and escaped."""

from __future__ import annotations

import time

from selectolax.lexbor import LexborHTMLParser, LexborNode

from generator.check.verify import Evidence
from generator.render.source_text import MAX_DEPTH, Passage, paragraphs
from generator.utils.quotes import FoldedText


def rendered(text: str, spans: list[tuple[int, int]]) -> tuple[LexborHTMLParser, str]:
    evidence = Evidence(texts={"s": FoldedText(text)})
    cited = [Passage(span, text[span[0]:span[1]], []) for span in spans]
    html = "".join(f"<p>{line}</p>\n" for line in paragraphs(evidence, "s", cited))
    return LexborHTMLParser(html), html


def pieces(tree: LexborHTMLParser, start: int, end: int) -> str:
    """The text of a passage's element and of its later pieces, in page order."""
    anchor = f"q-{start}-{end}"
    return "".join(node.text() for node in tree.css(f"[id='{anchor}'], [data-q='{anchor}']"))


def test_each_passage_holds_its_text_where_passages_nest_overlap_and_cross_lines() -> None:
    text = "Alpha beta gamma delta.\nEpsilon <zeta> & eta."
    spans = [(0, 16), (6, 10), (11, 29), (24, 46), (6, 10 + 6)]
    tree, html = rendered(text, spans)
    for start, end in spans:
        assert pieces(tree, start, end) == text[start:end].replace("\n", ""), (start, end)
    assert [p.text() for p in tree.css("p")] == text.split("\n")
    assert "<zeta>" not in html and "&lt;zeta&gt; &amp; eta" in html
    assert len(tree.css("[id^='q-']")) == len(set(spans))  # one anchor each
    assert tree.css("[data-q]")  # (11, 29) overlaps (0, 16) and crosses the line


def test_each_piece_of_text_links_to_the_shortest_passage_holding_it() -> None:
    tree, _ = rendered("one two three four", [(0, 18), (4, 13), (8, 13)])
    links = [(a.text(), a.attributes["href"]) for a in tree.css("a")]
    assert links == [("one ", "#rests-q-0-18"), ("two ", "#rests-q-4-13"),
                     ("three", "#rests-q-8-13"), (" four", "#rests-q-0-18")]


def test_passages_nested_deeper_than_the_bound_keep_their_anchor_and_cost_linear_time() -> None:
    """A staircase of thousands of overlapping passages: each closing would reopen all the
    others; beyond `MAX_DEPTH` a passage keeps only its anchor, which a link lands on."""
    count = 3000
    text = "x" * (2 * count)
    spans = [(i, i + count) for i in range(count)]
    started = time.process_time()
    tree, _ = rendered(text, spans)
    assert time.process_time() - started < 10
    assert len({node.attributes["id"] for node in tree.css("[id^='q-']")}) == count
    deepest = max(len([n for n in _ancestors(node) if n.tag == "span"])
                  for node in tree.css("a")[:200])
    assert deepest <= MAX_DEPTH
    assert tree.css("p")[0].text() == text


def _ancestors(node: LexborNode) -> list[LexborNode]:
    found = []
    parent = node.parent
    while parent is not None:
        found.append(parent)
        parent = parent.parent
    return found
