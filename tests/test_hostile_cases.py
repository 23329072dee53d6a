"""Cases of the security issue that are not a finding at a place (those are in the corpus,
`tests/bad_inputs/`): what reaches a terminal, a spreadsheet or a script element, and inputs
that once made a stage quadratic or recursive. Time limits here are guards against a return
to quadratic work, with room for slow machines; the measurements are in the benchmark."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import time
from pathlib import Path

import pytest

from generator import build
from generator.build import check
from generator.export.json_ld import script_json
from generator.export.tables import kind_csv
from generator.format.findings import Finding
from generator.render.infobox import MAX_SHOWN
from generator.utils.memo import Memo
from tests.conftest import copy_project

SAYS = "Somebody said a thing here."


def add_source(root: Path, source_id: str, text: str) -> None:
    folder = root / "facts/sources"
    (folder / f"{source_id}.txt").write_text(text, "utf-8")
    (folder / f"{source_id}.yaml").write_text(
        f"label: A test source\nsha256: {hashlib.sha256(text.encode()).hexdigest()}\n"
        "language: en\n", "utf-8")


def entity(name: str, source: str, quote: str, rest: str = "") -> str:
    return f"name:\n  value: {name}\n  cite:\n    - source: {source}\n      quote: {quote}\n" + rest


def generated_in(root: Path) -> float:
    """Seconds to generate `root`, whose fixtures say little their quotes support: support
    is checked (and timed) but not gated here. Processor time of this process: the
    generator runs in it, and the clock would also count the other tests running beside it
    (on every core) or whatever else the machine does."""
    start = time.process_time()
    outcome = build.generate(root, min_support=0)
    assert outcome.ok, [f.format() for f in outcome.findings]
    return time.process_time() - start


# --------------------------------------------------------------------- case 4: terminals

def test_nothing_from_a_file_reaches_a_terminal_or_a_log_as_a_control() -> None:
    finding = Finding("facts/people/x\x1b[2K.yaml", 3, 1, "D401", "quote \x1b[1A not found",
                      "closest passage: \u202eevil\x07")
    for shown in (finding.format(), finding.as_github()):
        assert not any(c in shown for c in "\x1b\x07\u202e"), shown
        assert "\\x1b" in shown and "\\u202e" in shown


# --------------------------------------------------------------------- case 8: recursion

def test_a_chain_of_thousands_of_relative_dates_builds_in_order(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "dossier")
    add_source(root, "chain-source", SAYS)
    count = 3000
    for i in range(count):  # named so that the last of the chain sorts first
        when = f"  after: chain-{i - 1}\n" if i else "  value: '2024'\n"
        (root / f"facts/events/chain-{i}.yaml").write_text(entity(
            f"Chain {count - i:05d}", "chain-source", "Somebody said",
            f"date:\n{when}  cite:\n    - source: chain-source\n      quote: said a thing\n"),
            "utf-8")
    assert generated_in(root) < 60
    timeline = (root / "content/timeline.md").read_text("utf-8")
    places = [timeline.index(f"[Chain {count - i:05d}]") for i in (0, 1, 2, 1500, count - 1)]
    assert places == sorted(places)


# --------------------------------------------------------------------- case 10: linear work

def test_a_short_quote_of_a_repetitive_text_is_not_a_highlight_per_character(
        tmp_path: Path) -> None:
    """A 32 KB source of `aaaa…` quoted as `aaa` took 109 s: every overlapping place was a
    passage, and each highlight looked at every passage."""
    root = copy_project(tmp_path / "dossier")
    add_source(root, "aaaa", "a" * 128_000)
    (root / "facts/places/aaa-place.yaml").write_text(entity("Aaa place", "aaaa", "aaa"))
    assert generated_in(root) < 30
    page = (root / "content/sources/aaaa.md").read_text("utf-8")
    assert 1 <= page.count('class="dossier-q"') <= 20


def test_thousands_of_statements_citing_one_quote_cost_what_they_are(tmp_path: Path) -> None:
    """15,000 aliases citing one quote took 145 s: each statement citing a passage was looked
    for in the list of the others, and Python-Markdown numbered each reference to one
    footnote one at a time. Lists are now bounded (D116, and 100 aliases), but a source page
    still lists every statement resting on a passage: here 10,000, from ten events with the
    longest list a file may hold."""
    root = copy_project(tmp_path / "dossier")
    add_source(root, "one-quote", SAYS)
    roles = "".join(f"  - {{entity: vladimir-putin, role: role {i}, "
                    "cite: [{source: one-quote, quote: Some}]}\n" for i in range(1000))
    for n in range(10):
        (root / f"facts/events/many-citations-{n}.yaml").write_text(entity(
            f"Many citations {n}", "one-quote", "Somebody said", f"participants:\n{roles}"),
            "utf-8")
    assert generated_in(root) < 30
    page = (root / "content/events/many-citations-0.md").read_text("utf-8")
    # the quote's is c1 (the box at the top shows the first participants), the name's c2
    assert page.count('class="footnote-ref" href="#fn:c1"') == 1000 + MAX_SHOWN
    assert f"| Other roles | *{1000 - MAX_SHOWN:,} more, under [Participants](#participants)*"\
        in page
    assert page.count('<li id="fn:') == 2
    source = (root / "content/sources/one-quote.md").read_text("utf-8")
    assert source.count("participant") >= 10_000


# --------------------------------------------------------------------- case 11: spreadsheets

def test_a_name_that_looks_like_a_formula_is_text_in_the_csv(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "dossier")
    add_source(root, "formula-source",
               "=HYPERLINK(\"https://evil.example\",\"x\") and +1 and @SUM(1)")
    (root / "facts/people/formula.yaml").write_text(entity(
        "'=HYPERLINK(\"https://evil.example\",\"x\")'", "formula-source", "=HYPERLINK",
        "aliases:\n  - value: '@SUM(1)'\n    cite:\n      - source: formula-source\n"
        "        quote: '@SUM(1)'\nsummary:\n  value: +1 and more\n  cite:\n"
        "    - source: formula-source\n      quote: and +1\n"), "utf-8")
    checked = check(root, min_support=0)
    assert checked.ok, [f.format() for f in checked.findings]
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(
        kind_csv(checked.dossier, Memo(), "people")))}
    row = rows["formula"]
    assert row["name"] == "'=HYPERLINK(\"https://evil.example\",\"x\")"
    assert row["aliases"] == "'@SUM(1)" and row["summary"] == "'+1 and more"
    assert rows["vladimir-putin"]["name"] == "Vladimir Putin"  # nothing else changes


# --------------------------------------------------------------------- case 15: JSON-LD

@pytest.mark.parametrize("value", ["</script><script>alert(1)</script>", "<!--", "]]>",
                                   "\u2028\u2029", "</SCRIPT >", "\\u003c/script>", "&lt;"])
def test_no_value_can_leave_the_json_ld_element(value: str) -> None:
    text = script_json({"name": value, "alternateName": [value]})
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == {"name": value, "alternateName": [value]}


# --------------------------------------------------------------------- found by review

def test_claims_differing_from_one_event_are_not_listed_once_per_pair(tmp_path: Path) -> None:
    """300 claims marked as differing from an event of 300 claims printed 90,000 claim lines
    on the conflicts page (a 38 MB page from 75 KB of YAML); now each claim once."""
    root = copy_project(tmp_path / "dossier")
    add_source(root, "says", SAYS)

    def claims(count: int, differs: str = "") -> str:
        one = ("  - {by: gknb, content: a thing, cite: [{source: says, quote: said a thing}]"
               + (f", differs_from: [{differs}]" if differs else "") + "}\n")
        return "claims:\n" + one * count
    (root / "facts/events/disputed.yaml").write_text(
        entity("Disputed", "says", "Somebody said", claims(300)), "utf-8")
    (root / "facts/events/disputing.yaml").write_text(
        entity("Disputing", "says", "Somebody said", claims(300, "disputed")), "utf-8")
    assert generated_in(root) < 30
    page = (root / "content/conflicts.md").read_text("utf-8")
    assert 600 <= page.count("According to") <= 610


def test_the_did_you_mean_hint_costs_little_whatever_the_quote(tmp_path: Path) -> None:
    """A 2 KB quote of `a a a … b` took 4 s a citation to find its closest passage, and
    each failing quote walked the whole source again."""
    root = copy_project(tmp_path / "dossier")
    add_source(root, "aaaa", "a " * 1000 + "\n" + "word " * 200_000 + "\n")
    quote = "a " * 999 + "b"
    roles = "".join(f"  - entity: vladimir-putin\n    role: role {i}\n    cite:\n"
                    f"      - source: aaaa\n        quote: {quote}\n" for i in range(20))
    roles += "".join(f"  - entity: vladimir-putin\n    role: other {i}\n    cite:\n"
                     f"      - source: aaaa\n        quote: word missing{i} word\n"
                     for i in range(200))
    (root / "facts/events/slow-hint.yaml").write_text(
        entity("Slow Hint", "aaaa", "a a a", f"participants:\n{roles}"), "utf-8")
    start = time.process_time()  # the check runs in this process (see generated_in)
    findings = [f for f in check(root).findings if f.code == "D401"]
    assert time.process_time() - start < 15
    assert len(findings) == 220
    shown = {f.hint for f in findings if f.hint.startswith("closest passage, with")}
    assert len(shown) == 20  # the closest passage of the first 20 quotes not found


def test_names_sharing_their_first_words_are_linked_in_linear_time(tmp_path: Path) -> None:
    """Names that share their first characters were all tried at every word of every
    summary: render time grew with the square of the input."""
    root = copy_project(tmp_path / "dossier")
    add_source(root, "aaa-source", "aaa\n")
    cite = "cite: [{source: aaa-source, quote: aaa}]"
    for i in range(40):
        aliases = "".join(f"  - {{value: aaa {i} {j}, {cite}}}\n" for j in range(100))
        (root / f"facts/people/aaa-person-{i}.yaml").write_text(
            f"name: {{value: aaa person {i}, {cite}}}\naliases:\n{aliases}"
            f"summary: {{value: {'aaa ' * 1249}x, {cite}}}\n", "utf-8")
    assert generated_in(root) < 30


def test_a_source_line_of_punctuation_builds_in_linear_time(tmp_path: Path) -> None:
    """Python-Markdown rebuilt a paragraph at every escaped character: a source line of
    80,000 dots took 52 s to build. Source paragraphs are HTML now."""
    root = copy_project(tmp_path / "dossier")
    add_source(root, "dots", "." * 80_000 + "\n")
    (root / "facts/places/dotted.yaml").write_text(entity("Dots", "dots", "'...'"), "utf-8")
    start = time.perf_counter()
    assert build.build(root, min_support=0).ok  # "..." is no quote of the name "Dots"
    assert time.perf_counter() - start < 60


def test_a_file_of_thousands_of_unknown_keys_is_reported_briefly(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "dossier")
    keys = ", ".join(f"k{i}" for i in range(1000))
    (root / "facts/events/unknown-keys.yaml").write_text(
        "name: {value: U, cite: [{source: tass-csto-anti-terror-measures, quote: CSTO}]}\n"
        "participants:\n" + "".join(f"  - {{{keys}}}\n" for _ in range(100)), "utf-8")
    start = time.process_time()  # the check runs in this process (see generated_in)
    findings = [f for f in check(root).findings if f.path.endswith("unknown-keys.yaml")]
    assert time.process_time() - start < 20
    assert (len(findings) == 21 and findings[-1].code == "D117") or any(
        f.code == "D117" for f in findings)


def test_json_output_is_utf_8_whatever_a_file_is_called(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from tests.conftest import REPO

    root = copy_project(tmp_path / "dossier")
    (root / "facts/people").joinpath(os.fsdecode(b"\xff.yaml")).write_text("name: x\n")
    done = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "check",
                           "--format", "json"], capture_output=True, cwd=REPO, check=False,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8:strict"})
    assert b"Traceback" not in done.stderr
    findings = json.loads(done.stdout.decode("utf-8"))
    assert any(f["path"] == "facts/people/\\xff.yaml" for f in findings)
