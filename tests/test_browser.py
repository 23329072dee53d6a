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
from generator.format.kinds import all_kinds
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
    passage = reader.page.locator(f".dossier-q[id='{anchor}']")
    assert passage.is_visible() and passage.evaluate(
        "m => { const r = m.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }")
    words = quote.group(1).split()
    assert words[0].strip("\"'\u201c") in passage.text_content()


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
    ("person", "people/kamchybek-tashiyev/"), ("suspect", "people/dalerzhon-mirzoev/"),
    ("people", "people/"), ("timeline", "timeline/"),
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


PAGE_KINDS = {"home": "", "event": "events/crocus-city-hall-attack/",
              "person": "people/kamchybek-tashiyev/", "people": "people/",
              "source": "sources/tass-csto-anti-terror-measures/", "timeline": "timeline/",
              "data": "data/", "network": "network/", "conflicts": "conflicts/",
              "coverage": "coverage/", "guide": "guide/", "reference": "reference/"}


@pytest.mark.parametrize("width", [390, 1400])
@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_both_palettes_are_readable_at_both_sizes(reader: Reader, scheme: str,
                                                  width: int) -> None:
    """The palette follows the system's setting (emulated here): 0 axe-core violations on
    every kind of page, in the dark palette as in the light one, on a phone and a desktop;
    screenshots of the dark one in tests/artifacts/."""
    page = reader.page
    page.emulate_media(color_scheme=scheme)
    page.set_viewport_size({"width": width, "height": 844 if width < 600 else 900})
    found = {}
    for name, path in PAGE_KINDS.items():
        reader.open(path)
        wanted = "slate" if scheme == "dark" else "default"
        assert page.evaluate("document.body.dataset.mdColorScheme") == wanted, name
        found[name] = axe_violations(reader)
        if scheme == "dark" and name in ("home", "event", "person", "source", "data"):
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"dark-{name}-{width}.png"), full_page=True)
    failing = [f"{name}: {line}" for name, lines in found.items() for line in lines]
    assert failing == [], "\n".join(failing)


def test_the_footer_leads_to_the_open_data_and_each_file_loads(reader: Reader) -> None:
    """Every page's footer links to the open-data page, which lists each export with its size;
    each file it links to is served whole."""
    from generator.export.files import data_files
    from generator.render.overview import file_size

    page = reader.page
    for path in ("", "people/kamchybek-tashiyev/", "timeline/"):
        reader.open(path)
        assert page.locator(".md-footer a.dossier-footer-data").count() == 1, path
    page.locator(".md-footer a.dossier-footer-data").click()
    page.wait_for_url("**/data/")
    rows = page.locator("article table tbody tr")
    files = data_files()
    assert rows.count() == len(files)
    for index, file in enumerate(files):
        cells = rows.nth(index).locator("td").all_inner_texts()
        link = rows.nth(index).locator("a")
        assert cells[0] == link.inner_text() == file.name and cells[1] == file.format
        href = link.evaluate("a => a.href")
        size = page.evaluate("async url => (await (await fetch(url)).arrayBuffer()).byteLength",
                             href)
        assert cells[3] == file_size(size), (file.name, cells[3], size)


def test_the_palette_toggle_switches_and_is_remembered(reader: Reader) -> None:
    page = reader.page
    page.emulate_media(color_scheme="light")
    reader.open("people/")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
    page.locator("label[title='Switch to the dark palette']").click()
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    reader.open("events/")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    page.locator("label[title='Switch to the light palette']").click()
    assert page.evaluate("document.body.dataset.mdColorScheme") == "default"


def test_a_page_prints_black_on_white_with_its_footnotes_and_link_addresses(
        reader: Reader) -> None:
    """Printed from the dark palette: dark text on white, no header or search, the
    footnotes (quote and source) printed, and a link to another site followed by its
    address (a link is added to the page here: the real dossier's sources state none)."""
    page = reader.page
    page.emulate_media(color_scheme="dark")
    reader.open("events/crocus-city-hall-attack/")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    page.evaluate("""() => { const a = document.createElement('a');
        a.href = 'https://example.org/report'; a.textContent = 'a report'; a.id = 'outside';
        document.querySelector('article p').append(' ', a); }""")
    page.emulate_media(media="print", color_scheme="dark")
    style = page.evaluate("""() => {
        const of = (s, p) => getComputedStyle(document.querySelector(s), p || null);
        return {text: of('article p').color, page: of('body').backgroundColor,
                header: of('.md-header').display, notes: of('.footnote').display,
                after: of('#outside', '::after').content,
                inside: of('article p a:not(#outside)', '::after').content}; }""")
    assert style["text"] in ("rgba(0, 0, 0, 0.87)", "rgb(0, 0, 0)"), style
    assert style["page"] in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"), style
    assert style["header"] == "none" and style["notes"] != "none"
    assert style["after"] == '" (https://example.org/report)"' and style["inside"] == "none"


def people_in_a_case() -> dict[str, str]:
    """Every person of the real dossier whose file records a legal step, with the latest."""
    people = {}
    for record in check(REPO).dossier.of_kind("people"):
        assert isinstance(record.fact, Person)
        if record.fact.legal_status:
            people[record.id] = record.fact.legal_status[-1].status.value
    return people


@pytest.mark.parametrize("width", [390, 1400])
def test_the_attack_names_every_suspect_with_a_badge_above_the_figures(
        reader: Reader, width: int) -> None:
    """The event's box, in the first screen on a phone and a desktop: each person in a
    criminal case linked, with the badge of their latest step, above the first figure."""
    reader.page.set_viewport_size({"width": width, "height": 844 if width < 400 else 900})
    reader.open("events/crocus-city-hall-attack/")
    box = reader.page.locator(".dossier-infobox").bounding_box()
    assert box and box["y"] < 400 and box["width"] > width / 2 - 40
    figures = reader.page.locator("#figures").bounding_box()
    people = people_in_a_case()
    assert len(people) == 10
    for person, status in people.items():
        link = reader.page.locator(f".dossier-infobox a[href='../../people/{person}/']")
        assert link.count() == 1, person
        badge = link.locator("xpath=following-sibling::*[1]")
        assert badge.get_attribute("class") == f"dossier-badge dossier-badge--{status}"
        assert badge.text_content() == f"legal status: {status}"
        place, mark = link.bounding_box(), badge.bounding_box()
        assert place and mark and figures and place["y"] < figures["y"] and mark["y"] < figures["y"]
        assert mark["height"] > 8 and mark["width"] > 20  # shown, not only announced
    violations = axe_violations(reader)
    assert violations == [], "\n".join(violations)
    ARTIFACTS.mkdir(exist_ok=True)
    reader.page.screenshot(path=str(ARTIFACTS / f"event-infobox-{width}.png"))


@pytest.mark.parametrize("width", [390, 1400])
def test_people_are_grouped_by_legal_status_with_badges(reader: Reader, width: int) -> None:
    reader.page.set_viewport_size({"width": width, "height": 844 if width < 400 else 900})
    reader.open("people/")
    people = people_in_a_case()
    for status in set(people.values()):
        group = reader.page.locator(f"#status-{status} + * .dossier-badge--{status}, "
                                    f"#status-{status} + table .dossier-badge--{status}")
        assert group.count() == sum(s == status for s in people.values()), status
    assert reader.page.locator("#status-none").count() == 1
    violations = axe_violations(reader)
    assert violations == [], "\n".join(violations)
    ARTIFACTS.mkdir(exist_ok=True)
    reader.page.screenshot(path=str(ARTIFACTS / f"people-index-{width}.png"), full_page=True)


# --- the cited passage, exactly (a footnote's link lands on its passage alone) --------------

SIZES: dict[int, dict[str, object]] = {1400: {"viewport": {"width": 1400, "height": 900}},
                                      390: PHONE}


@pytest.fixture(params=sorted(SIZES))
def sized(browser: object, site: str, request: pytest.FixtureRequest) -> Iterator[Reader]:
    """A reader on a desktop (1400 × 900) and on a phone (390 × 844, touch)."""
    yield from reading(browser, site, **SIZES[request.param])


def folded(text: str) -> str:
    """Letters and digits only: a quote and its passage differ at most in spaces,
    typographic quotes, apostrophes and dashes."""
    return "".join(c for c in text.lower() if c.isalnum())


PASSAGE = """anchor => {
  const pieces = [document.getElementById(anchor),
                  ...document.querySelectorAll(`.dossier-q[data-q="${anchor}"]`)];
  const boxes = pieces.map(p => p.getBoundingClientRect());
  const strong = e => getComputedStyle(e).outlineStyle !== "none"
    || getComputedStyle(e).backgroundColor !== "rgba(0, 0, 0, 0)";
  const marked = [...document.querySelectorAll("article p[id^='p-'] *")].filter(strong);
  return {
    text: pieces.map(p => p.textContent).join(" "),
    top: Math.min(...boxes.map(b => b.top)), bottom: Math.max(...boxes.map(b => b.bottom)),
    height: innerHeight,
    marked: marked.filter(e => !pieces.includes(e)).map(e => e.outerHTML.slice(0, 80)),
    unmarked: pieces.filter(p => !strong(p)).length,
    targets: document.querySelectorAll(":target").length,
  };
}"""


def landed(reader: Reader, quote: str) -> None:
    """The page is a source page scrolled to the passage its address names: that passage
    alone is marked (by its computed style), all of it, near the middle of the screen, and
    its text is `quote`."""
    anchor = reader.page.url.split("#", 1)[1]
    reader.page.mouse.move(0, 0)  # not hovering over a passage (which tints it)
    shown = reader.page.evaluate(PASSAGE, anchor)
    assert folded(shown["text"]) == folded(quote), (anchor, shown["text"], quote)
    assert shown["marked"] == [] and shown["unmarked"] == 0 and shown["targets"] == 1, shown
    height, middle = shown["height"], (shown["top"] + shown["bottom"]) / 2
    assert shown["top"] >= 0 and shown["bottom"] <= height, shown
    if shown["bottom"] - shown["top"] < 0.7 * height:
        assert abs(middle - height / 2) < 0.15 * height, shown


def notes(reader: Reader) -> list[tuple[str, str]]:
    """The page's notes: (quote, link to its passage)."""
    return [(re.search("\u201c(.+)\u201d", text, re.S)[1], href)  # type: ignore[index]
            for text, href in reader.page.eval_on_selector_all(
                ".footnote li[id^='fn:c']", "items => items.map(li => [li.textContent, "
                "li.querySelector('a[href*=\"/sources/\"]').href])")]


def test_following_a_footnote_marks_its_passage_alone_in_the_middle(sized: Reader) -> None:
    """A person page's footnote, followed (tapped on a phone, through the note it opens),
    lands on the source page with its quoted passage, and only it, strongly marked and in
    the middle of the screen; so does every other note of the page, and a passage broken in
    pieces (by an overlapping one or a new paragraph) is marked whole."""
    reader = sized
    reader.open("people/kamchybek-tashiyev/")
    cited = notes(reader)
    assert len(cited) >= 3
    if reader.page.viewport_size["width"] < 600:
        open_note(reader, 1)
        reader.page.locator(".dossier-note a[href*='/sources/']").tap()
    else:
        reader.page.locator("a.footnote-ref[href='#fn:c1']").first.click()
        reader.page.locator("li[id='fn:c1'] a[href*='/sources/']").click()
    reader.page.wait_for_url("**/sources/**#q-*")
    reader.page.wait_for_load_state("networkidle")
    landed(reader, cited[0][0])
    for quote, href in cited[1:]:
        reader.page.goto(href, wait_until="networkidle")
        landed(reader, quote)
    broken = reader.page.locator(".dossier-q[data-q]").first.get_attribute("data-q")
    assert broken
    whole = reader.page.locator(f"a[href='#{broken}']").first.text_content()
    reader.page.locator(f"a[href='#{broken}']").first.click()  # from "What rests on…"
    assert whole and reader.page.url.endswith(f"#{broken}")
    landed(reader, whole)
    ARTIFACTS.mkdir(exist_ok=True)
    width = reader.page.viewport_size["width"]
    reader.page.screenshot(path=str(ARTIFACTS / f"passage-{width}.png"))


def test_the_other_quoted_passages_are_quiet_until_the_reader_asks(reader: Reader) -> None:
    reader.open("sources/tass-csto-anti-terror-measures/")
    background = ("() => [...document.querySelectorAll('.dossier-q a')].map("
                  "a => getComputedStyle(a).backgroundColor)")
    quiet = reader.page.evaluate(background)
    assert quiet and set(quiet) == {"rgba(0, 0, 0, 0)"}
    assert set(reader.page.evaluate("() => [...document.querySelectorAll('.dossier-q a')].map("
                                    "a => getComputedStyle(a).textDecorationStyle)")) == {"dotted"}
    nested = reader.page.locator(".dossier-q:has(> .dossier-q) > a").first
    nested.hover()  # the passage under the pointer, all of it, and nothing else
    tinted = reader.page.evaluate(
        "() => [...document.querySelectorAll('.dossier-q a')].filter(a => "
        "getComputedStyle(a).backgroundColor !== 'rgba(0, 0, 0, 0)').map(a => a.textContent)")
    assert tinted == nested.evaluate("a => [...a.parentElement.querySelectorAll('a')]"
                                     ".map(a => a.textContent)") and len(tinted) > 1
    reader.page.mouse.move(0, 0)
    reader.page.get_by_label("Highlight every quoted passage").check()
    assert "rgba(0, 0, 0, 0)" not in reader.page.evaluate(background)


def test_without_javascript_a_footnote_still_lands_on_its_passage(browser: object,
                                                                 site: str) -> None:
    """The anchor alone scrolls the passage near the middle of the screen and CSS marks it
    (`:target`); here on a phone, for every note of a person page."""
    for reader in reading(browser, site, java_script_enabled=False, **PHONE):
        reader.open("people/kamchybek-tashiyev/")
        for quote, href in notes(reader):
            reader.page.goto(href, wait_until="networkidle")
            anchor = href.split("#", 1)[1]
            shown = reader.page.evaluate(PASSAGE, anchor)
            first = reader.page.locator(f"[id='{anchor}']").evaluate(
                "p => { const b = p.getBoundingClientRect(); return [b.top, b.bottom]; }")
            assert 0 <= first[0] < 0.6 * shown["height"], (anchor, first)
            assert folded(quote).startswith(folded(reader.page.locator(
                f"[id='{anchor}']").text_content() or "-"))
            assert shown["targets"] == 1 and shown["marked"] == [], shown
            assert reader.page.locator(f"[id='{anchor}']").evaluate(
                "p => getComputedStyle(p).backgroundColor") != "rgba(0, 0, 0, 0)"


# --- every kind of page, at both sizes ------------------------------------------------------


def page_kinds() -> list[tuple[str, str]]:
    """(name, address) of one page of each kind: every page of the navigation (home, each
    kind's index, the pages over the whole dossier, the hand-written ones), and the richest
    record of each kind (the most statements and pages pointing at it)."""
    import yaml

    nav = yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8"))["nav"]
    kinds = []
    for entry in nav:
        (path,) = entry.values()
        name = path.removesuffix("index.md").removesuffix(".md").strip("/") or "home"
        kinds.append((name, path.removesuffix("index.md").removesuffix(".md")
                      + ("/" if not path.endswith("index.md") else "")))
    checked = check(REPO)
    dossier, evidence = checked.dossier, checked.evidence
    for kind in all_kinds():
        richest = max(dossier.of_kind(kind.folder), key=lambda r: (
            len(evidence.by_record.get(r.id, ())) + len(dossier.backlinks.get(r.id, ())), r.id))
        kinds.append((kind.word, f"{kind.folder}/{richest.id}/"))
    return kinds


@pytest.mark.parametrize("width", sorted(SIZES))
def test_every_kind_of_page_is_accessible_and_fits_the_screen(browser: object, site: str,
                                                              width: int) -> None:
    """Every kind of page at 1400 × 900 and 390 × 844: no axe-core violation, nothing wider
    than a phone's screen, no console error and no request off loopback (checked by the
    reader); a screenshot of each in tests/artifacts/ (NAME-WIDTH.png)."""
    ARTIFACTS.mkdir(exist_ok=True)
    problems = []
    for reader in reading(browser, site, **SIZES[width]):
        for name, path in page_kinds():
            reader.open(path)
            problems += [f"{path}: {line}" for line in axe_violations(reader)]
            wide = reader.page.evaluate("document.scrollingElement.scrollWidth")
            if wide > width:
                problems.append(f"{path}: {wide} px wide")
            reader.page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("width", [390, 1400])
def test_the_home_page_tells_the_story_in_its_first_screen(reader: Reader, width: int) -> None:
    """The home page shows the attack's date, place and toll at a glance, in its first
    screen on a phone as on a desktop, and links to each person in a criminal case, each
    with the badge of the latest step."""
    page = reader.page
    page.set_viewport_size({"width": width, "height": 844 if width < 600 else 900})
    reader.open("")
    box = page.locator("article .dossier-infobox").first
    text = " ".join(box.inner_text().split())
    assert "22 March 2024" in text and "Crocus City Hall" in text
    assert re.search(r"Killed 144", text), text
    top = box.bounding_box()
    assert top and top["y"] < (844 if width < 600 else 900)  # it starts in the first screen
    people = page.locator("article table:has(th:text-is('Latest step')) tbody tr")
    assert people.count() >= 10
    for row in range(people.count()):
        line = people.nth(row)
        assert line.locator("a[href^='people/']").count() == 1
        assert line.locator(".dossier-badge").count() == 1
    violations = axe_violations(reader)
    assert violations == [], "\n".join(violations)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"home-{width}.png"))
