"""What a reader does, in Debian's Chromium driven by Playwright, on the built site served on
loopback: search by alias, follow a footnote to its highlighted passage, read the timeline,
see the graphs. No console error, and no request leaves loopback. Screenshots of the main
kinds of page are saved to tests/artifacts/."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator import build
from generator.build import check
from generator.format.model import Entity
from tests.conftest import REPO, copy_project
from tests.linkcheck import served

playwright = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = REPO / "tests" / "artifacts"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

if not Path(CHROMIUM).exists():
    if os.environ.get("DOSSIER_REQUIRE_BROWSER"):
        raise RuntimeError("Debian chromium is required here: apt-get install chromium")
    pytestmark = pytest.mark.skip(reason="Debian chromium is not installed (make browser)")


class Reader:
    """A browser tab that records console errors and every request it makes."""

    def __init__(self, browser: object, base: str):
        self.base = base
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore
        self.page.on("console",
                     lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))

    def open(self, path: str) -> None:
        self.page.goto(self.base + path, wait_until="networkidle")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = copy_project(tmp_path_factory.mktemp("browser") / "dossier")
    assert build.build(root).ok
    with served(root / "site") as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright.sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def reader(browser: object, site: str) -> Iterator[Reader]:
    tab = Reader(browser, site)
    yield tab
    assert tab.errors == [], tab.errors
    outside = [u for u in tab.requests if not u.startswith(site) and not u.startswith("data:")]
    assert outside == [], f"requests left loopback: {outside}"
    tab.page.close()


def search_terms() -> list[tuple[str, str, str]]:
    checked = check(REPO)
    terms = []
    for record in checked.dossier.records.values():
        if isinstance(record.fact, Entity):
            names = [a.value for a in record.fact.aliases] + list(record.fact.search_terms)
            terms += [(name, record.kind, record.id) for name in names]
    return sorted(terms)


def test_search_finds_every_alias_and_spelling(reader: Reader) -> None:
    reader.open("")
    misses = []
    for term, kind, record_id in search_terms():
        box = reader.page.locator(".md-search__input")
        box.click()
        box.fill("")
        box.type(term)
        with contextlib.suppress(playwright.TimeoutError):
            reader.page.wait_for_selector(".md-search-result__item", timeout=5000)
        reader.page.wait_for_timeout(200)
        pages = reader.page.query_selector_all(".md-search-result__item")[:10]
        hrefs = [item.eval_on_selector("a", "a => a.href") for item in pages]
        if not any(f"/{kind}/{record_id}/" in href for href in hrefs):
            misses.append((term, record_id, hrefs[:3]))
    assert misses == [], "\n".join(f"{t!r} -> {i}: {h}" for t, i, h in misses)


def test_search_result_leads_to_the_page(reader: Reader) -> None:
    reader.open("")
    reader.page.locator(".md-search__input").click()
    reader.page.keyboard.type("Tashiev")
    reader.page.locator(".md-search-result__link").first.click()
    reader.page.wait_for_load_state("networkidle")
    assert "/people/kamchybek-tashiyev/" in reader.page.url
    assert reader.page.locator("h1").inner_text().startswith("Kamchybek Tashiyev")


def test_a_footnote_shows_its_quote_and_lands_on_the_highlighted_passage(
        reader: Reader) -> None:
    reader.open("events/crocus-city-hall-attack/")
    reference = reader.page.locator("sup[id^='fnref'] a").first
    reference.hover()
    tooltip = reader.page.locator(".md-tooltip2").first
    tooltip.wait_for(state="visible", timeout=5000)
    assert "\u201c" in tooltip.inner_text()
    reference.click()
    note = reader.page.locator(".footnote li:target")
    quote = re.search("\u201c(.+)\u201d", note.inner_text(), re.S)
    assert quote
    note.locator("a[href*='/sources/']").first.click()
    reader.page.wait_for_load_state("networkidle")
    anchor = reader.page.url.split("#", 1)[1]
    assert anchor.startswith("q-")
    mark = reader.page.locator(f"span[id='{anchor}'] ~ mark").first
    assert mark.is_visible() and mark.evaluate(
        "m => { const r = m.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }")
    words = quote.group(1).split()
    assert words[0].strip("\"'\u201c") in reader.page.locator(
        f"span[id='{anchor}']").evaluate("s => s.parentElement.textContent")


def test_the_timeline_reads_in_date_order(reader: Reader) -> None:
    reader.open("timeline/")
    items = reader.page.locator("article li").all_inner_texts()
    wanted = ["Beslan school siege", "Crocus City Hall attack", "Detention of the four",
              "IS\u2013K claim of responsibility", "Four suspects charged",
              "National day of mourning", "Meeting of the CSTO Parliamentary Assembly"]
    positions = [next(i for i, text in enumerate(items) if name in text) for name in wanted]
    assert positions == sorted(positions)
    assert items[positions[0]].startswith("2004")
    assert items[positions[1]].startswith("22 March 2024")
    assert items[positions[4]].startswith("24 March 2024")
    assert items[positions[6]].startswith("3 June 2024")


def test_the_graphs_are_drawn(reader: Reader) -> None:
    reader.open("network/")
    nodes = reader.page.locator(".dossier-graph svg circle")
    entities = sum(isinstance(r.fact, Entity) for r in check(REPO).dossier.records.values())
    assert nodes.count() == entities
    box = reader.page.locator(".dossier-graph svg").bounding_box()
    assert box and box["width"] > 300 and box["height"] > 200
    reader.open("people/isroil-islomov/")
    assert reader.page.locator(".dossier-graph svg circle").count() >= 3
    reader.page.locator(".dossier-graph svg a[href='../dilovar-islomov/'] circle").click()
    reader.page.wait_for_load_state("networkidle")
    assert "/people/dilovar-islomov/" in reader.page.url


@pytest.mark.parametrize("name, path", [
    ("home", ""), ("event", "events/crocus-city-hall-attack/"),
    ("person", "people/kamchybek-tashiyev/"), ("timeline", "timeline/"),
    ("source", "sources/tass-csto-anti-terror-measures/")])
def test_screenshots_of_the_main_pages(reader: Reader, name: str, path: str) -> None:
    reader.open(path)
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / f"{name}.png"
    reader.page.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 10_000
