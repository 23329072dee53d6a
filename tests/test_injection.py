"""Nothing injected: payloads in every text field and in a source text reach the built HTML
only as text, never as markup, links or scripts, and none is lost from the page.

Two hostile inputs share one build: a hand-written person and source (`PAYLOADS`), and one
record of every kind made from the fact format with markup in every text field
(`tests.hostile`), so a field added to the model is covered without anyone writing a test."""

from __future__ import annotations

import hashlib
import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator import build
from tests.hostile import HOSTILE_URL, hostile_files, text_fields, write_hostile

PAYLOADS = [
    "<script>alert('pwned-1')</script>",
    "<img src=x onerror=alert('pwned-2')>",
    "[click](javascript:alert('pwned-3'))",
    "![image](https://example.org/pwned-4.png)",
    "{{ 'pwned-5' }} {% raw %}",
    "**pwned-6** _pwned-7_ `pwned-8`",
    "[^pwned-9] {: #pwned-10 onclick=alert(1) }",
    "--8<-- \"/etc/passwd\" ==pwned-11== ~~pwned-12~~",
    "<a href='https://example.org/pwned-13'>x</a> https://example.org/pwned-14",
    "&lt;b&gt;pwned-15&lt;/b&gt; <!-- pwned-16 -->",
    "| pwned-17 | table |\n# pwned-18 heading",
]
TEXT = "Hostile text. " + " ".join(PAYLOADS) + "\n"


def _write_hostile_facts(root: Path) -> None:
    sources = root / "facts/sources"
    (sources / "hostile.txt").write_text(TEXT, "utf-8")
    digest = hashlib.sha256(TEXT.encode()).hexdigest()
    label = PAYLOADS[0].replace("'", "''")
    (sources / "hostile.yaml").write_text(
        f"label: '{label}'\nsha256: {digest}\nlanguage: en\n", "utf-8")
    cites = "\n".join(f"        - source: hostile\n          quote: {_q(p)}" for p in PAYLOADS)
    aliases = "\n".join(f"  - value: {_q(p)}\n    cite:\n      - source: hostile\n"
                        f"        quote: {_q(p)}" for p in PAYLOADS)
    (root / "facts/people/hostile-person.yaml").write_text(
        f"name:\n  value: {_q(PAYLOADS[1])}\n  cite:\n    - source: hostile\n"
        f"      quote: {_q(PAYLOADS[1])}\n"
        f"aliases:\n{aliases}\n"
        f"summary:\n  value: {_q(' '.join(PAYLOADS))}\n"
        f"  cite:\n{cites.replace('        ', '    ')}\n"
        f"relations:\n  - type: member-of\n    to: gknb\n    role: {_q(PAYLOADS[2])}\n"
        f"    cite:\n      - source: hostile\n        quote: {_q(PAYLOADS[2])}\n", "utf-8")


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


class _Markup(HTMLParser):
    """Collects every tag, attribute value and script body of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attributes: list[str] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self.data_blocks: list[str] = []
        self.meta: dict[str, list[str]] = {}  # the page's description and Open Graph tags
        self._in_script = self._data_block = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        key = named.get("name") or named.get("property") or ""
        if tag == "meta" and (key == "description" or key.startswith("og:")):
            self.meta.setdefault(key, []).append(named.get("content") or "")  # plain text,
            attrs = [(k, v) for k, v in attrs if k != "content"]  # checked as such below
        self.attributes += [f"{tag} {k}={v}" for k, v in attrs]
        self._in_script = tag == "script"
        self._data_block = ("type", "application/ld+json") in attrs

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_comment(self, data: str) -> None:
        self.scripts.append(data)

    def handle_data(self, data: str) -> None:
        if self._in_script and self._data_block:
            self.data_blocks.append(data)  # JSON-LD: data, checked to parse as JSON
        else:
            (self.scripts if self._in_script else self.text).append(data)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import copy_project

    root = copy_project(tmp_path_factory.mktemp("hostile") / "dossier")
    _write_hostile_facts(root)
    write_hostile(root)
    settings = root / "dossier.toml"  # the hostile event is the home page's subject: its
    settings.write_text(settings.read_text("utf-8").replace(  # name, summary and box lead it
        'subject = "crocus-city-hall-attack"', 'subject = "hostile-events"'), "utf-8")
    outcome = build.build(root, min_support=0)  # markup, not support, is under test here
    assert outcome.ok, [f.format() for f in outcome.findings]
    return root / "site"


def test_no_payload_becomes_markup(hostile_site: Path) -> None:
    pages = [hostile_site / "people/hostile-person/index.html",
             hostile_site / "sources/hostile/index.html", hostile_site / "people/index.html",
             hostile_site / "index.html", hostile_site / "events/hostile-events/index.html"]
    for page in pages:
        markup = _Markup()
        markup.feed(page.read_text("utf-8"))
        leaked = [a for a in markup.attributes + markup.scripts if "pwned" in a]
        assert leaked == [], f"{page}: {leaked}"
        for block in markup.data_blocks:  # payloads stay strings inside valid JSON
            assert "<" not in block and isinstance(json.loads(block), dict)
        for tag in ("strong", "em", "code", "img", "del", "mark"):
            assert f"<{tag}>pwned" not in page.read_text("utf-8")


def test_the_home_page_tells_the_hostile_event_literally(hostile_site: Path) -> None:
    home = (hostile_site / "index.html").read_text("utf-8")
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", home, re.S)
    assert heading and "pwned-events.name" in html.unescape(heading.group(1))
    assert "dossier-infobox" in home and "pwned-events.summary" in html.unescape(home)


def test_titles_and_descriptions_stay_plain_text_in_every_head(hostile_site: Path) -> None:
    """The theme prints a page's title and description into its head as they are (MkDocs'
    templates do not escape), and templates/theme/main.html repeats them as Open Graph tags:
    from the hostile person's summary and name, and on every page of the hostile site, each
    is one element with the text as its value, and nothing else came into the head."""
    from generator.utils.escape import DESCRIPTION_LENGTH, plain_line

    html = (hostile_site / "people/hostile-person/index.html").read_text("utf-8")
    markup = _Markup()
    markup.feed(html)
    described = [plain_line(" ".join(PAYLOADS))]
    assert markup.meta["description"] == markup.meta["og:description"] == described
    assert markup.meta["og:title"] == [PAYLOADS[1]]
    assert markup.meta["og:type"] == ["article"]
    for page in sorted(hostile_site.rglob("*.html")):
        html = page.read_text("utf-8")
        head = html[:html.index("</head>")]
        assert head.count("<title>") == head.count("</title>") == 1, page
        assert "pwned" not in " ".join(re.findall(r"<(?!title>|meta )[^>]*pwned[^>]*>", head))
        markup = _Markup()
        markup.feed(head)
        for key, values in markup.meta.items():
            assert len(values) == 1, (page, key, values)
            if key in ("description", "og:description"):
                assert values[0] == plain_line(values[0])  # one line, nothing unseen
                assert len(values[0]) <= DESCRIPTION_LENGTH


def test_payloads_are_shown_literally(hostile_site: Path) -> None:
    markup = _Markup()
    markup.feed((hostile_site / "people/hostile-person/index.html").read_text("utf-8"))
    text = " ".join(" ".join(markup.text).split())
    for payload in PAYLOADS:
        assert " ".join(payload.split()) in text


def _site_text(site: Path) -> tuple[str, list[_Markup]]:
    """Every page's text (outside scripts), folded, and each page's markup."""
    texts, pages = [], []
    for page in sorted(site.rglob("*.html")):
        markup = _Markup()
        markup.feed(page.read_text("utf-8"))
        pages.append(markup)
        texts.append(" ".join("".join(markup.text).split()))
    return "\n".join(texts), pages


def test_every_text_field_of_every_kind_is_shown_literally(hostile_site: Path) -> None:
    """Each field's payload, whole and as written, is in the text of some page: had any of
    its constructs become markup, or removed text, it would not be."""
    text, _ = _site_text(hostile_site)
    payloads = {}
    for relative, data in hostile_files().items():
        if relative.endswith(".yaml"):
            for value in _strings(json.loads(data)):
                if value.startswith("pwned-"):
                    payloads[value.split(" ", 1)[0]] = " ".join(value.split())
    assert len(payloads) == len(text_fields()) > 40
    missing = [marker for marker, payload in payloads.items() if payload not in text]
    assert missing == []


def test_no_field_becomes_an_attribute_a_script_or_an_external_resource(
        hostile_site: Path) -> None:
    from html import unescape

    from generator.utils.escape import html_url

    declared = f"a href={unescape(html_url(HOSTILE_URL))}"  # the source's own address
    _, pages = _site_text(hostile_site)
    for markup in pages:
        leaked = [a for a in markup.attributes + markup.scripts if a != declared and (
            "pwned" in a or "javascript:" in a.lower() or "e.org" in a)]
        assert leaked == []
        for block in markup.data_blocks:
            assert "<" not in block and isinstance(json.loads(block), dict)


def test_a_source_address_is_one_link_to_itself(hostile_site: Path) -> None:
    """A `|` in a source's url once ended its table cell and made a second, live link."""
    from urllib.parse import unquote

    page = (hostile_site / "sources/hostile-source/index.html").read_text("utf-8")
    markup = _Markup()
    markup.feed(page)
    hrefs = [a.split("=", 1)[1] for a in markup.attributes if a.startswith("a href=")]
    assert HOSTILE_URL in [unquote(h) for h in hrefs]
    assert not any(h.lower().startswith(("javascript", "data", "vbscript")) for h in hrefs)


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []
