"""The receipt of the last build: what lets a fresh `dossier generate` or `dossier build`
answer in a fraction of a second when nothing changed, instead of checking and rendering
the whole dossier again (at 10,000 entities that is half a minute).

After a successful build the CLI saves a receipt: a fingerprint of everything the build
read (every fact file and source text, the templates, `dossier.toml`, `mkdocs.yml`, the
generator's own code, the installed packages and Python, the coverage minimum), a
fingerprint of everything it left (every file under `content/`, and after `build` every
file under `site/`), and what the build reported: its findings, counts and coverage table.
The next run makes the same fingerprints from one `stat` per file and no reading; when all
of them match, it prints the receipt's report and writes nothing. Any difference, a file
edited, added, deleted, touched or replaced (a stamp holds inode, size, and modified and
changed times) means a real build.

Receipts live in the user's cache folder (`$XDG_CACHE_HOME/dossier`, else
`~/.cache/dossier`), one per dossier folder, never in the working tree: a pull request can
put anything into the working tree, and a receipt planted there could make a build skip
its checks. They are JSON, never pickle, and read defensively: a receipt that cannot be read
or is not what this module writes counts as none. Nothing here may fail a build: a cache
folder that cannot be written only means no receipt.

This module imports nothing heavy, so that the CLI can consult it before it loads the
rest of the generator.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from .findings import CATALOGUE, Finding
from .stamps import Stamp, content_files, scan, stamp_of

FORMAT = 1  # raise when what a receipt holds, or what its fingerprints cover, changes
KEEP_DAYS = 60  # receipts of dossier folders not built for this long are removed
CONFIG_FILES = ("dossier.toml", "mkdocs.yml")
TEMPLATES = "templates"


@dataclass(frozen=True)
class Report:
    """What a build reports, to report again when nothing changed."""

    findings: list[Finding]
    records: int
    statements: int
    quotes: int
    pages: int
    coverage: str  # the coverage table as printed
    coverage_full: str  # the same with every record (--verbose)


class Receipts:
    """The receipt of one dossier folder, built with one coverage minimum."""

    def __init__(self, root: Path, min_coverage: float, folder: Path | None = None):
        self.root, self.min_coverage = root, min_coverage
        key = hashlib.sha256(os.fsencode(root)).hexdigest()[:32]
        self.folder = folder if folder is not None else cache_folder()
        self.path = self.folder / f"{key}.json"
        self.inputs: str | None = None

    def begin(self) -> None:
        """Fingerprint the inputs as they are before a build reads them: a file saved while
        the build runs then differs from the receipt, and the next run builds again."""
        self.inputs = inputs_fingerprint(self.root, self.min_coverage)

    def unchanged(self, site: bool) -> Report | None:
        """The last build's report when nothing it read or left has changed since (and, with
        `site`, when it built `site/`); None otherwise. Begins, as `begin` does."""
        self.begin()
        kept = self._read()
        if kept is None or kept.get("inputs") != self.inputs:
            return None
        if kept.get("content") != files_fingerprint(self.root / "content"):
            return None
        if site and (kept.get("site") is None
                     or kept.get("site") != files_fingerprint(self.root / "site")):
            return None
        return _report(kept.get("report"))

    def save(self, report: Report, site: bool) -> None:
        """Keep `report` as the receipt of the build that just ended (after `begin`)."""
        if self.inputs is None:
            raise RuntimeError("Receipts.save without Receipts.begin")
        kept = {"format": FORMAT, "root": os.fsdecode(self.root), "inputs": self.inputs,
                "content": files_fingerprint(self.root / "content"),
                "site": files_fingerprint(self.root / "site") if site else None,
                "report": {**asdict(report), "findings": [asdict(f) for f in report.findings]}}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        except OSError:
            return  # no receipt: the next run builds, as it would without this module
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(kept, out, ensure_ascii=False)
            os.replace(temporary, self.path)
            self._prune()
        except OSError:
            Path(temporary).unlink(missing_ok=True)

    def forget(self) -> None:
        """Remove the receipt (after a build that changed outputs and kept none)."""
        try:
            self.path.unlink(missing_ok=True)
        except OSError:
            pass

    def _read(self) -> dict[str, object] | None:
        try:
            with open(self.path, encoding="utf-8") as stream:
                kept = json.load(stream)
        except (OSError, ValueError):
            return None
        if not isinstance(kept, dict) or kept.get("format") != FORMAT or kept.get(
                "root") != os.fsdecode(self.root):
            return None
        return kept

    def _prune(self) -> None:
        too_old = time.time() - KEEP_DAYS * 86400
        for entry in os.scandir(self.folder):
            if entry.name.endswith((".json", ".tmp")) and entry.stat().st_mtime < too_old:
                os.unlink(entry.path)


def cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base, "dossier")


def inputs_fingerprint(root: Path, min_coverage: float) -> str:
    """Everything a build's output depends on, by stamp: facts, templates, settings, the
    generator's code and the Python and packages it runs on, and the coverage minimum."""
    scanned = scan(root)
    lines = [f"format {FORMAT}", f"python {sys.version} {sys.executable}",
             f"min-coverage {min_coverage!r}"]
    lines += (f"finding {f.format()}" for f in scanned.findings)  # stray files under facts/
    lines += _stamped(scanned.stamps.items())
    lines += _stamped(_files(root / TEMPLATES, TEMPLATES + "/"))
    lines += _stamped((name, _stamp(root / name)) for name in CONFIG_FILES)
    code = Path(__file__).resolve().parent
    lines += _stamped(_files(code, "generator/", skip="__pycache__"))
    lines += _installed()
    return _digest(lines)


def _installed() -> list[str]:
    """The packages installed on the import path, by name and version (each has a
    `.dist-info` folder whose name holds both; an install, upgrade or removal changes it)."""
    found = []
    for folder in sys.path:
        try:
            with os.scandir(folder or ".") as listing:
                found += (f"package {folder}\0{entry.name}" for entry in listing
                          if entry.name.endswith((".dist-info", ".egg-info", ".pth")))
        except OSError:
            continue
    return sorted(found)


def files_fingerprint(folder: Path) -> str | None:
    """Every file under `folder` by stamp; None when there is no such folder."""
    if not folder.is_dir():
        return None
    return _digest(_stamped(_files(folder, "")))


def _files(folder: Path, prefix: str, skip: str = "") -> list[tuple[str, Stamp | None]]:
    found = []
    for relative, entry in content_files(folder):
        if skip and skip in relative.split("/"):
            continue
        try:
            found.append((prefix + relative, stamp_of(entry.stat(follow_symlinks=False))))
        except OSError:
            found.append((prefix + relative, None))
    return sorted(found)


def _stamp(path: Path) -> Stamp | None:
    try:
        return stamp_of(path.stat())
    except OSError:
        return None


def _stamped(items: Iterable[tuple[str, Stamp | None]]) -> list[str]:
    return [f"{name}\0{stamp}" for name, stamp in items]


def _digest(lines: Iterable[str]) -> str:
    digest = hashlib.sha256()
    for line in lines:
        digest.update(line.encode("utf-8", "surrogateescape") + b"\n\0")
    return digest.hexdigest()


def _report(kept: object) -> Report | None:
    """The report a receipt holds, or None when it is not one this module wrote."""
    if not isinstance(kept, dict):
        return None
    try:
        findings = [Finding(str(f["path"]), int(f["line"]), int(f["col"]), str(f["code"]),
                            str(f["message"]), str(f["hint"])) for f in kept["findings"]]
        report = Report(findings, *(int(kept[k]) for k in (
            "records", "statements", "quotes", "pages")), str(kept["coverage"]),
            str(kept["coverage_full"]))
    except (KeyError, TypeError, ValueError):
        return None
    if any(f.code not in CATALOGUE for f in findings):
        return None
    return report
