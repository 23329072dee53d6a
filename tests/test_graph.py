"""The relationship graphs, read from the pages the generator writes (the real dossier and a
synthetic one): every node's link leads to that node's own page, and no node's target covers
another's middle, so a click on a node can only open its page; every line and node is named
in a reader's words, never by a field of the fact format."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest

from generator.build import render_all
from generator.read.record import Record
from generator.render.paths import url_of
from tests.conftest import REPO, synthetic_dossier

SVG = re.compile(r"<svg[^>]*role=\"group\".*?</svg>", re.S)
NODE = re.compile(r'<a href="([^"]+)" class="dossier-graph__node"><title>([^<]*)</title>'
                  r'(?:<rect[^>]*x="(-?\d+)"[^>]*y="(-?\d+)"[^>]*width="(\d+)"[^>]*height="(\d+)"'
                  r'|<circle cx="(-?\d+)" cy="(-?\d+)" r="(\d+)")'
                  r'[^>]*class="dossier-graph__target"')
LINE_TITLE = re.compile(r"<line [^>]*><title>([^<]*)</title></line>")
FIELD_NAMES = {"entity", "to", "by", "via", "about", "after", "differs from", "place"}


@dataclass(frozen=True)
class Node:
    href: str
    title: str
    left: float
    top: float
    right: float
    bottom: float

    def covers(self, x: float, y: float) -> bool:
        return self.left <= x <= self.right and self.top <= y <= self.bottom

    @property
    def middle(self) -> tuple[float, float]:
        return (self.left + self.right) / 2, (self.top + self.bottom) / 2


def nodes_of(drawing: str) -> list[Node]:
    """Each node's link and target, in drawing order (a later one is on top)."""
    found = []
    for m in NODE.finditer(drawing):
        href, title = m.group(1), unescape(m.group(2))
        if m.group(3) is not None:
            x, y, w, h = (float(m.group(i)) for i in range(3, 7))
            found.append(Node(href, title, x, y, x + w, y + h))
        else:
            x, y, r = (float(m.group(i)) for i in range(7, 10))
            found.append(Node(href, title, x - r, y - r, x + r, y + r))
    return found


def page_of_link(page: str, href: str) -> str:
    """The page (as under content/) a raw-HTML link from `page` leads to."""
    base = url_of(page) or "."
    target = posixpath.normpath(posixpath.join(base, href)).strip("/")
    return target + ".md"


def drawings(root: Path) -> tuple[dict[str, Record], dict[str, list[str]]]:
    outcome, pages = render_all(root)
    assert outcome.ok and outcome.checked is not None
    records = {r.page: r for r in outcome.checked.dossier.records.values()}
    return records, {path: SVG.findall(text) for path, text in pages.items()
                     if path.endswith(".md") and SVG.search(text)}


@pytest.fixture(scope="module", params=["real", "synthetic"])
def graphs(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
           ) -> tuple[dict[str, Record], dict[str, list[str]]]:
    root = REPO if request.param == "real" else synthetic_dossier(
        tmp_path_factory, "graphs", 120, seed=3)
    return drawings(root)


def test_every_node_links_to_its_own_page(
        graphs: tuple[dict[str, Record], dict[str, list[str]]]) -> None:
    records, pages = graphs
    assert "network.md" in pages
    wrong = []
    for path, found in pages.items():
        for drawing in found:
            nodes = nodes_of(drawing)
            assert nodes, path
            for node in nodes:
                record = records.get(page_of_link(path, node.href))
                if record is None or not node.title.startswith(f"{record.name} ("):
                    wrong.append(f"{path}: {node.title!r} links to {node.href}")
    assert wrong == []


def test_no_node_covers_the_middle_of_another(
        graphs: tuple[dict[str, Record], dict[str, list[str]]]) -> None:
    """A click at a node's middle reaches the node drawn on top there: its own, since no
    other node's target (drawn later or earlier) reaches it; labels catch no clicks."""
    _, pages = graphs
    caught = []
    for path, found in pages.items():
        for drawing in found:
            assert 'pointer-events="none"' in drawing or "<text" not in drawing.split(
                "dossier-graph__node")[0]
            nodes = nodes_of(drawing)
            for node in nodes:
                x, y = node.middle
                caught += [f"{path}: {other.title} covers {node.title}" for other in nodes
                           if other is not node and other.covers(x, y)]
    assert caught == []


def test_lines_say_the_relation_in_words(
        graphs: tuple[dict[str, Record], dict[str, list[str]]]) -> None:
    records, pages = graphs
    names = {r.name for r in records.values()}
    titles = [unescape(t) for found in pages.values() for d in found
              for t in LINE_TITLE.findall(d)]
    assert titles
    for title in titles:
        first = max((n for n in names if title.startswith(n + " ")), key=len, default="")
        last = max((n for n in names if title.endswith(" " + n)), key=len, default="")
        assert first and last, title
        words = title[len(first) + 1:len(title) - len(last) - 1]
        assert words and words not in FIELD_NAMES, title


def test_a_participant_line_reads_as_the_pages_say_it() -> None:
    records, pages = drawings(REPO)
    titles = {unescape(t) for d in pages["network.md"] for t in LINE_TITLE.findall(d)}
    by_name = {r.id: r.name for r in records.values()}
    attack, mirzoev = by_name["detention-of-the-four-gunmen"], by_name["dalerzhon-mirzoev"]
    assert any(t.startswith(f"{attack} has as participant (detained") and
               t.endswith(mirzoev) for t in titles), sorted(titles)
    assert any(" parent of " in t or " sibling of " in t for t in titles)
