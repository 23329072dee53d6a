"""The dossier's commands as library functions: check, generate, build, pin. The CLI is a thin
layer over these; each returns findings instead of raising for anything an editor can cause."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

from .findings import Finding, Severity, cannot_write, finding_at, has_errors
from .incremental import Builder, Outcome, no_progress
from .pipeline import Progress, run_checks
from .journal import WORK, building
from .lock import BUILD_AREA
from .write import clean_pages


def check(root: Path, min_coverage: float = 100.0, progress: Progress = no_progress,
          min_support: float = 100.0) -> Outcome:
    checked = run_checks(root, min_coverage, progress, min_support=min_support)
    return Outcome(checked, checked.findings)


def render(root: Path, min_coverage: float = 100.0, progress: Progress = no_progress,
           min_support: float = 100.0) -> tuple[Outcome, dict[str, str]]:
    """Check, then render every page in memory; no page is rendered from a dossier with errors."""
    outcome, plan = Builder(root, min_coverage, min_support).plan(progress)
    return outcome, plan.rendered.pages if plan is not None else {}


def generate(root: Path, min_coverage: float = 100.0, progress: Progress = no_progress,
             min_support: float = 100.0) -> Outcome:
    """Facts → `content/` only (what the live preview needs)."""
    return Builder(root, min_coverage, min_support).generate(progress)


def build(root: Path, min_coverage: float = 100.0, progress: Progress = no_progress,
          min_support: float = 100.0) -> Outcome:
    """Facts → `content/` → `site/`, all or nothing."""
    return Builder(root, min_coverage, min_support).build(progress)


def clean(root: Path) -> list[str]:
    """Remove what builds made: generated pages (never hand-written ones), site/, and the
    build area (its lock last: `lock` takes a removed lock file for none)."""
    with building(root):
        removed = clean_pages(root / "content")
        area = root / BUILD_AREA
        if (root / "site").exists():
            (area / WORK).mkdir(parents=True, exist_ok=True)
            os.replace(root / "site", area / WORK / "site")  # gone at once, then removed
            removed.append("site/")
        if area.exists():
            shutil.rmtree(area)
            removed.append(BUILD_AREA + "/")
    return removed


def pin(root: Path, source_id: str) -> list[Finding]:
    """Accept a changed source text on purpose: re-check every quote against the new text,
    and only if all still hold, write its sha256 into the source's metadata."""
    try:
        with building(root):
            return _pin(root, source_id)
    except OSError as error:
        return [cannot_write(root, error)]


def _pin(root: Path, source_id: str) -> list[Finding]:
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
                if f.severity is Severity.ERROR and f.code not in ("D404", "D410")]
    if has_errors(findings):
        meta.write_text(original, "utf-8")
    return findings
