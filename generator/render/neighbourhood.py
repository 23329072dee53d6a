"""An entity's neighbourhood on its page, drawn as an indented tree: the entity on the
first row, then each record it is connected to on a row of its own, one step further right
for each step out, under the record it is reached from (the co-participants of an event under
the event, the relatives of a relative under the relative).

One row per record keeps labels apart by construction: a record's name and, under it, what
it is to the record it hangs from ("participant (detained) in") sit in its row, right of its
mark, and the lines run left of the rows' marks. The drawing is as narrow as its longest
label, so it fits a phone. The layout depends only on what is shown, never on the rest of the
dossier, and costs what it draws. The same connections are listed as sentences below it
(`sentences`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..format.kinds import by_folder, entities
from ..read.record import Record
from ..utils.escape import Markdown, html_text, md_text
from .draft import PageDraft
from .drawing import HIT, figure, legend, mark, px, shorten, text_width
from .graph import Branch, Neighbourhood
from .paths import site_link

ROW = 36
"""The height of a row: a name, the words under it, and a target 30 px tall."""
NAME_SIZE, WORDS_SIZE = 13, 11
NAME_CHARS, WORDS_CHARS = 32, 40
INDENT, PAD, TO_LABEL = 28, 6, 14
"""A step out; around the drawing; from a mark's middle to its label."""


@dataclass(frozen=True)
class Box:
    """A label's extent in the drawing (x and y grow right and down)."""

    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return (self.left < other.right and other.left < self.right
                and self.top < other.bottom and other.top < self.bottom)


@dataclass(frozen=True)
class Placed:
    branch: Branch
    x: float
    y: float
    name: str
    words: str
    """What it is to the record it is reached from, shortened ("" for the entity)."""
    end: float
    """The right end of its labels."""


@dataclass(frozen=True)
class Layout:
    placed: tuple[Placed, ...]
    """Depth first: the entity, then each record followed by those it leads to (the order of
    keyboard focus)."""
    width: int
    height: int


def words_of(branch: Branch) -> str:
    return "; ".join(e.words_from(branch.parent) for e in branch.edges)


def layout(records: Mapping[str, Record], around: Neighbourhood) -> Layout:
    """Where each record of the neighbourhood goes."""
    children: dict[str, list[Branch]] = {}
    for branch in around.branches[1:]:
        children.setdefault(branch.parent, []).append(branch)
    placed = []
    for row, branch in enumerate(_depth_first(around.branches[0], children)):
        name = shorten(records[branch.node].name, NAME_CHARS)
        words = shorten(words_of(branch), WORDS_CHARS) if branch.parent else ""
        x = PAD + HIT + branch.depth * INDENT
        end = x + TO_LABEL + max(text_width(name, NAME_SIZE), text_width(words, WORDS_SIZE))
        placed.append(Placed(branch, x, PAD + row * ROW + ROW / 2, name, words, end))
    return Layout(tuple(placed), round(max(p.end for p in placed) + PAD),
                  round(2 * PAD + len(placed) * ROW))


def _depth_first(branch: Branch, children: dict[str, list[Branch]]) -> list[Branch]:
    found = [branch]
    for child in children.get(branch.node, []):
        found += _depth_first(child, children)
    return found


def boxes(placed: Placed) -> list[Box]:
    """Where a record's labels are, as `svg` draws them (the test of overlaps reads it)."""
    x, y = placed.x, placed.y
    start = x + TO_LABEL
    if not placed.branch.parent:
        return [Box(start, y - 9, start + text_width(placed.name, NAME_SIZE), y + 5)]
    return [Box(start, y - 13, start + text_width(placed.name, NAME_SIZE), y + 1),
            Box(start, y + 3, start + text_width(placed.words, WORDS_SIZE), y + 15)]


def svg(records: Mapping[str, Record], page: str, around: Neighbourhood) -> Markdown:
    """The drawing, its legend, and nothing when the entity stands alone."""
    if len(around.branches) < 2:
        return Markdown("")
    drawn = layout(records, around)
    at = {p.branch.node: p for p in drawn.placed}
    centre = drawn.placed[0]
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {drawn.width} '
             f'{drawn.height}" width="{drawn.width}" height="{drawn.height}" role="group" '
             f'aria-label="Connections of this page, as a tree">']
    parts += [_line(records, at[p.branch.parent], p) for p in drawn.placed[1:]]
    parts += [_centre(records, centre)]
    parts += [_node(records, page, p, at[p.branch.parent]) for p in drawn.placed[1:]]
    parts.append("</svg>")
    kinds = {records[b.node].kind for b in around.branches}
    # no fact text in attributes: the page's title names the subject
    return figure("".join(parts), legend(k for k in entities() if k.folder in kinds),
                  "Connections of this page")


def _line(records: Mapping[str, Record], parent: Placed, child: Placed) -> str:
    """Down from the parent's mark, then right to the child's: left of every label."""
    said = "; ".join(e.sentence(records[e.a].name, records[e.b].name)
                     for e in child.branch.edges)
    return (f'<polyline points="{px(parent.x)},{px(parent.y + 9)} {px(parent.x)},{px(child.y)} '
            f'{px(child.x - 9)},{px(child.y)}" fill="none" stroke="#9e9e9e">'
            f"<title>{html_text(said)}</title></polyline>")


def _centre(records: Mapping[str, Record], centre: Placed) -> str:
    kind = by_folder(records[centre.branch.node].kind)
    return (f'<g class="dossier-graph__centre">{mark(kind, centre.x, centre.y, 8, centre=True)}'
            f'<text x="{px(centre.x + TO_LABEL)}" y="{px(centre.y + 4)}" '
            f'font-size="{NAME_SIZE}" font-weight="bold" fill="currentColor" '
            f'pointer-events="none">'
            f"{html_text(centre.name)}</text></g>")


def _node(records: Mapping[str, Record], page: str, placed: Placed, parent: Placed) -> str:
    record = records[placed.branch.node]
    kind = by_folder(record.kind)
    x, y = placed.x, placed.y
    name = (f"{record.name} ({kind.word}): {words_of(placed.branch)} "
            f"{records[parent.branch.node].name}")
    return (f'<a href="{site_link(page, record.page)}" class="dossier-graph__node">'
            f"<title>{html_text(name)}</title>"
            f'<rect x="{px(x - HIT)}" y="{px(y - ROW / 2 + 3)}" width="{px(placed.end - x + HIT)}" '
            f'height="{ROW - 6}" fill="transparent" class="dossier-graph__target"/>'
            f"{mark(kind, x, y, 6)}"
            f'<text x="{px(x + TO_LABEL)}" y="{px(y - 2)}" font-size="{NAME_SIZE}" '
            f'fill="currentColor">{html_text(placed.name)}</text>'
            f'<text x="{px(x + TO_LABEL)}" y="{px(y + 12)}" font-size="{WORDS_SIZE}" '
            f'font-style="italic" fill="currentColor">{html_text(placed.words)}</text></a>')


def sentences(page: PageDraft, around: Neighbourhood) -> list[Markdown]:
    """Every connection between the records drawn, as a sentence with links: the drawing's
    content for readers who do not use the picture."""
    return [Markdown(f"{page.link_to(e.a)} {md_text(e.forward)} {page.link_to(e.b)}")
            for e in around.edges]
