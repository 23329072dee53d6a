"""What the drawings of the relationship graph share: a node's mark (colour and shape by
kind), its link, the legend, and how wide a label is. Everything is written at build time as
inline SVG, with coordinates rounded to whole pixels so that every build gives the same bytes.

Fact text reaches the drawings only through `html_text`; the mark's colour and shape come
from the kind registry.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..format.kinds import Kind
from ..utils.escape import Markdown, html_text

HIT = 12
"""Half the side of a node's touch target, in CSS pixels: 24 × 24 at least (WCAG 2.5.8)."""

CHAR_WIDTH = 0.58
"""A label's width per character, in ems: above the average of the theme's sans-serif
faces, so that labels laid out apart by it do not touch once drawn."""


def px(value: float) -> str:
    """A coordinate as written: whole pixels, the same on every machine (an int: never
    "-0")."""
    return str(round(value))


def text_width(text: str, size: float) -> float:
    return len(text) * size * CHAR_WIDTH


def shorten(text: str, limit: int) -> str:
    """The text, or its first `limit` characters and an ellipsis (the whole is in the
    node's title and in the list beside the drawing)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "\u2026"


def mark(kind: Kind, x: float, y: float, size: float, centre: bool = False) -> str:
    """A node's mark: its kind's shape in its kind's colour, `size` from its middle to its
    sides (the shapes cover about the same area)."""
    fill = f'fill="{kind.colour}"' + (' stroke="currentColor" stroke-width="2"' if centre else "")
    s = size
    if kind.shape == "square":
        return (f'<rect x="{px(x - s * 0.9)}" y="{px(y - s * 0.9)}" width="{px(s * 1.8)}" '
                f'height="{px(s * 1.8)}" {fill}/>')
    if kind.shape == "diamond":
        return _path([(x, y - s * 1.25), (x + s * 1.25, y), (x, y + s * 1.25),
                      (x - s * 1.25, y)], fill)
    if kind.shape == "triangle":
        return _path([(x, y - s * 1.3), (x + s * 1.3, y + s * 0.9),
                      (x - s * 1.3, y + s * 0.9)], fill)
    return f'<circle cx="{px(x)}" cy="{px(y)}" r="{px(s)}" {fill}/>'


def _path(points: list[tuple[float, float]], fill: str) -> str:
    return f'<path d="M{" L".join(f"{px(x)} {px(y)}" for x, y in points)} Z" {fill}/>'


def legend(kinds: Iterable[Kind]) -> str:
    """What each mark means, for the kinds drawn: a list of a small drawing and the kind's
    name (the drawing is decoration: the name says it)."""
    items = "".join(
        f'<li><svg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true">'
        f"{mark(kind, 9, 9, 6)}</svg>{html_text(kind.label)}</li>" for kind in kinds)
    return f'<ul class="dossier-graph__legend" aria-label="Legend">{items}</ul>'


def figure(svg: str, legend_html: str, label: str) -> Markdown:
    """The drawing in its scrolling frame (it keeps its size on a phone: labels stay
    readable and targets large), with its legend."""
    return Markdown(f'<div class="dossier-graph" role="region" aria-label="{html_text(label)}">'
                    f"{svg}</div>{legend_html}")
