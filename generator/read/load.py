"""Stage 2, load: read every fact file into plain Python data, strictly and safely
(`strict_yaml`), and every source text as bytes. One bad file never hides the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..format.findings import Finding, finding_at
from ..format.ids import is_valid_id
from ..format.kinds import SOURCES
from ..utils.characters import REFUSED_HINT, first_refused
from ..utils.strict_yaml import LoadProblem, parse
from .scan import Scan, Stamp

if TYPE_CHECKING:
    from .record import Record

MAX_TEXT_BYTES = 5_000_000  # a source text: a long report is 0.2 MB


@dataclass(frozen=True)
class RawFile:
    """A fact file as parsed: its path (relative, as shown in findings), kind, id and data."""

    path: str
    kind: str
    id: str
    data: dict[str, Any]


@dataclass
class KnownFiles:
    """The files of the last build, for a process that builds the same dossier again and
    again (a `cache.BuildCache` holds one): each file as loaded and as validated, and each
    source text, kept while its stamp is unchanged. A build without one reads every file."""

    loaded: dict[str, tuple[Stamp, RawFile | Finding]] = field(default_factory=dict)
    validated: dict[str, tuple[RawFile, Record | list[Finding]]] = field(default_factory=dict)
    texts: dict[str, tuple[Stamp, bytes]] = field(default_factory=dict)


def load_file(root: Path, relative: str, kind: str) -> RawFile | Finding:
    """Load one fact file; problems come back as a Finding, never as an exception."""
    try:
        data = parse((root / relative).read_bytes())
    except LoadProblem as problem:
        return finding_at(relative, problem.code, problem.message, problem.hint,
                          problem.line, problem.col)
    return RawFile(relative, kind, Path(relative).stem, data)


def load(root: Path, scanned: Scan, known: KnownFiles,
         ) -> tuple[list[RawFile], dict[str, bytes], list[Finding]]:
    """Every fact file of the scan, and every source's text by its id. A file whose stamp
    is the one `known` holds is taken from there instead of read again; `known` then holds
    what this load read."""
    raws: list[RawFile] = []
    texts: dict[str, bytes] = {}
    findings: list[Finding] = list(scanned.findings)
    seen: dict[str, str] = {}
    loaded: dict[str, tuple[Stamp, RawFile | Finding]] = {}
    for relative, stamp in scanned.stamps.items():
        if not relative.endswith(".yaml"):
            continue
        stem = relative.rpartition("/")[2].removesuffix(".yaml")
        if problem := _id_problem(relative, stem, seen):
            findings.append(problem)
            continue
        seen[stem] = relative
        before = known.loaded.get(relative)
        raw = before[1] if before and before[0] == stamp else load_file(
            root, relative, relative.split("/")[1])
        loaded[relative] = (stamp, raw)
        if isinstance(raw, Finding):
            findings.append(raw)
            continue
        raws.append(raw)
        if raw.kind == SOURCES:
            findings += _read_text(root, relative, texts, scanned.stamps, known)
    known.loaded = loaded
    known.texts = {path: text for path, text in known.texts.items() if path in scanned.stamps}
    return raws, texts, findings


def _id_problem(relative: str, stem: str, seen: dict[str, str]) -> Finding | None:
    if not is_valid_id(stem):
        return finding_at(relative, "D110", f"{stem!r} is not a valid id",
                          "name the file with lowercase ASCII letters, digits and single "
                          "hyphens, like `crocus-city-hall.yaml` (`index` is reserved)", 1, 1)
    if stem in seen:
        return finding_at(relative, "D111", f"id {stem!r} is also used by {seen[stem]}",
                          "ids are unique across all kinds: rename one file", 1, 1)
    return None


def _read_text(root: Path, relative: str, texts: dict[str, bytes], stamps: dict[str, Stamp],
               known: KnownFiles) -> list[Finding]:
    text_path = relative.removesuffix(".yaml") + ".txt"  # facts/sources/<id>.yaml
    if text_path not in stamps and (root / text_path).is_symlink():
        return []  # reported by the scan as a symbolic link; never followed
    record_id = text_path.rpartition("/")[2].removesuffix(".txt")
    before = known.texts.get(text_path)
    if before and before[0] == stamps.get(text_path):
        texts[record_id] = before[1]
        return []
    try:
        if (size := (root / text_path).stat().st_size) > MAX_TEXT_BYTES:
            return [finding_at(text_path, "D107", f"the text is {size:,} bytes; the limit is "
                               f"{MAX_TEXT_BYTES:,}", "keep the part of the source the dossier "
                               "quotes, and say so in its label", 1, 1)]
        raw = (root / text_path).read_bytes()
        text = raw.decode("utf-8")
    except FileNotFoundError:
        return [finding_at(relative, "D113", f"{text_path} is missing",
                           "store the source's verbatim text beside its metadata", 1, 1)]
    except IsADirectoryError:
        return [finding_at(text_path, "D113", f"{text_path} is a folder, not the source's text",
                           "move the folder out of facts/sources/ and store the verbatim text "
                           "as a file of that name", 1, 1)]
    except OSError as error:  # unreadable: no permission, an I/O error
        return [finding_at(text_path, "D113", f"{text_path} cannot be read: "
                           f"{error.strerror or error}",
                           "give yourself read access to it (chmod u+r), or store it again", 1, 1)]
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return [finding_at(text_path, "D101", f"byte {error.start} is not UTF-8",
                           "save the source text as UTF-8", line, 1)]
    if refused := first_refused(text):
        line, col, what = refused
        return [finding_at(text_path, "D115", f"{what} is not allowed in a source text",
                           REFUSED_HINT, line, col)]
    texts[record_id] = raw
    if text_path in stamps:
        known.texts[text_path] = (stamps[text_path], raw)
    return []
