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
from .drawing import HIT, figure, legend, mark, px, shorten, text_width
from .graph import Edge
from .paths import site_link

LABEL_SIZE, LABEL_CHARS = 11, 28
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
    size = _size(len(ordered))
    places = _separate(_force(ordered, graph_edges, size), size)
    degree = {n: 0 for n in ordered}
    for edge in graph_edges:
        degree[edge.a] += 1
        degree[edge.b] += 1
    by_importance = sorted(ordered, key=lambda n: (-degree[n], records[n].name.casefold(), n))
    labels = place_labels(records, places, by_importance, size)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size[0]} {size[1]}" '
             f'width="{size[0]}" height="{size[1]}" role="group" '
             f'aria-label="Relationship graph of the whole dossier">']
    parts += [_edge(records, places, e) for e in graph_edges]
    parts += [_label(text, box) for text, box in labels.values()]
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


Size = tuple[int, int]
Box = tuple[float, float, float, float]
"""left, top, right, bottom"""


def _size(count: int) -> Size:
    """Room for `count` nodes and their labels: about 110 px square each, within what a
    desktop page shows (a phone scrolls)."""
    width = max(560, min(1160, round(math.sqrt(count) * 130)))
    return width, round(width * 0.66)


def place_labels(records: Mapping[str, Record], places: dict[str, tuple[float, float]],
                 by_importance: list[str], size: Size) -> dict[str, tuple[str, Box]]:
    """Each node's name beside it, the most connected first: above, below, right or left
    of its mark, wherever it overlaps no label placed before it, no other node's mark and
    stays in the drawing; a name with no such place is not shown (its node's link still
    names it, and its page is one click away)."""
    marks = [(x - 8, y - 8, x + 8, y + 8) for x, y in places.values()]
    placed: dict[str, tuple[str, Box]] = {}
    taken: list[Box] = []
    for node in by_importance:
        text = shorten(records[node].name, LABEL_CHARS)
        x, y = places[node]
        width = text_width(text, LABEL_SIZE)
        for box in ((x - width / 2, y - 23, x + width / 2, y - 10),
                    (x - width / 2, y + 10, x + width / 2, y + 23),
                    (x + 11, y - 6, x + 11 + width, y + 7),
                    (x - 11 - width, y - 6, x - 11, y + 7)):
            inside = box[0] >= 0 and box[1] >= 0 and box[2] <= size[0] and box[3] <= size[1]
            if inside and not any(_overlap(box, other) for other in taken) and not any(
                    _overlap(box, m) for m in marks):
                placed[node] = (text, box)
                taken.append(box)
                break
    return placed


def _overlap(one: Box, other: Box) -> bool:
    return (one[0] < other[2] and other[0] < one[2]
            and one[1] < other[3] and other[1] < one[3])


def _label(text: str, box: Box) -> str:
    """A node's name: seen, never hit (its node's link names it for everyone)."""
    return (f'<text x="{px((box[0] + box[2]) / 2)}" y="{px(box[3] - 3)}" text-anchor="middle" '
            f'font-size="{LABEL_SIZE}" fill="currentColor" pointer-events="none" '
            f'aria-hidden="true">{html_text(text)}</text>')


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


def _force(nodes: list[str], graph_edges: list[Edge],
           size: Size) -> dict[str, tuple[float, float]]:
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
    return _fit({n: [xs[i], ys[i]] for i, n in enumerate(nodes)}, size)


def _fit(pos: dict[str, list[float]], size: Size) -> dict[str, tuple[float, float]]:
    """The layout scaled to the drawing, by where most nodes are: the few that drifted
    furthest out (a pair alone, unlinked to the rest) are brought in to its edge, so they
    do not squeeze the rest into a corner."""
    low_x, high_x = _spread(sorted(p[0] for p in pos.values()))
    low_y, high_y = _spread(sorted(p[1] for p in pos.values()))

    def scaled(value: float, low: float, high: float, start: float, room: float) -> float:
        return start + (min(high, max(low, value)) - low) / (high - low or 1.0) * room
    return {n: (scaled(p[0], low_x, high_x, 90, size[0] - 180),
                scaled(p[1], low_y, high_y, 30, size[1] - 50)) for n, p in pos.items()}


def _spread(values: list[float]) -> tuple[float, float]:
    """Where all but the furthest 3% at each end are."""
    cut = len(values) * 3 // 100
    return values[cut], values[len(values) - 1 - cut]


def _separate(places: dict[str, tuple[float, float]],
              size: Size) -> dict[str, tuple[float, float]]:
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
        xs = [min(size[0] - HIT, max(HIT, x)) for x in xs]
        ys = [min(size[1] - HIT, max(HIT + 14, y)) for y in ys]
        if not moved:
            break
    return {n: (float(round(xs[i])), float(round(ys[i]))) for i, n in enumerate(nodes)}
