"""Nothing injected: payloads in every text field and in a source text reach the built HTML
only as text, never as markup, links or scripts."""

from __future__ import annotations

import hashlib
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator import build

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
        f"summary:\n  value: {_q(' '.join(PAYLOADS))}\n  cite:\n{cites.replace('        ', '    ')}\n"
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
        self._in_script = self._data_block = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
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
    outcome = build.build(root)
    assert outcome.ok, [f.format() for f in outcome.findings]
    return root / "site"


def test_no_payload_becomes_markup(hostile_site: Path) -> None:
    pages = [hostile_site / "people/hostile-person/index.html",
             hostile_site / "sources/hostile/index.html", hostile_site / "people/index.html"]
    for page in pages:
        markup = _Markup()
        markup.feed(page.read_text("utf-8"))
        leaked = [a for a in markup.attributes + markup.scripts if "pwned" in a]
        assert leaked == [], f"{page}: {leaked}"
        for block in markup.data_blocks:  # payloads stay strings inside valid JSON
            assert "<" not in block and isinstance(json.loads(block), dict)
        for tag in ("strong", "em", "code", "img", "del", "mark"):
            assert f"<{tag}>pwned" not in page.read_text("utf-8")


def test_payloads_are_shown_literally(hostile_site: Path) -> None:
    markup = _Markup()
    markup.feed((hostile_site / "people/hostile-person/index.html").read_text("utf-8"))
    text = " ".join(" ".join(markup.text).split())
    for payload in PAYLOADS:
        assert " ".join(payload.split()) in text
