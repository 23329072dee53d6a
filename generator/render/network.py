"""The whole dossier's relationship graph as one drawing (the Network page), laid out at
build time by a seeded spring layout so that every build gives the same picture.

Each node is a link whose target covers its mark (24 × 24 CSS pixels at least), drawn above
every label: a label never catches a click meant for a node, and nodes are kept far enough
apart that no target covers another's middle. Nodes come in order of importance (the most
connected first), which is also the order of keyboard focus.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping

from ..format.kinds import by_folder, entities
from ..read.record import Record
from ..utils.escape import Markdown, html_text
from .drawing import HIT, figure, legend, mark, px, shorten
from .graph import Edge
from .paths import site_link

WIDTH, HEIGHT = 760, 520
REPULSION, GRAVITY = 6.0, 1.0  # tuned by eye on the real dossier: readable, nothing adrift
MAX_NETWORK_NODES = 150  # beyond this one drawing is unreadable (and its layout slow)
APART = 2 * HIT + 4
"""The least distance between two nodes' middles: their targets never overlap."""


def svg(records: Mapping[str, Record], page: str, graph_edges: list[Edge],
        nodes: tuple[str, ...]) -> Markdown:
    """The drawing of `nodes` and the edges between them, each node a link to its page;
    nothing when there are more than one drawing can show."""
    if len(nodes) > MAX_NETWORK_NODES:
        return Markdown("")
    ordered = sorted(nodes)
    places = _separate(_force(ordered, graph_edges))
    degree = {n: 0 for n in ordered}
    for edge in graph_edges:
        degree[edge.a] += 1
        degree[edge.b] += 1
    by_importance = sorted(ordered, key=lambda n: (-degree[n], records[n].name.casefold(), n))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'width="{WIDTH}" height="{HEIGHT}" role="group" '
             f'aria-label="Relationship graph of the whole dossier">']
    parts += [_edge(records, places, e) for e in graph_edges]
    parts += [_label(records, places, n) for n in by_importance]
    parts += [_node(records, page, places, n, degree[n]) for n in by_importance]
    parts.append("</svg>")
    kinds = [k for k in entities() if any(records[n].kind == k.folder for n in ordered)]
    return figure("".join(parts), legend(kinds), "Relationship graph")


def _edge(records: Mapping[str, Record], places: dict[str, tuple[float, float]],
          edge: Edge) -> str:
    (x1, y1), (x2, y2) = places[edge.a], places[edge.b]
    said = edge.sentence(records[edge.a].name, records[edge.b].name)
    return (f'<line x1="{px(x1)}" y1="{px(y1)}" x2="{px(x2)}" y2="{px(y2)}" stroke="#9e9e9e">'
            f"<title>{html_text(said)}</title></line>")


def _label(records: Mapping[str, Record], places: dict[str, tuple[float, float]],
           node: str) -> str:
    """A node's name above it: seen, never hit (its node's link names it for everyone)."""
    x, y = places[node]
    return (f'<text x="{px(x)}" y="{px(y - 11)}" text-anchor="middle" font-size="11" '
            f'fill="currentColor" pointer-events="none" aria-hidden="true">'
            f"{html_text(shorten(records[node].name, 28))}</text>")


def _node(records: Mapping[str, Record], page: str, places: dict[str, tuple[float, float]],
          node: str, degree: int) -> str:
    record = records[node]
    kind = by_folder(record.kind)
    x, y = places[node]
    links = f"{degree} connection{'' if degree == 1 else 's'}"
    return (f'<a href="{site_link(page, record.page)}" class="dossier-graph__node">'
            f"<title>{html_text(record.name)} ({kind.word}, {links})</title>"
            f'<circle cx="{px(x)}" cy="{px(y)}" r="{HIT}" fill="transparent" '
            f'class="dossier-graph__target"/>{mark(kind, x, y, 6)}</a>')


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


def _separate(places: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """The layout with every two nodes at least `APART` from each other (pushed apart
    along the line between them, in rounds, kept inside the drawing), rounded."""
    nodes = sorted(places)
    xs, ys = [places[n][0] for n in nodes], [places[n][1] for n in nodes]
    for _ in range(100):
        moved = False
        for a in range(len(nodes)):
            for b in range(a + 1, len(nodes)):
                dx, dy = xs[b] - xs[a], ys[b] - ys[a]
                dist = math.hypot(dx, dy)
                if dist >= APART:
                    continue
                if dist < 1e-6:
                    dx, dy, dist = 1.0, 0.0, 1.0
                push = (APART - dist) / 2 + 0.5
                xs[a], ys[a] = xs[a] - dx / dist * push, ys[a] - dy / dist * push
                xs[b], ys[b] = xs[b] + dx / dist * push, ys[b] + dy / dist * push
                moved = True
        xs = [min(WIDTH - HIT, max(HIT, x)) for x in xs]
        ys = [min(HEIGHT - HIT, max(HIT + 14, y)) for y in ys]
        if not moved:
            break
    return {n: (float(round(xs[i])), float(round(ys[i]))) for i, n in enumerate(nodes)}
