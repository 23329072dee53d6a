"""`dossier new`: a valid, commented fact file with the right id, or a stored source text
with its pinned hash. The comments are the model's own field docs; nothing is overwritten."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..format.findings import Finding, finding_at
from ..format.ids import is_valid_id, slug, source_id
from ..format.kinds import SOURCES, by_word, model_of
from ..read.scan import FACTS
from ..utils.characters import REFUSED_HINT, first_refused


def new_entity(root: Path, kind: str, name: str, record_id: str = "") -> tuple[Path | None,
                                                                             list[Finding]]:
    folder = by_word(kind).folder
    record_id = record_id or slug(name)
    problem = _id_problem(root, folder, record_id)
    if problem:
        return None, [problem]
    path = root / FACTS / folder / f"{record_id}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_entity_text(folder, name), "utf-8")
    return path, []


def new_source(root: Path, text_file: Path, label: str, record_id: str = "",
               language: str = "en") -> tuple[Path | None, list[Finding]]:
    record_id = record_id or source_id(label)
    problem = _id_problem(root, SOURCES, record_id)
    if problem:
        return None, [problem]
    try:
        raw = text_file.read_bytes()
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return None, [finding_at(str(text_file), "D101", f"cannot use the text: {error}",
                                 "give a UTF-8 text file", 1, 1)]
    if refused := first_refused(text):
        line, col, what = refused
        return None, [finding_at(str(text_file), "D115", f"{what} is not allowed in a source "
                                 "text", REFUSED_HINT, line, col)]
    folder = root / FACTS / SOURCES
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{record_id}.txt").write_bytes(raw)
    path = folder / f"{record_id}.yaml"
    path.write_text(_source_text(label, hashlib.sha256(raw).hexdigest(), language), "utf-8")
    return path, []


def _id_problem(root: Path, folder: str, record_id: str) -> Finding | None:
    where = f"{FACTS}/{folder}/{record_id or '?'}.yaml"
    if not is_valid_id(record_id):
        return finding_at(where, "D110", f"{record_id!r} is not a valid id",
                          "give --id with lowercase letters, digits and single hyphens", 1, 1)
    taken = sorted((root / FACTS).glob(f"*/{record_id}.yaml"))
    if taken:
        return finding_at(where, "D111", f"id {record_id!r} is already used by "
                          f"{taken[0].relative_to(root).as_posix()}",
                          "nothing was written; choose another id with --id", 1, 1)
    return None


def _entity_text(folder: str, name: str) -> str:
    model = model_of(folder)
    lines = [f"# yaml-language-server: $schema=../../schemas/{folder}.schema.json",
             f"# {_first_sentence(model.__doc__ or '')}",
             "# Every statement needs `cite:`: the source id and a passage copied verbatim from",
             "# facts/sources/<source>.txt. `dossier check` tells what is missing.",
             "name:", f"  value: {json.dumps(name, ensure_ascii=False)}",
             "  cite: []  # - source: <source-id>",
             "            #   quote: <the passage that gives this name>"]
    for field, info in model.model_fields.items():
        if field != "name":
            lines.append(f"# {field}: {_first_sentence(info.description or '')}")
    return "\n".join(lines) + "\n"


def _source_text(label: str, digest: str, language: str) -> str:
    lines = ["# yaml-language-server: $schema=../../schemas/sources.schema.json",
             "# A source text. State only the metadata the text itself gives; leave the rest out",
             "# and the site shows it as \"not stated\".",
             f"label: {json.dumps(label, ensure_ascii=False)}",
             f"sha256: {digest}", f"language: {language}"]
    for field, info in model_of(SOURCES).model_fields.items():
        if field not in ("label", "sha256", "language"):
            lines.append(f"# {field}: {_first_sentence(info.description or '')}")
    return "\n".join(lines) + "\n"


def _first_sentence(text: str) -> str:
    flat = " ".join(text.split())
    return flat.split(". ")[0].rstrip(".") + "."
