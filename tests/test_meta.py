"""What pages say about themselves in their head, for search engines and link previews: a
description from the record's summary (or from what the page is), Open Graph tags, and
with `site_url` in mkdocs.yml each page's own address; and the footer's link to the open
data on every page."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator import build
from generator.build import check
from generator.format.model import Entity
from generator.render.paths import DATA_PAGE, url_of
from generator.utils.escape import plain_line
from tests.conftest import REPO, copy_project, replace_in

SITE_URL = "https://dossier.example/crocus/"


class Head(HTMLParser):
    """The page's meta tags by name or property, its canonical link and its footer links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.canonical: list[str] = []
        self.footer_data: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "meta" and (key := named.get("name") or named.get("property")):
            self.meta.setdefault(key, []).append(named.get("content") or "")
        elif tag == "link" and named.get("rel") == "canonical":
            self.canonical.append(named.get("href") or "")
        elif tag == "a" and named.get("class") == "dossier-footer-data":
            self.footer_data.append(named.get("href") or "")


def head_of(page: Path) -> Head:
    head = Head()
    head.feed(page.read_text("utf-8"))
    return head


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real dossier built with a published address."""
    root = copy_project(tmp_path_factory.mktemp("published") / "dossier")
    replace_in(root / "mkdocs.yml", "# site_url: https://example.org/dossier/",
               f"site_url: {SITE_URL}")
    outcome = build.build(root)
    assert outcome.ok, [f.format() for f in outcome.findings]
    return root / "site"


def test_each_record_page_is_described_by_its_summary_and_tagged_for_previews(
        published: Path) -> None:
    checked = check(REPO)
    for record in checked.dossier.records.values():
        page = published / url_of(record.page) / "index.html"
        head = head_of(page)
        [described] = head.meta["description"]
        assert head.meta["og:description"] == [described]
        assert 20 < len(described) <= 160 and described == plain_line(described)
        if isinstance(record.fact, Entity) and record.fact.summary:
            summary = plain_line(record.fact.summary.value, 10_000)
            assert summary.startswith(described.removesuffix("\u2026")), record.id
        assert head.meta["og:title"] == [record.name]
        assert head.meta["og:type"] == ["article"]
        address = SITE_URL + url_of(record.page)
        assert head.meta["og:url"] == head.canonical == [address], record.id


def test_every_page_has_open_graph_tags_and_the_footer_link(published: Path) -> None:
    pages = sorted(published.rglob("*.html"))
    assert len(pages) > 60
    data_page = published / url_of(DATA_PAGE) / "index.html"
    for page in pages:
        head = head_of(page)
        assert len(head.meta["og:title"]) == len(head.meta["og:site_name"]) == 1, page
        assert len(head.meta.get("description", [])) == 1, page  # its own, or the site's
        [link] = head.footer_data
        if page.name == "index.html":
            assert (page.parent / link / "index.html").resolve() == data_page.resolve(), page
    home = head_of(published / "index.html")
    assert home.meta["og:type"] == ["website"] and home.meta["og:url"] == [SITE_URL]


def test_without_a_site_url_pages_carry_no_address() -> None:
    """No guessed address: og:url and the canonical link need `site_url`."""
    site = REPO / "tests" / "golden_site"
    head = head_of(site / "people" / "kamchybek-tashiyev" / "index.html")
    assert "og:url" not in head.meta and head.canonical == []
    assert head.meta["og:title"] == ["Kamchybek Tashiyev"]


def test_the_home_page_links_to_the_open_data(published: Path) -> None:
    home = (published / "index.html").read_text("utf-8")
    article = home[home.index("<article"):home.index("</article>")]
    assert 'href="data/"' in article
