"""The second site engine: Zensical (pinned) builds the real dossier's generated pages with
the project's mkdocs.yml, through `dossier build --engine zensical` (or `[site] engine` in
dossier.toml): the same pages as MkDocs, every link between them and every anchor they
point at found, the site's own CSS and search script in every page, the audit passed and the
search index built. The browser tests run the core of what readers do on both engines."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from selectolax.lexbor import LexborHTMLParser

from generator import build
from generator.format.settings import load_settings
from generator.output.site import _from_source, source_relative_links
from tests.conftest import copy_project
from tests.linkcheck import crawl
from tests.test_site import built  # noqa: F401 - the real dossier built with MkDocs, once

KEY_PAGES = ("index.html", "people/kamchybek-tashiyev/index.html", "timeline/index.html",
             "sources/tass-csto-anti-terror-measures/index.html", "guide/index.html",
             "reference/index.html", "network/index.html", "about/index.html")


@pytest.fixture(scope="module")
def zensical(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("zensical") / "dossier")
    outcome = build.build(root, engine="zensical")
    assert outcome.ok, [f.format() for f in outcome.findings]
    return root


def pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def broken_links(site: Path, selector: str = "a[href]") -> list[str]:
    """Every link (of those `selector` picks) and anchor between the site's pages that leads
    nowhere."""
    ids: dict[Path, set[str]] = {}

    def ids_of(page: Path) -> set[str]:
        if page not in ids:
            tree = LexborHTMLParser(page.read_bytes())
            ids[page] = {n.attributes.get("id") or "" for n in tree.css("[id]")}
        return ids[page]

    broken = []
    for page in sorted(site.rglob("*.html")):
        for link in LexborHTMLParser(page.read_bytes()).css(selector):
            address = urlsplit(link.attributes.get("href") or "")
            if address.scheme or address.netloc:
                continue
            path = unquote(address.path)
            base = site if path.startswith("/") else page.parent  # the 404 page's are absolute
            target = (base / path.lstrip("/")).resolve() if path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(site)}: {address.path}")
            elif address.fragment and target.suffix == ".html" and \
                    unquote(address.fragment) not in ids_of(target):
                broken.append(f"{page.relative_to(site)}: #{address.fragment}")
    return broken


def test_zensical_builds_the_pages_mkdocs_builds(zensical: Path, built: Path) -> None:
    site = zensical / "site"
    assert pages(site) == pages(built / "site")
    for page in KEY_PAGES:
        html = (site / page).read_text("utf-8")
        assert all(f"assets/{name}" in html for name in (
            "dossier.css", "search.js", "footnotes.css", "footnotes.js")), page
    assert "Kamchybek Tashiyev" in (site / KEY_PAGES[1]).read_text("utf-8")
    assert (site / "pagefind" / "pagefind-entry.json").is_file()
    assert not (site / "search.json").exists()  # Zensical's own index: search is Pagefind's


def test_every_link_and_anchor_of_the_mkdocs_site_leads_somewhere(built: Path) -> None:
    assert broken_links(built / "site") == []


def test_the_navigation_and_the_pages_links_of_the_zensical_site_lead_somewhere(
        zensical: Path) -> None:
    """The links Markdown makes (the navigation, the pages' own links between records)."""
    site = zensical / "site"
    assert broken_links(site, ".md-tabs a[href], .md-nav a[href], article p > a[href]:not("
                        "[href*='#q-']), article td > a[href]") == []


def test_every_link_and_anchor_of_the_zensical_site_leads_somewhere(zensical: Path) -> None:
    assert broken_links(zensical / "site") == []


@pytest.mark.slow
def test_a_crawler_finds_no_broken_link_or_anchor_in_the_zensical_site(zensical: Path) -> None:
    result = crawl(zensical / "site")
    assert "0 warnings found. 0 errors found." in result.stdout, result.stdout[-3000:]
    assert result.returncode == 0


def test_raw_html_links_are_written_from_the_markdown_file_for_zensical() -> None:
    # sources/x.md is built as sources/x/index.html: what the generator writes from there,
    # Zensical reads from sources/
    assert _from_source("../../people/a/#q-1", "sources/x", "sources") == "../people/a/#q-1"
    assert _from_source("./#q-10-71", "sources/x", "sources") == "x/#q-10-71"
    assert _from_source("../sources/y/", "conflicts", ".") == "sources/y/"
    assert _from_source("../coverage.json", "coverage", ".") == "coverage.json"
    for kept in ("#q-1", "/404.html", "https://example.org/a/", "mailto:a@example.org", ""):
        assert _from_source(kept, "sources/x", "sources") == kept


def test_the_rewrite_leaves_content_as_it_is(tmp_path: Path) -> None:
    content, mirror = tmp_path / "content", tmp_path / "work"
    (content / "sources").mkdir(parents=True)
    (mirror / "sources").mkdir(parents=True)
    page = content / "sources" / "x.md"
    page.write_text('<a href="../../people/a/">A</a> [b](b.md) href=&quot;../x&quot;\n')
    index = content / "sources" / "index.md"
    index.write_text('<a href="x/">X</a>\n')
    for made in (page, index):
        (mirror / "sources" / made.name).hardlink_to(made)
    source_relative_links(mirror)
    assert page.read_text() == '<a href="../../people/a/">A</a> [b](b.md) href=&quot;../x&quot;\n'
    assert (mirror / "sources" / "x.md").read_text() == \
        '<a href="../people/a/">A</a> [b](b.md) href=&quot;../x&quot;\n'
    assert (mirror / "sources" / "index.md").samefile(index)  # an index page: as it is


def test_the_link_check_finds_a_broken_anchor(zensical: Path, tmp_path: Path) -> None:
    page = tmp_path / "site" / "a" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text('<p id="here"><a href="#here">ok</a> <a href="#gone">x</a>'
                    '<a href="../b/">y</a></p>', "utf-8")
    assert broken_links(tmp_path / "site") == ["a/index.html: #gone", "a/index.html: ../b/"]


def test_the_engine_is_a_setting(tmp_path: Path) -> None:
    (tmp_path / "dossier.toml").write_text('[site]\nengine = "zensical"\n', "utf-8")
    assert load_settings(tmp_path)[0].engine == "zensical"
    (tmp_path / "dossier.toml").write_text('[site]\nengine = "hugo"\n', "utf-8")
    settings, findings = load_settings(tmp_path)
    assert settings.engine == "mkdocs" and [f.code for f in findings] == ["D114"]
    assert "site.engine must be" in findings[0].message


def test_zensical_uses_the_theme_additions(zensical: Path) -> None:
    """templates/theme (mkdocs.yml's custom_dir) reaches Zensical's pages too: Open Graph
    tags, the page's description, the footer's link to the open data and the palette toggle."""
    from tests.test_meta import head_of

    site = zensical / "site"
    home, person = head_of(site / "index.html"), head_of(site / KEY_PAGES[1])
    assert home.meta["og:type"] == ["website"] and person.meta["og:type"] == ["article"]
    assert person.meta["og:title"] == ["Kamchybek Tashiyev"]
    assert person.meta["description"] == person.meta["og:description"]
    assert person.meta["description"][0].startswith("Chief of the State Committee")
    for head in (home, person):
        [link] = head.footer_data
        assert link.endswith("data/")
    assert 'data-md-component="palette"' in (site / KEY_PAGES[1]).read_text("utf-8")
