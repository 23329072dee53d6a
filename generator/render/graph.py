"""Relationship graphs drawn at build time as inline SVG: no script, no request to anyone.

Edges are every reference between records (relations, participants, places, claims), taken
from the resolved dossier; a record's neighbourhood is what lies within `hops` edges of it.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from dataclasses import dataclass

from ..check.resolve import Dossier
from ..format.kinds import SOURCES, by_folder
from ..format.model import RELATION_WORDING, Relation
from ..read.record import Record
from ..utils.escape import Markdown, html_text
from ..utils.memo import Memo
from .paths import site_link

WIDTH, HEIGHT = 760, 520
REPULSION, GRAVITY = 6.0, 1.0  # tuned by eye on the real dossier: readable, nothing adrift
MAX_NETWORK_NODES = 150  # beyond this one drawing is unreadable (and its layout slow)


@dataclass(frozen=True, order=True)
class Edge:
    a: str
    b: str
    label: str


def graph_of(dossier: Dossier, memo: Memo) -> Graph:
    """The graph of the dossier's references; the last one made is reused while its edges
    are the same (most edits change none)."""
    found = edges(dossier, memo)
    return memo.last("graph", found, lambda: Graph(found))


def edges(dossier: Dossier, memo: Memo) -> list[Edge]:
    """Every reference between two entities, once, labelled by what it is, in order."""
    return [edge for record_id in sorted(dossier.records)
            for edge in _edges_from(dossier, dossier.records[record_id], memo)]


def _edges_from(dossier: Dossier, record: Record, memo: Memo) -> list[Edge]:
    """The edges a record starts, sorted; remembered with the record while the records it
    refers to stay the same (their kinds decide which references are edges)."""
    if record.kind == SOURCES:
        return []

    def make() -> list[Edge]:
        found: dict[tuple[str, str, str], Edge] = {}
        for ref in record.outgoing:
            target, obj = ref.target, ref.holder
            if target == record.id or dossier.records[target].kind == SOURCES:
                continue
            label = (RELATION_WORDING[obj.type][0].lower() if isinstance(obj, Relation)
                     else ref.field_name.replace("_", " "))
            found.setdefault((record.id, target, label), Edge(record.id, target, label))
        return sorted(found.values(), key=lambda e: (e.b, e.label))
    return memo.of(record, "edges", dossier.targets_of(record), make)


class Graph:
    """Every edge, and for each node the edges touching it, so that a neighbourhood costs
    what it contains, not the size of the dossier."""

    def __init__(self, edges: list[Edge]):
        self.edges = edges
        self.touching: dict[str, list[Edge]] = {}
        for edge in self.edges:
            self.touching.setdefault(edge.a, []).append(edge)
            self.touching.setdefault(edge.b, []).append(edge)

    def neighbourhood(self, centre: str, hops: int) -> list[Edge]:
        near, frontier = {centre}, {centre}
        for _ in range(hops):
            frontier = {n for node in frontier for e in self.touching.get(node, [])
                        for n in (e.a, e.b)} - near
            near |= frontier
        found = {e for node in near for e in self.touching.get(node, [])
                 if e.a in near and e.b in near}
        return sorted(found, key=lambda e: (e.a, e.b, e.label))


def svg(records: Mapping[str, Record], page: str, graph_edges: list[Edge], centre: str = "",
        alone: tuple[str, ...] = ()) -> Markdown:
    """The graph as an inline SVG block whose nodes link to their pages; `alone` are nodes
    to draw even without an edge."""
    nodes = sorted({e.a for e in graph_edges} | {e.b for e in graph_edges} | (
        {centre} if centre else set()) | set(alone))
    if len(nodes) > MAX_NETWORK_NODES:
        return Markdown("")
    places = _radial(nodes, centre, graph_edges) if centre else _force(nodes, graph_edges)
    # a group, not an image: an image's children are not reachable, and these are links
    parts = [f'<div class="dossier-graph"><svg xmlns="http://www.w3.org/2000/svg" '
             f'viewBox="0 0 {WIDTH} {HEIGHT}" role="group" aria-label="Relationship graph">']
    parts += [_edge(places, e) for e in graph_edges]
    parts += [_node(records, page, places, n, n == centre) for n in nodes]
    parts.append("</svg></div>")
    return Markdown("".join(parts))


def _edge(places: dict[str, tuple[float, float]], edge: Edge) -> str:
    (x1, y1), (x2, y2) = places[edge.a], places[edge.b]
    return (f'<line x1="{x1:.0f}" y1="{y1:.0f}" x2="{x2:.0f}" y2="{y2:.0f}" stroke="#9e9e9e">'
            f"<title>{html_text(edge.label)}</title></line>")


def _node(records: Mapping[str, Record], page: str, places: dict[str, tuple[float, float]],
          node: str, is_centre: bool) -> str:
    record = records[node]
    x, y = places[node]
    name = record.name if len(record.name) <= 28 else record.name[:27] + "\u2026"
    href = site_link(page, record.page)
    radius = 9 if is_centre else 6
    return (f'<a href="{href}"><circle cx="{x:.0f}" cy="{y:.0f}" r="{radius}" '
            f'fill="{by_folder(record.kind).colour}"><title>{html_text(record.name)}</title></circle>'
            f'<text x="{x:.0f}" y="{y - 11:.0f}" text-anchor="middle" font-size="11" '
            f'fill="currentColor">{html_text(name)}</text></a>')


def _radial(nodes: list[str], centre: str, graph_edges: list[Edge]) -> dict[str, tuple[float,
                                                                                       float]]:
    """The centre in the middle, its direct neighbours on a ring, the rest on an outer ring."""
    direct = sorted({e.b if e.a == centre else e.a for e in graph_edges
                     if centre in (e.a, e.b)} - {centre})
    outer = [n for n in nodes if n != centre and n not in direct]
    places = {centre: (WIDTH / 2, HEIGHT / 2)}
    for ring, radius in ((direct, 160.0), (outer, 240.0)):
        for index, node in enumerate(ring):
            angle = 2 * math.pi * index / max(1, len(ring)) - math.pi / 2
            places[node] = (WIDTH / 2 + radius * 1.35 * math.cos(angle),
                            HEIGHT / 2 + radius * 0.9 * math.sin(angle))
    return places


def _force(nodes: list[str], graph_edges: list[Edge]) -> dict[str, tuple[float, float]]:
    """A deterministic spring layout (Fruchterman–Reingold), seeded so builds are identical,
    then scaled to fill the drawing with room for the labels: repulsion k²/d between every
    pair, attraction d²/k along edges, gravity towards the middle so that unconnected groups
    do not drift off. Written out on plain lists: it is quadratic in the nodes."""
    rng = random.Random(0)
    count = len(nodes)
    xs, ys = [0.0] * count, [0.0] * count
    for i in range(count):
        xs[i], ys[i] = rng.uniform(-1, 1), rng.uniform(-1, 1)
    index = {n: i for i, n in enumerate(nodes)}
    pairs = [(index[e.a], index[e.b]) for e in graph_edges]
    k = math.sqrt(4.0 / max(1, count))
    repel, hypot = -REPULSION * k * k, math.hypot
    for step in range(300):
        mx, my = [0.0] * count, [0.0] * count
        for a in range(count):
            xa, ya = xs[a], ys[a]
            for b in range(a + 1, count):
                dx, dy = xa - xs[b], ya - ys[b]
                dist = max(1e-4, hypot(dx, dy))
                force = repel / dist
                fx, fy = dx / dist * force, dy / dist * force
                mx[a] -= fx
                my[a] -= fy
                mx[b] += fx
                my[b] += fy
        for a, b in pairs:
            dx, dy = xs[a] - xs[b], ys[a] - ys[b]
            dist = max(1e-4, hypot(dx, dy))
            force = dist * dist / k
            fx, fy = dx / dist * force, dy / dist * force
            mx[a] -= fx
            my[a] -= fy
            mx[b] += fx
            my[b] += fy
        temperature = 0.1 * (1 - step / 300) + 0.002
        for n in range(count):
            mx[n] -= xs[n] * GRAVITY * k
            my[n] -= ys[n] * GRAVITY * k
            length = max(1e-9, hypot(mx[n], my[n]))
            xs[n] += mx[n] / length * min(length, temperature)
            ys[n] += my[n] / length * min(length, temperature)
    return _fit({n: [xs[i], ys[i]] for i, n in enumerate(nodes)})


def _fit(pos: dict[str, list[float]]) -> dict[str, tuple[float, float]]:
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    width, height = max(xs) - min(xs) or 1.0, max(ys) - min(ys) or 1.0
    return {n: (90 + (p[0] - min(xs)) / width * (WIDTH - 180),
                30 + (p[1] - min(ys)) / height * (HEIGHT - 50)) for n, p in pos.items()}
