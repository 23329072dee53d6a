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

from generator.build import check, render_all
from generator.check.resolve import Dossier
from generator.format.kinds import SHAPES, entities
from generator.format.model import Entity, Event
from generator.read.record import Record
from generator.render import neighbourhood, network
from generator.render.drawing import text_width
from generator.render.graph import Neighbourhood, graph_of
from generator.render.neighbourhood import layout
from generator.render.paths import url_of
from generator.utils.memo import Memo
from tests.conftest import REPO, synthetic_dossier

SVG = re.compile(r"<svg[^>]*role=\"group\".*?</svg>", re.S)
NODE = re.compile(r'<a href="([^"]+)" class="dossier-graph__node"><title>([^<]*)</title>'
                  r'(?:<rect[^>]*x="(-?\d+)"[^>]*y="(-?\d+)"[^>]*width="(\d+)"[^>]*height="(\d+)"'
                  r'|<circle cx="(-?\d+)" cy="(-?\d+)" r="(\d+)")'
                  r'[^>]*class="dossier-graph__target"')
LINE_TITLE = re.compile(r"<line [^>]*><title>([^<]*)</title></line>")
PHONE_WIDTH = 390 - 32
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


def test_no_node_or_label_covers_the_middle_of_another(
        graphs: tuple[dict[str, Record], dict[str, list[str]]]) -> None:
    """A click at a node's middle reaches the node drawn on top there: its own, since no
    other node's target (drawn later or earlier) reaches it, and a label outside a node's
    link catches no clicks."""
    _, pages = graphs
    caught = []
    for path, found in pages.items():
        for drawing in found:
            outside = re.sub(r"<a .*?</a>", "", drawing)
            assert all('pointer-events="none"' in t for t in re.findall("<text[^>]*>", outside))
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


def neighbourhoods(root: Path, hops: int = 1) -> tuple[Dossier, dict[str, Neighbourhood]]:
    checked = check(root)
    assert checked.ok
    dossier = checked.dossier
    found = graph_of(dossier, Memo())
    return dossier, {r.id: found.around(dossier.records, r.id, hops) for r in
                     dossier.records.values() if isinstance(r.fact, Entity)}


@pytest.fixture(scope="module", params=["real", "synthetic"])
def around(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
           ) -> tuple[Dossier, dict[str, Neighbourhood]]:
    root = REPO if request.param == "real" else synthetic_dossier(
        tmp_path_factory, "around", 300, seed=5)
    return neighbourhoods(root)


def test_no_two_labels_of_a_neighbourhood_overlap(
        around: tuple[Dossier, dict[str, Neighbourhood]]) -> None:
    """Computed from the layout, the same that draws them (`neighbourhood.boxes`)."""
    dossier, found = around
    touching = []
    for entity, near in found.items():
        boxes = [(p.branch.node, box) for p in layout(dossier.records, near).placed
                 for box in neighbourhood.boxes(p)]
        touching += [f"{entity}: {a} and {b}" for i, (a, one) in enumerate(boxes)
                     for b, other in boxes[i + 1:] if one.overlaps(other)]
    assert touching == []


def test_a_drawing_is_sized_to_what_it_shows_and_fits_a_phone(
        around: tuple[Dossier, dict[str, Neighbourhood]]) -> None:
    """At one step out (the default), no drawing is wider than a phone's page (390 px less
    the theme's margins); its height is its rows."""
    dossier, found = around
    for near in found.values():
        drawn = layout(dossier.records, near)
        assert drawn.width <= PHONE_WIDTH, (near.branches[0].node, drawn.width)
        assert drawn.height == 2 * neighbourhood.PAD + len(near.branches) * neighbourhood.ROW


def test_everyone_beside_a_person_in_an_event_is_on_their_page(
        around: tuple[Dossier, dict[str, Neighbourhood]]) -> None:
    """The co-participants of each event a person took part in (the co-accused of a suspect),
    and a relative's relatives, are in the person's neighbourhood (unless it is full)."""
    dossier, found = around
    checked = 0
    for event in dossier.records.values():
        if not isinstance(event.fact, Event):
            continue
        people = {p.entity for p in event.fact.participants}
        for person in people:
            near = found[person]
            shown = {b.node for b in near.branches}
            if near.left_out == 0:
                assert people <= shown, (person, sorted(people - shown))
                checked += 1
    assert checked


def test_the_real_suspects_pages_show_their_co_accused() -> None:
    _, pages = drawings(REPO)
    drawing = pages["people/dalerzhon-mirzoev.md"][0]
    for other in ("muhammadsobir-faizov", "saidakram-rachabalizoda", "shamsidin-fariduni"):
        assert f'href="../{other}/"' in drawing
    family = pages["people/isroil-islomov.md"][0]
    for other in ("aminchon-islomov", "dilovar-islomov", "alisher-kasimov"):
        assert f'href="../{other}/"' in family


def test_hops_shows_more_steps_out() -> None:
    _, one = neighbourhoods(REPO, hops=1)
    _, two = neighbourhoods(REPO, hops=2)
    grew = 0
    for entity, near in one.items():
        first = {b.node for b in near.branches}
        second = {b.node for b in two[entity].branches}
        assert first <= second or two[entity].left_out, entity
        grew += len(second) > len(first)
    assert grew > len(one) / 2


def test_the_same_drawing_every_time() -> None:
    dossier, found = neighbourhoods(REPO)
    again = neighbourhoods(REPO)[1]
    for entity, near in found.items():
        assert neighbourhood.svg(dossier.records, "x.md", near) == neighbourhood.svg(
            dossier.records, "x.md", again[entity])


def test_the_network_shows_names_that_cover_nothing(
        graphs: tuple[dict[str, Record], dict[str, list[str]]]) -> None:
    """The labels of the Network page, placed the most connected first, overlap neither each
    other nor a mark; at least 40% of the nodes keep their name in view (72% on the real
    dossier, 48% on the denser synthetic one of 120)."""
    _, pages = graphs
    drawing = pages["network.md"][0]
    texts = re.findall(r'<text x="(\d+)" y="(\d+)"[^>]*>([^<]*)</text>', drawing)
    boxes = [(float(x) - text_width(unescape(t), network.LABEL_SIZE) / 2, float(y) - 10,
              float(x) + text_width(unescape(t), network.LABEL_SIZE) / 2, float(y) + 3)
             for x, y, t in texts]
    assert not [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]
                if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]]
    assert len(texts) >= len(nodes_of(drawing)) * 0.4, (len(texts), len(nodes_of(drawing)))


def test_each_kind_of_entity_has_its_own_shape_and_colour() -> None:
    """So that kinds differ for readers who do not tell the colours apart."""
    kinds = entities()
    assert all(k.shape in SHAPES for k in kinds)
    assert len({k.shape for k in kinds}) == len(kinds)
    assert len({k.colour for k in kinds}) == len(kinds)
