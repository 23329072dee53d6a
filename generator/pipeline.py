"""The whole dossier pipeline, top to bottom: gather every input and check it, then render.

Nothing is written here; `write` and `site` do that only after this has found no error.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .check import Evidence, check, coverage_gate
from .conflicts import conflict_findings
from .findings import Finding, finding_at, has_errors
from .load import RawFile, load_file
from .model import KINDS, SLUG_PATTERN, FactModel
from .resolve import Dossier, Record, resolve
from .settings import Settings, load_settings
from .validate import validate_file
from .wording import check_wording

FACTS = "facts"
Progress = Callable[[str, int], None]
RESERVED_IDS = {"index"}


@dataclass
class Checked:
    """The outcome of every stage but render and write."""

    dossier: Dossier
    evidence: Evidence
    findings: list[Finding]
    settings: Settings

    @property
    def ok(self) -> bool:
        return not has_errors(self.findings)


def run_checks(root: Path, min_coverage: float = 100.0,
               progress: Progress = lambda stage, count: None) -> Checked:
    """Every stage but render and write; `progress(stage, count)` is told as each starts."""
    progress("load", 0)
    raws, texts, findings = gather(root)
    progress("validate", len(raws))
    records: list[Record] = []
    for raw in raws:
        fact = validate_file(root, raw)
        if isinstance(fact, FactModel):
            records.append(Record(raw.id, raw.kind, raw.path, fact))
        else:
            findings += fact
    broken = frozenset(Path(f.path).stem for f in findings) - {r.id for r in records}
    progress("resolve", len(records))
    dossier, problems = resolve(root, records, broken)
    findings += problems
    progress("check", len(records))
    evidence, problems = check(dossier, {k: v for k, v in texts.items() if k in dossier.records})
    findings += problems
    settings, problems = load_settings(root)
    findings += problems + check_wording(dossier, settings.guilt_labels,
                                         settings.allowed_phrases)
    findings += conflict_findings(dossier)
    if not has_errors(findings):
        findings += coverage_gate(evidence, min_coverage)
    return Checked(dossier, evidence, sorted(findings), settings)


def gather(root: Path) -> tuple[list[RawFile], dict[str, bytes], list[Finding]]:
    """Load every fact file and source text; one bad file never hides the others."""
    raws: list[RawFile] = []
    texts: dict[str, bytes] = {}
    findings: list[Finding] = []
    seen: dict[str, str] = {}
    for relative, kind in _fact_files(root, findings):
        stem = Path(relative).stem
        if problem := _id_problem(relative, stem, seen):
            findings.append(problem)
            continue
        seen[stem] = relative
        loaded = load_file(root, relative, kind)
        if isinstance(loaded, Finding):
            findings.append(loaded)
            continue
        raws.append(loaded)
        if kind == "sources":
            findings += _read_text(root, relative, texts)
    return raws, texts, findings


def _fact_files(root: Path, findings: list[Finding]) -> list[tuple[str, str]]:
    folder = root / FACTS
    if not folder.is_dir():
        findings.append(finding_at(FACTS, "D112", "there is no facts/ folder",
                                   "run dossier from the dossier's top folder"))
        return []
    found: list[tuple[str, str]] = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(root).as_posix()
        parts = path.relative_to(folder).parts
        if any(p.startswith(".") for p in parts) or (path.is_dir() and not path.is_symlink()):
            continue
        if problem := _stray(root, path, parts):
            findings.append(finding_at(relative, "D112", problem, STRAY_HINT, 1, 1))
        elif path.suffix == ".yaml":
            found.append((relative, parts[0]))
    return found


STRAY_HINT = (f"fact files are facts/<kind>/<id>.yaml with kind one of {', '.join(KINDS)}; "
              "a source's text is facts/sources/<id>.txt beside its <id>.yaml")


def _stray(root: Path, path: Path, parts: tuple[str, ...]) -> str:
    """Why a file under facts/ is not read, or "" when it is a fact file or source text."""
    if path.is_symlink():  # rglob does not descend into linked folders: this covers them too
        return "symbolic links are not followed"
    if len(parts) != 2 or parts[0] not in KINDS:
        return "this file is not read by the dossier"
    if path.suffix == ".txt" and parts[0] == "sources":
        if path.with_suffix(".yaml").is_file():
            return ""
        return "a source text without its metadata file"
    return "" if path.suffix == ".yaml" else "this file is not read by the dossier"


def _id_problem(relative: str, stem: str, seen: dict[str, str]) -> Finding | None:
    if not re.fullmatch(SLUG_PATTERN, stem) or stem in RESERVED_IDS or len(stem) > 80:
        return finding_at(relative, "D110", f"{stem!r} is not a valid id",
                          "name the file with lowercase ASCII letters, digits and single "
                          "hyphens, like `crocus-city-hall.yaml` (`index` is reserved)", 1, 1)
    if stem in seen:
        return finding_at(relative, "D111", f"id {stem!r} is also used by {seen[stem]}",
                          "ids are unique across all kinds: rename one file", 1, 1)
    return None


def _read_text(root: Path, relative: str, texts: dict[str, bytes]) -> list[Finding]:
    text_path = Path(relative).with_suffix(".txt").as_posix()
    if (root / text_path).is_symlink():
        return []  # reported by _fact_files as a symbolic link; never followed
    try:
        raw = (root / text_path).read_bytes()
        raw.decode("utf-8")
    except FileNotFoundError:
        return [finding_at(relative, "D113", f"{text_path} is missing",
                           "store the source's verbatim text beside its metadata", 1, 1)]
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return [finding_at(text_path, "D101", f"byte {error.start} is not UTF-8",
                           "save the source text as UTF-8", line, 1)]
    texts[Path(relative).stem] = raw
    return []
