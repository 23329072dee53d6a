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
from generator.format.model import Entity, Person
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

    def __init__(self, browser: object, base: str, **options: object):
        self.base = base
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page = browser.new_page(  # type: ignore
            **{"viewport": {"width": 1280, "height": 900}, **options})
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


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real dossier built with the second engine (`dossier build --engine zensical`)."""
    root = copy_project(tmp_path_factory.mktemp("browser-zensical") / "dossier")
    assert build.build(root, engine="zensical").ok
    with served(root / "site") as base:
        yield base


def reading(browser: object, site: str, **options: object) -> Iterator[Reader]:
    """A tab on `site` (`options` for the browser's page); afterwards, no console error and
    no request off loopback."""
    tab = Reader(browser, site, **options)
    yield tab
    assert tab.errors == [], tab.errors
    outside = [u for u in tab.requests if not u.startswith(site) and not u.startswith("data:")]
    assert outside == [], f"requests left loopback: {outside}"
    tab.page.close()


@pytest.fixture
def reader(browser: object, site: str) -> Iterator[Reader]:
    yield from reading(browser, site)


PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}


@pytest.fixture
def phone(browser: object, site: str) -> Iterator[Reader]:
    """A reader on a phone: 390 px wide, with a touch screen."""
    yield from reading(browser, site, **PHONE)


@pytest.fixture(params=["mkdocs", "zensical"])
def any_reader(browser: object, request: pytest.FixtureRequest) -> Iterator[Reader]:
    """A reader of the site built by each engine: the core of what readers do must work on
    both (search, footnotes, no request off the site)."""
    site = request.getfixturevalue("site" if request.param == "mkdocs" else "zensical_site")
    yield from reading(browser, site)


def search_terms() -> list[tuple[str, str, str]]:
    """Every name, alias and search term of the real dossier, with the page it names."""
    checked = check(REPO)
    terms = []
    for record in checked.dossier.records.values():
        if isinstance(record.fact, Entity):
            names = [record.fact.name.value, *(a.value for a in record.fact.aliases),
                     *record.fact.search_terms]
            terms += [(name, record.kind, record.id) for name in names]
    return sorted(set(terms))


def search(reader: Reader, query: str, **filters: str) -> list[tuple[str, str]]:
    """Search as a reader does, from the header's search box: the results, in order, as
    (address, kind shown), once they stop changing."""
    page = reader.page
    if not page.locator(".dossier-search[open]").count():
        page.locator(".dossier-search-open").click()
    if filters and page.locator("#dossier-search-filters[hidden]").count():
        page.locator(".dossier-search__toggle").click()  # filters are loaded when shown
    for name, value in filters.items():
        page.select_option(f"#dossier-search-filter-{name}", label=value)
    box = page.locator("#dossier-search-input")
    box.fill("")
    box.type(query)
    with contextlib.suppress(playwright.TimeoutError):
        page.wait_for_selector(".dossier-search__results[aria-busy='false']", timeout=5000)
    return [tuple(item) for item in page.eval_on_selector_all(
        ".dossier-search__results li", "items => items.map(li => [li.querySelector('a').href, "
        "li.querySelector('.dossier-search__kind').textContent])")]


def test_search_finds_every_name_alias_and_search_term_first(any_reader: Reader) -> None:
    reader = any_reader
    reader.open("")
    misses = []
    for term, kind, record_id in search_terms():
        found = search(reader, term)
        if not found or f"/{kind}/{record_id}/" not in found[0][0]:
            misses.append((term, record_id, [href for href, _ in found[:3]]))
    assert misses == [], "\n".join(f"{t!r} -> {i}: {h}" for t, i, h in misses)


@pytest.mark.parametrize("word, source", [("takbir", "tashiyev-defends-tajik-citizens"),
                                          ("meanwhile", "tass-csto-anti-terror-measures")])
def test_search_finds_a_word_of_a_source_text_on_its_page_first(
        any_reader: Reader, word: str, source: str) -> None:
    reader = any_reader
    reader.open("timeline/")
    found = search(reader, word)
    assert found and f"/sources/{source}/" in found[0][0] and found[0][1] == "Source", found


def test_search_filters_by_kind_and_legal_status(any_reader: Reader) -> None:
    reader = any_reader
    reader.open("")
    everything = search(reader, "Moscow")
    assert {kind for _, kind in everything} > {"Place"}, everything
    places = search(reader, "Moscow", kind="Place")
    assert places and {kind for _, kind in places} == {"Place"}, places
    assert any("/places/moscow/" in href for href, _ in places)
    assert len(places) < len(everything)
    people = check(REPO).dossier.of_kind("people")
    detained = {p.id for p in people if isinstance(p.fact, Person) and p.fact.legal_status
                and p.fact.legal_status[-1].status.value == "detained"}
    found = {href.split("/")[-2] for href, _ in search(reader, "Crocus", kind="Person",
                                                          status="detained")}
    assert found and found <= detained
    assert len(found) < len(search(reader, "Crocus", kind="Person", status="Any status"))


def test_search_is_used_from_the_keyboard_and_leads_to_the_page(reader: Reader) -> None:
    reader.open("events/crocus-city-hall-attack/")
    keys = reader.page.keyboard
    keys.press("/")
    assert reader.page.evaluate("document.activeElement.id") == "dossier-search-input"
    keys.type("Tashiev")
    reader.page.wait_for_selector(".dossier-search__results a")
    snippet = reader.page.locator(".dossier-search__snippet").first
    assert snippet.locator("mark").first.inner_text().lower().startswith("tashiev")
    keys.press("ArrowDown")
    assert "/people/kamchybek-tashiyev/" in reader.page.evaluate("document.activeElement.href")
    keys.press("ArrowUp")
    keys.press("Escape")
    assert not reader.page.locator(".dossier-search[open]").count()
    assert reader.page.evaluate(
        "document.activeElement.classList.contains('dossier-search-open')")
    keys.press("Enter")  # the focused button opens search again, with the last query
    keys.press("Enter")  # and Enter follows the first result
    reader.page.wait_for_url("**/people/kamchybek-tashiyev/")
    assert reader.page.locator("h1").inner_text().startswith("Kamchybek Tashiyev")


def test_a_footnote_shows_its_quote_and_lands_on_the_highlighted_passage(
        any_reader: Reader) -> None:
    reader = any_reader
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
              "Four suspects charged", "National day of mourning",
              "Meeting of the CSTO Parliamentary Assembly", "IS\u2013K claim of responsibility",
              "Putin's statement on the attack"]
    subjects = [text.rsplit(": ", 1)[-1] for text in items]  # after the date, if any
    positions = [next(i for i, text in enumerate(subjects) if name in text) for name in wanted]
    assert positions == sorted(positions)
    assert items[positions[0]].startswith("2004")
    assert items[positions[1]].startswith("22 March 2024")
    assert items[positions[3]].startswith("24 March 2024")
    assert items[positions[5]].startswith("3 June 2024")
    undated = reader.page.locator("h2#date-not-stated")  # then what the sources do not date
    assert undated.is_visible()
    assert items[positions[6]].startswith("after the Crocus City Hall attack")
    assert reader.page.locator("h2#date-not-stated ~ ul li", has_text=wanted[7]).count() == 1


def test_the_graphs_are_drawn(reader: Reader) -> None:
    reader.open("network/")
    nodes = reader.page.locator(".dossier-graph svg .dossier-graph__node")
    entities = sum(isinstance(r.fact, Entity) for r in check(REPO).dossier.records.values())
    assert nodes.count() == entities
    box = reader.page.locator(".dossier-graph svg").bounding_box()
    assert box and box["width"] > 300 and box["height"] > 200
    reader.open("people/isroil-islomov/")
    assert reader.page.locator(".dossier-graph svg .dossier-graph__node").count() >= 2
    reader.page.locator(".dossier-graph svg a[href='../dilovar-islomov/']").click()
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


def axe_violations(reader: Reader) -> list[str]:
    """What axe-core (the copy the axe-playwright-python package ships, loaded from disk)
    finds wrong on the page as it is now, one line per rule and element."""
    import importlib.util

    spec = importlib.util.find_spec("axe_playwright_python")
    assert spec is not None and spec.origin is not None
    reader.page.add_script_tag(path=str(Path(spec.origin).with_name("axe.min.js")))
    found = reader.page.evaluate("async () => (await axe.run(document)).violations.map("
                                 "v => v.nodes.map(n => `${v.id}: ${n.target.join(' ')}`))")
    return [line for lines in found for line in lines]


@pytest.mark.parametrize("width", [390, 1400])
def test_search_is_accessible_and_fits_the_theme(reader: Reader, width: int) -> None:
    """No axe-core violation with search closed or open with results, on a phone and on a
    desktop; screenshots of both in tests/artifacts/."""
    reader.page.set_viewport_size({"width": width, "height": 900})
    reader.open("people/kamchybek-tashiyev/")
    violations = axe_violations(reader)
    assert violations == [], "\n".join(violations)
    found = search(reader, "Moscow", kind="Place")
    assert found
    ARTIFACTS.mkdir(exist_ok=True)
    reader.page.screenshot(path=str(ARTIFACTS / f"search-{width}.png"))
    violations = axe_violations(reader)
    assert violations == [], "\n".join(violations)


def open_note(reader: Reader, number: int) -> tuple[str, dict[str, float]]:
    """Tap footnote `number` of the page (its first reference), once it is on the screen:
    the text of its note as the page lists it (without the way back), and the number's box."""
    reference = reader.page.locator(f"a.footnote-ref[href='#fn:c{number}']").first
    reference.scroll_into_view_if_needed()
    box = reference.bounding_box()
    assert box
    note = reader.page.locator(f"li[id='fn:c{number}']").evaluate(
        "li => { const c = li.cloneNode(true); c.querySelector('.footnote-backref')?.remove();"
        " return c.textContent.trim(); }")
    reference.tap()
    return note, box


def test_a_tap_on_a_footnote_opens_its_note_in_place_on_a_phone(phone: Reader) -> None:
    """The note opens where the reader is: the page does not scroll or jump to the notes;
    the note is the page's own (quote and source link); the panel is on the screen, has the
    focus, passes axe-core; Escape closes it and gives the focus back to the number."""
    page = phone.page
    phone.open("events/crocus-city-hall-attack/")
    count = page.locator("li[id^='fn:c']").count()
    note, box = open_note(phone, count // 2)  # one in the middle of the page
    scrolled = page.evaluate("scrollY")
    panel = page.locator(".dossier-note")
    panel.wait_for(state="visible", timeout=5000)
    page.wait_for_timeout(300)  # a jump, if any, would have happened by now
    assert page.evaluate("scrollY") == scrolled and "#" not in page.url
    assert " ".join(panel.locator(".dossier-note__body").inner_text().split()) == " ".join(
        note.split())
    assert panel.locator("a[href*='/sources/'][href*='#q-']").count() == 1
    shown = panel.bounding_box()
    assert shown and shown["y"] >= 0 and shown["y"] + shown["height"] <= 844 + 0.5
    reference = page.locator(f"a.footnote-ref[href='#fn:c{count // 2}']").first
    assert reference.bounding_box() == box  # the number is where it was, in view
    assert page.evaluate("document.activeElement.classList.contains('dossier-note')")
    assert page.locator(".md-tooltip2:visible").count() == 0  # not the note a second time
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "footnote-390.png"))
    violations = axe_violations(phone)
    assert violations == [], "\n".join(violations)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.dossier-note') !== null")
    page.keyboard.press("Escape")
    assert panel.count() == 0
    assert page.evaluate("document.activeElement.getAttribute('href')") == f"#fn:c{count // 2}"
    page.keyboard.press("Enter")  # from the keyboard too
    panel.wait_for(state="visible", timeout=5000)
    page.locator("h1").tap()  # a tap elsewhere closes it
    assert panel.count() == 0


def test_without_javascript_a_footnote_still_jumps_to_its_note(browser: object,
                                                                site: str) -> None:
    reader = next(reading(browser, site, java_script_enabled=False, **PHONE))
    reader.open("events/crocus-city-hall-attack/")
    open_note(reader, 1)
    reader.page.wait_for_url("**#fn:c1")
    assert reader.page.locator("li[id='fn:c1']").evaluate(
        "li => { const r = li.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }")
    assert reader.page.locator(".dossier-note").count() == 0
