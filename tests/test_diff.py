"""dossier diff: a change summarised in facts, not lines."""

from __future__ import annotations

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
    assert len(result.statements_changed) == 1
    assert "551" in result.statements_changed[0] and "552" in result.statements_changed[0]
    assert len(result.citations_added) == 1 and "deadliest" in result.citations_added[0]
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

    from generator.cli.diff import DossierDiff

    hostile = ("x `` y\n\n![pixel](https://evil.example/p.png) [click](https://evil.example) "
               "@maintainer <img src=x onerror=alert(1)> <b>bold</b> \x1b[2K\u202e")
    result = DossierDiff(citations_added=[hostile], statements_added=[hostile],
                         new_conflicts=["`" * 5 + hostile])
    page = MarkdownIt("commonmark").render(render(result, markdown=True))
    assert "<img" not in page and "<a " not in page and "<b>" not in page
    assert page.count("<code>") == 3 and "@maintainer" in page
    for line in page.splitlines():
        if "@maintainer" in line:  # only ever inside a code span
            assert line.startswith("<li><code>") and line.endswith("</code></li>"), line
    terminal = render(result)
    assert "\x1b" not in terminal and "\u202e" not in terminal
