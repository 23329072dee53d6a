"""Stage 7, the site: MkDocs builds the generated pages, and only a successful build is kept.

The build happens in a staging area: `content/` is mirrored there (hard links, so it is
cheap), the new pages are written into the mirror, and MkDocs builds it with `--strict`
semantics into a fresh folder, whose pages are then audited (`audit.py`). Only when both
succeed are the pages written into `content/` and the new site swapped in for `site/`. A failed or killed build leaves both as
they were.
"""

from __future__ import annotations

import ctypes
import logging
import os
import shutil
from collections.abc import Mapping
from pathlib import Path

from .audit import Origins, audit_site, trace_engine_problems
from .findings import Finding, finding_at
from .write import WriteReport, write_pages

STAGING = ".dossier-build"
CONFIG = "mkdocs.yml"


def build_site(root: Path, pages: Mapping[str, str], keep: frozenset[str] = frozenset(),
               origins: Origins | None = None) -> tuple[WriteReport | None, list[Finding]]:
    """Write `pages` (and keep `keep`, see `write.write_pages`) and build the site; the
    built pages are audited (`audit.py`) before anything is written. `origins` places
    findings at the fact files the pages come from."""
    staging = root / STAGING
    recover_site(root)
    shutil.rmtree(staging, ignore_errors=True)
    staged_content, new_site = staging / "content", staging / "site-new"
    _mirror(root / "content", staged_content)
    write_pages(staged_content, pages, keep)
    problems = run_mkdocs(root, staged_content, new_site)
    problems = audited(root, staged_content, new_site, origins or Origins(root), problems)
    if problems:
        shutil.rmtree(staging, ignore_errors=True)
        return None, problems
    report = write_pages(root / "content", pages, keep)
    _swap(root, new_site)
    shutil.rmtree(staging, ignore_errors=True)
    return report, []


def audited(root: Path, docs_dir: Path, site_dir: Path, origins: Origins,
            problems: list[Finding]) -> list[Finding]:
    """The engine's problems placed at fact files where they can be, or, when the engine
    built the site, the audit's findings about the built pages."""
    if problems:
        return trace_engine_problems(problems, origins)
    refused = audit_site(site_dir, docs_dir, origins, _site_url(root))
    return [finding for findings in refused.values() for finding in findings]


def _site_url(root: Path) -> str:
    from mkdocs.config import load_config

    return load_config(str(root / CONFIG)).site_url or ""


def run_mkdocs(root: Path, docs_dir: Path, site_dir: Path) -> list[Finding]:
    """Build with MkDocs in strict mode; every warning it logs becomes a finding."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    capture = _WarningCapture()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(capture)
    try:
        config = load_config(str(root / CONFIG), strict=True, docs_dir=str(docs_dir),
                             site_dir=str(site_dir))
        build(config)
    except MkDocsException as error:
        capture.messages.append(str(error))
    finally:
        logger.removeHandler(capture)
    return [finding_at(CONFIG, "D502", message.replace(str(docs_dir), "content"),
                       "a generated page links to a missing page or anchor; please report it")
            for message in capture.messages]


class _WarningCapture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _mirror(source: Path, target: Path) -> None:
    target.mkdir(parents=True)
    if source.is_dir():
        shutil.copytree(source, target, dirs_exist_ok=True, copy_function=_link_or_copy)


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _swap(root: Path, new_site: Path) -> None:
    """Replace `site/` by the new build in one step: Linux exchanges the two folders
    atomically (renameat2 RENAME_EXCHANGE), so no moment exists without a complete site.
    Elsewhere two renames are used, and `recover_site` restores the old site should the
    process die between them."""
    site, old = root / "site", root / STAGING / "site-old"
    if site.is_dir() and _exchange(new_site, site):
        shutil.rmtree(new_site, ignore_errors=True)  # now holds the previous site
        return
    if site.exists():
        os.replace(site, old)
    os.replace(new_site, site)
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        exchange = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return exchange(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def recover_site(root: Path) -> None:
    old = root / STAGING / "site-old"
    if old.is_dir() and not (root / "site").exists():
        os.replace(old, root / "site")
