"""The dossier's other commands as library functions: clean and pin. Each returns what it
did, or findings, instead of raising for anything an editor can cause."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

from .build import check
from .format.findings import Finding, Severity, cannot_write, finding_at, has_errors
from .output.journal import WORK, building
from .output.lock import BUILD_AREA
from .output.write import clean_pages


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
    findings = [f for f in check(root).findings
                if f.severity is Severity.ERROR and f.code not in ("D404", "D410")]
    if has_errors(findings):
        meta.write_text(original, "utf-8")
    return findings
