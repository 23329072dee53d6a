"""The dossier's commands as library functions: check, generate, build, pin. The CLI is a thin
layer over these; each returns findings instead of raising for anything an editor can cause."""

from __future__ import annotations

import hashlib
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from .findings import Finding, Severity, finding_at, has_errors
from .pipeline import Checked, Progress, run_checks
from .render import render_all
from .site import STAGING, build_site
from .write import WriteReport, clean_pages, plan_conflicts, write_pages


def no_progress(stage: str, count: int) -> None:
    """No progress reports."""


@dataclass
class Outcome:
    checked: Checked | None
    findings: list[Finding]
    report: WriteReport | None = None

    @property
    def ok(self) -> bool:
        return not has_errors(self.findings)


def check(root: Path, min_coverage: float = 100.0, progress: Progress = no_progress) -> Outcome:
    checked = run_checks(root, min_coverage, progress)
    return Outcome(checked, checked.findings)


def render(root: Path, min_coverage: float = 100.0,
           progress: Progress = no_progress) -> tuple[Outcome, dict[str, str]]:
    """Check, then render every page in memory; no page is rendered from a dossier with errors."""
    outcome = check(root, min_coverage, progress)
    if not outcome.ok or outcome.checked is None:
        return outcome, {}
    progress("render", len(outcome.checked.dossier.records))
    checked = outcome.checked
    pages = render_all(root, checked.dossier, checked.evidence, checked.settings)
    outcome.findings += plan_conflicts(root / "content", pages)
    return outcome, pages


def generate(root: Path, min_coverage: float = 100.0, progress: Progress = no_progress) -> Outcome:
    """Facts → `content/` only (what the live preview needs)."""
    outcome, pages = render(root, min_coverage, progress)
    if outcome.ok:
        progress("write", len(pages))
        outcome.report = write_pages(root / "content", pages)
    return outcome


def build(root: Path, min_coverage: float = 100.0, progress: Progress = no_progress) -> Outcome:
    """Facts → `content/` → `site/`, all or nothing."""
    outcome, pages = render(root, min_coverage, progress)
    if outcome.ok:
        progress("site", len(pages))
        outcome.report, problems = build_site(root, pages)
        outcome.findings += problems
    return outcome


def clean(root: Path) -> list[str]:
    """Remove what builds made: generated pages (never hand-written ones), site/, staging."""
    removed = clean_pages(root / "content")
    for folder in ("site", STAGING):
        if (root / folder).exists():
            shutil.rmtree(root / folder)
            removed.append(folder + "/")
    return removed


def pin(root: Path, source_id: str) -> list[Finding]:
    """Accept a changed source text on purpose: re-check every quote against the new text,
    and only if all still hold, write its sha256 into the source's metadata."""
    meta = root / "facts" / "sources" / f"{source_id}.yaml"
    text = meta.with_suffix(".txt")
    if not meta.is_file() or not text.is_file():
        return [finding_at(f"facts/sources/{source_id}.yaml", "D113",
                           f"no source {source_id!r} with both .yaml and .txt",
                           "give the id of a source in facts/sources/")]
    digest = hashlib.sha256(text.read_bytes()).hexdigest()
    original = meta.read_text("utf-8")
    pinned, count = re.subn(r"(?m)^sha256:.*$", f"sha256: {digest}", original, count=1)
    if count == 0:
        pinned = original.rstrip("\n") + f"\nsha256: {digest}\n"
    meta.write_text(pinned, "utf-8")
    findings = [f for f in run_checks(root).findings
                if f.severity is Severity.ERROR and f.code != "D404"]
    if has_errors(findings):
        meta.write_text(original, "utf-8")
    return findings
