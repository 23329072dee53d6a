"""dossier diff: a change summarised in facts, not lines."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from generator.cli.diff import diff, render
from tests.conftest import copy_project, replace_in

EVENT = "facts/events/crocus-city-hall-attack.yaml"


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
                        "PATH": "/usr/bin:/bin"})


def test_one_changed_figure_and_one_added_citation_are_reported_exactly(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "dossier")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "before")
    replace_in(root / EVENT, "      - value: 551\n        note: according to the latest data",
               "      - value: 552\n        note: according to the latest data")
    replace_in(root / "facts/places/beslan.yaml", "      quote: the Beslan school siege in 2004\n",
               "      quote: the Beslan school siege in 2004\n"
               "    - source: tashiyev-defends-tajik-citizens\n"
               "      quote: deadliest terrorist attack in Russia since the Beslan school siege\n")
    git(root, "commit", "-qam", "after")
    result = diff(root, "HEAD~1")
    assert [c.text for c in result.statements_changed] == [
        "Injured: 551 (according to the latest data) \u2192 552 (according to the latest data)"]
    [added] = result.citations_added
    assert added.entity == "Beslan (places/beslan)" and "\u201cdeadliest" in added.text
    assert (result.added, result.removed, result.statements_added, result.statements_removed,
            result.citations_lost, result.new_conflicts) == ([], [], [], [], [], [])
    assert result.coverage_before == result.coverage_after == 100.0
    text, markdown = render(result), render(result, markdown=True)
    assert "Statements changed: 1" in text and "Citations added: 1" in text
    assert "### Statements changed (1)" in markdown


def test_an_unknown_ref_is_a_usage_error(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "dossier")
    git(root, "init", "-q")
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "diff",
                             "no-such-ref"], capture_output=True, text=True, check=False)
    assert result.returncode == 2 and "cannot read 'no-such-ref'" in result.stderr


def test_a_pull_requests_own_words_cannot_take_over_its_summary() -> None:
    """Case 12 of the security issue: a quote holding a blank line once ended its code span,
    so a pull request's summary could show remote images, fake links and live @mentions."""
    from markdown_it import MarkdownIt

    from generator.cli.diff import Change, DossierDiff

    hostile = ("x `` y\n\n![pixel](https://evil.example/p.png) [click](https://evil.example) "
               "@maintainer <img src=x onerror=alert(1)> <b>bold</b> \x1b[2K\u202e")
    result = DossierDiff(added=[hostile], citations_added=[Change(hostile, hostile)],
                         new_conflicts=[Change("x", "`" * 5 + hostile)])
    page = MarkdownIt("commonmark").render(render(result, markdown=True))
    assert "<img" not in page and "<a " not in page and "<b>" not in page
    assert page.count("<code>") == 5 and page.count("@maintainer") == 4
    outside = re.sub(r"<code>[^<]*</code>", "", page)  # only ever inside a code span
    assert "@maintainer" not in outside and "evil" not in outside, outside
    terminal = render(result)
    assert "\x1b" not in terminal and "\u202e" not in terminal


TOLL = """Toll of the concert hall attack rises

MOSCOW, March 23. Early reports said 40 people were killed. A later count gave 41 dead.
By the evening officials said at least 115 were killed.
"""
KILLED = "  - quantity: killed\n    values:\n"
MORE_VALUES = """      - value: 40
        note: early reports
        cite:
          - source: toll-rises
            quote: Early reports said 40 people were killed
      - value: 115
        qualifier: at-least
        cite:
          - source: toll-rises
            quote: officials said at least 115 were killed
"""


def committed_with_three_values(tmp_path: Path) -> Path:
    """The real dossier with a third source and four values of 'killed', committed."""
    from generator.cli.new import new_source

    root = copy_project(tmp_path / "dossier")
    (tmp_path / "toll.txt").write_text(TOLL, "utf-8")
    assert new_source(root, tmp_path / "toll.txt", "Toll rises", "toll-rises")[1] == []
    text = (root / EVENT).read_text("utf-8")
    start = text.index(KILLED) + len(KILLED)
    end = text.index("  - quantity: injured")
    (root / EVENT).write_text(text[:end] + MORE_VALUES + text[end:], "utf-8")
    assert text[start:].startswith("      - value: 144\n        note: including")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "before")
    return root


def test_list_items_are_matched_by_identity_not_position(tmp_path: Path) -> None:
    """The issue's case: remove the first of several figure values and change another. By
    position, this was three changes, one removal, four citations added and five lost; by
    identity it is what the editor did, in the reader's words."""
    root = committed_with_three_values(tmp_path)
    text = (root / EVENT).read_text("utf-8")
    first = text.index("      - value: 144\n        note: including")
    second = text.index("      - value: 144\n        cite:")
    (root / EVENT).write_text(text[:first] + text[second:], "utf-8")  # the first value gone
    replace_in(root / EVENT, "      - value: 40\n", "      - value: 41\n")
    replace_in(root / EVENT, "quote: Early reports said 40 people were killed",
               "quote: A later count gave 41 dead")
    result = diff(root, "HEAD")
    assert [c.text for c in result.statements_removed] == [
        "Killed: 144 (including those who died later in hospital) "
        "[tashiyev-defends-tajik-citizens]"]
    assert [c.text for c in result.statements_changed] == [
        "Killed: 40 (early reports) \u2192 41 (early reports)"]
    assert result.statements_added == []
    assert [c.text for c in result.citations_lost] == [
        "Killed: 40 (early reports) \u2014 toll-rises: \u201cEarly reports said 40 people "
        "were killed\u201d"]
    assert [c.text for c in result.citations_added] == [
        "Killed: 41 (early reports) \u2014 toll-rises: \u201cA later count gave 41 dead\u201d"]
    entity = "Crocus City Hall attack (events/crocus-city-hall-attack)"
    assert {c.entity for c in result.statements_removed + result.statements_changed} == {entity}
    shown = render(result)
    assert "Statements changed: 1\n  " + entity + "\n    Killed: 40" in shown, shown
    assert "[0]" not in shown and "{" not in shown  # no zero-based paths, no raw JSON


def test_new_sides_of_an_existing_conflict_are_reported(tmp_path: Path) -> None:
    """A value added to a figure on which sources already differ, and a claim added to an
    existing dispute, are reported as such; a value that changes is no new side."""
    root = committed_with_three_values(tmp_path)
    replace_in(root / EVENT, "      - value: 115\n", "      - value: 115\n"
               "        as_of: \"2024-03-23\"\n")
    replace_in(root / EVENT, MORE_VALUES[:MORE_VALUES.index("      - value: 115")],
               MORE_VALUES[:MORE_VALUES.index("      - value: 115")] +
               "      - value: 41\n        cite:\n          - source: toll-rises\n"
               "            quote: A later count gave 41 dead\n")
    replace_in(root / EVENT, "    content: the incident a terrorist attack\n",
               "    content: the incident a terrorist attack\n"
               "    differs_from: [is-k-claim-of-responsibility]\n")
    result = diff(root, "HEAD")
    assert [(c.entity, c.text) for c in result.new_sides] == [
        ("Crocus City Hall attack (events/crocus-city-hall-attack)",
         "Killed: 41 beside 40, at least 115, 144"),
        ("IS\u2013K claim of responsibility (events/is-k-claim-of-responsibility)",
         "Claim: Russia's Foreign Ministry called the incident a terrorist attack "
         "(differs from the claims of IS\u2013K claim of responsibility)")]
    assert result.new_conflicts == []
    assert "New sides of existing conflicts: 2" in render(result)
