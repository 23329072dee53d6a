"""Footnotes read in order on every page of the built site: walking a page in reading
(document) order, each footnote number first appears right after the one before it (1, 2, 3…),
a citation used again repeats its number, and every number leads to its own note, the notes
listed in the same order. For every page of the real dossier and of a synthetic one."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator import build
from tests.conftest import copy_project, epoch, synthetic_dossier


class Footnotes(HTMLParser):
    """The footnote references of a page in document order (number shown, target), and the
    ids of its notes in the order they are listed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.references: list[tuple[str, str]] = []
        self.notes: list[str] = []
        self._in_reference: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "a" and "footnote-ref" in (attributes.get("class") or "").split():
            self._in_reference, self._text = attributes.get("href") or "", ""
        if tag == "li" and (attributes.get("id") or "").startswith("fn:"):
            self.notes.append(attributes["id"] or "")

    def handle_data(self, data: str) -> None:
        if self._in_reference is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._in_reference is not None:
            self.references.append((self._text.strip(), self._in_reference))
            self._in_reference = None


def out_of_order(html: str) -> list[str]:
    """What is wrong with the footnotes of one page (nothing when they read in order)."""
    found = Footnotes()
    found.feed(html)
    wrong: list[str] = []
    first: list[int] = []
    targets: dict[int, str] = {}
    for shown, href in found.references:
        if not shown.isdigit():
            wrong.append(f"reference {shown!r} is not a number")
            continue
        number = int(shown)
        if number not in targets:
            first.append(number)
        elif targets[number] != href:
            wrong.append(f"{number} leads to {href} and to {targets[number]}")
        targets.setdefault(number, href)
    if first != list(range(1, len(first) + 1)):
        wrong.append(f"numbers first appear in the order {first}")
    listed = [targets.get(n, "")[1:] for n in range(1, len(first) + 1)]
    if found.notes != listed:
        wrong.append(f"notes listed as {found.notes}, references lead to {listed}")
    return wrong


def test_the_check_notices_numbers_out_of_order() -> None:
    def ref(n: int) -> str:
        return f'<sup><a class="footnote-ref" href="#fn:c{n}">{n}</a></sup>'

    def notes(*ns: int) -> str:
        return "".join(f'<li id="fn:c{n}">q</li>' for n in ns)
    assert out_of_order(ref(1) + ref(2) + ref(1) + notes(1, 2)) == []
    assert out_of_order(ref(2) + ref(1) + notes(1, 2))
    assert out_of_order(ref(1) + ref(3) + notes(1, 3))
    assert out_of_order(ref(1) + ref(2) + notes(2, 1))


@pytest.fixture(scope="module", params=["real", "synthetic"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if request.param == "real":
        root = copy_project(tmp_path_factory.mktemp("footnotes") / "dossier")
    else:
        root = synthetic_dossier(tmp_path_factory, "footnotes-synthetic", 60, seed=9)
    with epoch():
        outcome = build.build(root)
    assert outcome.ok, [f.format() for f in outcome.findings]
    return root / "site"


def test_footnotes_are_numbered_in_reading_order_on_every_page(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    wrong = {page.relative_to(site).as_posix(): problems for page in pages
             if (problems := out_of_order(page.read_text("utf-8")))}
    assert wrong == {}
    with_notes = [p for p in pages if 'class="footnote-ref"' in p.read_text("utf-8")]
    assert len(with_notes) > len(pages) / 2  # the walk saw the pages that cite
