"""The receipt of the last build: what lets a fresh `dossier generate` or `dossier build`
answer in a fraction of a second when nothing changed, instead of checking and rendering
the whole dossier again (at 10,000 entities that is half a minute).

After a successful build the CLI saves a receipt: a fingerprint of the inputs, a
fingerprint of what the build left in `content/` (and after `build`, in `site/`), and what
the build reported: its findings, counts and coverage table. The next run makes the same
fingerprints from one `stat` per file and no reading; when all of them match, it prints
the receipt's report and writes nothing. Any difference, a file edited, added, deleted,
touched or replaced (a stamp holds inode, size, and modified and changed times), means a
real build.

The inputs are every file in the dossier's folder as a reader that follows links sees it
(facts, templates, settings, `mkdocs.yml` and whatever it names: theme overrides, hooks,
inherited configuration), except hidden ones, `__pycache__`, `content/` and `site/`; the
hand-written pages of `content/`; the generator's own files, the installed packages and
Python; the environment variables `mkdocs.yml` reads (`!ENV`) and `SOURCE_DATE_EPOCH`; and
the coverage and support minimums. The walk never leaves the dossier's folder
(`read.scan.linked_files`): a file linked from outside is stamped by the file it points at,
but a folder linked from outside (a theme override or templates shared between dossiers) is
stamped as the link itself, so an edit inside it goes unseen: build with `--full` after one.
(A link to `/` would otherwise make every build walk the whole file system.) They are
fingerprinted before the build reads them and again when it ends: a receipt is saved only
if nothing changed in between, and not at all when a file was changed so recently that a
file system with whole-second times could change it again unseen (git's "racy clean"
rule). A build that fails removes the receipt.

Receipts live in the user's cache folder (`$XDG_CACHE_HOME/dossier`, else
`~/.cache/dossier`), one per dossier folder, never in the working tree: a pull request can
put anything into the working tree, and a receipt planted there could make a build skip its
checks. A receipt or folder that is not the user's own, or that others may write, is not
read. Receipts are JSON, never pickle, and read defensively: one that is not what this
module writes counts as none. Nothing here may fail a build: a cache folder that cannot be
written only means no receipt.

This module imports nothing heavy, so that the CLI can consult it before it loads the
rest of the generator.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Collection, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from ..format.findings import CATALOGUE, Finding
from ..read.scan import FACTS, Stamp, scan, stamped

FORMAT = 3  # raise when what a receipt holds, or what its fingerprints cover, changes
KEEP_DAYS = 60  # receipts of dossier folders not built for this long are removed
RECEIPT_NAME = re.compile(r"[0-9a-f]{32}\.json")
TEMPORARY = ".receipt-"
OUTPUTS = frozenset({FACTS, "content", "site"})  # facts/ is scanned on its own
ENVIRONMENT = ("SOURCE_DATE_EPOCH",)  # changes the dates in site/'s sitemap and archives
RACY_NS = 2_000_000_000  # the coarsest modified times in use (FAT) are 2 s apart


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


class Receipt:
    """The receipt of builds of one dossier folder."""

    def __init__(self, root: Path, min_coverage: float, min_support: float = 100.0):
        self.root, self.gates = root, (min_coverage, min_support)
        folder, key = cache_folder(), hashlib.sha256(os.fsencode(root)).hexdigest()[:32]
        self.path = folder / f"{key}.json" if folder is not None else None  # None: no cache
        self.inputs = ""
        self.content: dict[str, Stamp | None] = {}
        self.racy = False

    def begin(self) -> None:
        """Fingerprint the inputs and stamp `content/` as they are before a build reads
        them (or before `unchanged` compares them)."""
        self.inputs, self.racy = _inputs(self.root, *self.gates)
        self.content = dict(stamped(self.root / "content", boundary=self.root))

    def unchanged(self, site: bool) -> Report | None:
        """After `begin`: the last build's report when nothing it read or left has changed
        since (and, with `site`, when it built `site/`); None otherwise."""
        kept = self._read()
        if kept is None or not self.inputs or kept.get("inputs") != self.inputs:
            return None
        if kept.get("content") != _digest(_lines(self.content.items())):
            return None
        if site and (kept.get("site") is None or kept.get("site") != files_fingerprint(
                self.root / "site")):
            return None
        return _report(kept.get("report"))

    def save(self, report: Report, site: bool, generated: Collection[str]) -> None:
        """After a successful build that began with `begin`: keep `report` as its receipt,
        unless an input or a hand-written page of `content/` (one not in `generated`)
        changed while it ran, or may have changed unseen."""
        if self.racy or self.path is None:
            self.forget()
            return
        content = dict(stamped(self.root / "content", boundary=self.root))
        handwritten = {p for p in content.keys() | self.content.keys() if p not in generated}
        if _inputs(self.root, *self.gates)[0] != self.inputs or any(
                _written(content.get(p)) != _written(self.content.get(p)) for p in handwritten):
            self.forget()
            return
        kept = {"format": FORMAT, "root": os.fsdecode(self.root), "inputs": self.inputs,
                "content": _digest(_lines(content.items())),
                "site": files_fingerprint(self.root / "site") if site else None,
                "report": {**asdict(report), "findings": [asdict(f) for f in report.findings]}}
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=TEMPORARY)
        except OSError:
            return  # no receipt: the next run builds, as it would without this module
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(kept, out)  # ASCII: a folder name that is not UTF-8 is escaped
            os.replace(temporary, self.path)
            self._prune()
        except (OSError, ValueError):
            pass
        finally:
            Path(temporary).unlink(missing_ok=True)

    def forget(self) -> None:
        """Remove the receipt: what is in `content/` and `site/` is no longer what it says."""
        if self.path is not None:
            with contextlib.suppress(OSError):
                self.path.unlink(missing_ok=True)

    def _read(self) -> dict[str, object] | None:
        if self.path is None or not _own(self.path.parent):
            return None
        try:
            handle = os.open(self.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            return None
        try:
            with os.fdopen(handle, encoding="utf-8") as stream:
                if not _own(stream.fileno()):
                    return None
                kept = json.load(stream)
        except (OSError, ValueError):
            return None
        if not isinstance(kept, dict) or kept.get("format") != FORMAT or kept.get(
                "root") != os.fsdecode(self.root):
            return None
        return kept

    def _prune(self) -> None:
        assert self.path is not None
        too_old = time.time() - KEEP_DAYS * 86400
        for entry in os.scandir(self.path.parent):
            if (RECEIPT_NAME.fullmatch(entry.name) or entry.name.startswith(TEMPORARY)) and \
                    entry.stat(follow_symlinks=False).st_mtime < too_old:
                os.unlink(entry.path)


def cache_folder() -> Path | None:
    """Where receipts are kept; None when there is no absolute cache or home folder (a
    relative one would put them into whatever the current folder is)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # the XDG spec: a relative path is ignored
        home = os.path.expanduser("~")
        if not os.path.isabs(home):
            return None
        base = os.path.join(home, ".cache")
    return Path(base, "dossier")


def files_fingerprint(folder: Path) -> str | None:
    """Every file under `folder` by stamp; None when there is no such folder."""
    if not folder.is_dir():
        return None
    return _digest(_lines(stamped(folder)))


def _inputs(root: Path, min_coverage: float, min_support: float = 100.0) -> tuple[str, bool]:
    """The fingerprint of everything a build's output depends on (see the module's
    docstring), and whether one of those files changed too recently to trust its stamp."""
    scanned = scan(root)
    files = [*scanned.stamps.items(), *stamped(root, leave_out=OUTPUTS)]
    code = Path(__file__).resolve().parent.parent  # the whole generator package
    files += stamped(code, "generator-code/")
    lines = [f"format {FORMAT}", f"python {sys.version} {sys.executable}",
             f"min-coverage {min_coverage!r}", f"min-support {min_support!r}", *_installed(),
             *(f"env {name}\0{os.environ.get(name)!r}" for name in _environment(root)),
             *(f"finding {f.format()}" for f in scanned.findings)]  # stray files in facts/
    lines += _lines(files)
    now = time.time_ns()
    racy = any(stamp is not None and stamp[2] % 1_000_000_000 == 0
               and now - stamp[2] < RACY_NS for _, stamp in files)
    return _digest(lines), racy


def _installed() -> list[str]:
    """The packages installed on the import path, by name and version (each has a
    `.dist-info` folder whose name holds both; an install, upgrade or removal changes it)."""
    found: list[str] = []
    for folder in sys.path:
        try:
            with os.scandir(folder or ".") as listing:
                found += (f"package {folder}\0{entry.name}" for entry in listing
                          if entry.name.endswith((".dist-info", ".egg-info", ".pth")))
        except OSError:
            continue
    return sorted(found)


def _environment(root: Path) -> list[str]:
    """The environment variables a build reads: those `mkdocs.yml` names with `!ENV`."""
    try:
        config = (root / "mkdocs.yml").read_text("utf-8", "replace")
    except OSError:
        config = ""
    named = re.findall(r"!ENV\s+(\[[^\]]*\]|[^\s,\]]+)", config)
    names = {n.strip(" '\"") for found in named for n in found.strip("[]").split(",")}
    return sorted({*ENVIRONMENT, *(n for n in names if n)})


def _own(what: Path | int) -> bool:
    """Whether a folder or open file is the user's own, and no one else may write it."""
    try:
        stat = os.fstat(what) if isinstance(what, int) else os.stat(what)
    except OSError:
        return False
    uid = getattr(os, "geteuid", None)
    return (uid is None or stat.st_uid == uid()) and not stat.st_mode & 0o022


def _written(stamp: Stamp | None) -> tuple[int, ...] | None:
    """A stamp without its changed time, which a build changes itself: it mirrors
    `content/` into its work area with hard links (`site.mirror`)."""
    return None if stamp is None else stamp[:3]


def _lines(items: Iterable[tuple[str, Stamp | None]]) -> list[str]:
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
        records, statements, quotes, pages = (int(kept[k]) for k in (
            "records", "statements", "quotes", "pages"))
        report = Report(findings, records, statements, quotes, pages, str(kept["coverage"]),
                        str(kept["coverage_full"]))
    except (KeyError, TypeError, ValueError):
        return None
    if any(f.code not in CATALOGUE for f in findings):
        return None
    return report
