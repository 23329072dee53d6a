"""The relationship graphs as a reader uses them, in Debian's Chromium on the built real
dossier: a click at the middle of any node opens that node's page (none is caught by a
neighbour or a label), on the Network page and on entity pages."""

from __future__ import annotations

import pytest

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
