"""The relationship graphs as a reader uses them, in Debian's Chromium on the built real
dossier: a click at the middle of any node opens that node's page (none is caught by a
neighbour or a label), on the Network page and on entity pages."""

from __future__ import annotations

import pytest

from generator.build import check
from generator.format.model import Entity
from tests.conftest import REPO
from tests.test_browser import (  # noqa: F401  (fixtures)
    ARTIFACTS,
    PHONE,
    Reader,
    axe_violations,
    browser,
    reader,
    reading,
    site,
)

TARGETS = ".dossier-graph svg a.dossier-graph__node"


def node_middles(reader: Reader) -> list[tuple[str, str]]:
    """Each node's link (as the browser resolves it) and its title, in drawing order."""
    return [tuple(item) for item in reader.page.eval_on_selector_all(
        TARGETS, "links => links.map(a => [new URL(a.getAttribute('href'), location.href).href, "
        "a.querySelector('title').textContent])")]


def click_middle(reader: Reader, index: int) -> None:
    """Click at the middle of node `index`'s target, as a reader's pointer would."""
    target = reader.page.locator(f"{TARGETS} .dossier-graph__target").nth(index)
    target.scroll_into_view_if_needed()
    box = target.bounding_box()
    assert box is not None
    with reader.page.expect_navigation(wait_until="commit"):
        reader.page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


@pytest.mark.parametrize("path", ["network/", "people/dalerzhon-mirzoev/",
                                  "events/crocus-city-hall-attack/"])
def test_a_click_at_the_middle_of_each_node_opens_its_page(reader: Reader, path: str) -> None:
    reader.open(path)
    nodes = node_middles(reader)
    assert len(nodes) >= 2
    opened = []
    for index, (href, title) in enumerate(nodes):
        if index:
            reader.page.goto(reader.base + path, wait_until="domcontentloaded")
        click_middle(reader, index)
        if reader.page.url != href:
            opened.append(f"{title}: {reader.page.url}, not {href}")
    assert opened == []


def entity_pages() -> list[str]:
    checked = check(REPO)
    return sorted(f"{r.kind}/{r.id}/" for r in checked.dossier.records.values()
                  if isinstance(r.fact, Entity))


LABEL_BOXES = """() => [...document.querySelectorAll('.dossier-graph svg text')].map(t => {
    const r = t.getBoundingClientRect(); return [t.textContent, r.left, r.top, r.right, r.bottom];
})"""


def test_no_two_labels_overlap_on_any_entity_page_or_the_network(reader: Reader) -> None:
    """As the browser draws them (its fonts, not the generator's estimate of their widths)."""
    touching = []
    for path in [*entity_pages(), "network/"]:
        reader.page.goto(reader.base + path, wait_until="domcontentloaded")
        boxes = reader.page.evaluate(LABEL_BOXES)
        touching += [f"{path}: {a[0]!r} and {b[0]!r}" for i, a in enumerate(boxes)
                     for b in boxes[i + 1:]
                     if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]]
    assert touching == []


@pytest.mark.parametrize("width", [390, 1400])
@pytest.mark.parametrize("name, path", [("person", "people/isroil-islomov/"),
                                        ("event", "events/crocus-city-hall-attack/"),
                                        ("network", "network/")])
def test_graphs_are_accessible_at_phone_and_desktop_width(
        reader: Reader, width: int, name: str, path: str) -> None:
    """0 axe-core violations; every node's target at least 24 x 24 CSS px; a screenshot of
    the drawing in tests/artifacts/."""
    reader.page.set_viewport_size({"width": width, "height": 900})
    reader.open(path)
    violations = axe_violations(reader)
    assert violations == [], "\n".join(violations)
    sizes = reader.page.eval_on_selector_all(
        f"{TARGETS} .dossier-graph__target",
        "ts => ts.map(t => { const r = t.getBoundingClientRect(); return [r.width, r.height]; })")
    assert sizes and all(w >= 24 and h >= 24 for w, h in sizes), sizes
    ARTIFACTS.mkdir(exist_ok=True)
    graph = reader.page.locator(".dossier-graph").first
    graph.scroll_into_view_if_needed()
    reader.page.screenshot(path=str(ARTIFACTS / f"graph-{name}-{width}.png"))


def test_keyboard_focus_moves_through_the_nodes_in_order(reader: Reader) -> None:
    """Tab from the drawing's start reaches each node in turn, in the drawing's order (rows
    from the top on an entity page), each named for screen readers by its title."""
    reader.open("people/isroil-islomov/")
    titles = [t for _, t in node_middles(reader)]
    assert len(titles) >= 4
    reader.page.locator(".dossier-graph").first.evaluate(
        "g => { const b = document.createElement('button'); b.id = 'before-graph'; "
        "g.before(b); b.focus(); }")
    reached = []
    for _ in titles:
        reader.page.keyboard.press("Tab")
        reached.append(reader.page.evaluate(
            "() => document.activeElement.querySelector('title')?.textContent"))
    assert reached == titles
    names = reader.page.eval_on_selector_all(
        TARGETS, "links => links.map(a => a.querySelector('title').textContent.split(' (')[0])")
    assert "Aminchon Islomov" in names and "Alisher Kasimov" in names
