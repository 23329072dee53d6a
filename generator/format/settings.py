"""The dossier's settings (`dossier.toml`): few, optional, each with its default here."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..utils.characters import REFUSED_HINT, first_refused
from .findings import Finding, finding_at

SETTINGS = "dossier.toml"
DEFAULT_GUILT_LABELS = ("terrorist", "perpetrator", "murderer", "killer", "assassin",
                        "culprit", "criminal", "guilty")


@dataclass(frozen=True)
class Settings:
    guilt_labels: tuple[str, ...] = DEFAULT_GUILT_LABELS
    """Words that state guilt: not allowed in the dossier's own text about the unconvicted."""
    allowed_phrases: tuple[str, ...] = ("terrorist attack", "terrorist act", "terrorist threat",
                                        "terrorist organization", "terrorist organisation",
                                        "terrorist group")
    """Phrases where a label describes a thing, not a person: never flagged."""
    graph_hops: int = 1
    """How many steps of relations each page's graph shows around its subject."""
    data_licence: str = ""
    """The licence of the open data, as the data page states it ("" when not stated)."""


def load_settings(root: Path) -> tuple[Settings, list[Finding]]:
    path = root / SETTINGS
    if not path.is_file():
        return Settings(), []
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        return Settings(), [finding_at(SETTINGS, "D114", str(error),
                                       "fix the TOML syntax; see the comments in the file")]
    for text in _strings(data):
        if refused := first_refused(text):
            return Settings(), [finding_at(SETTINGS, "D115", f"{refused[2]} is not allowed",
                                           REFUSED_HINT)]
    labels = data.get("wording", {}).get("guilt_labels", list(DEFAULT_GUILT_LABELS))
    if not isinstance(labels, list) or not all(isinstance(w, str) and w for w in labels):
        return Settings(), [finding_at(SETTINGS, "D114", "wording.guilt_labels must be a list "
                                       "of words", 'write it as guilt_labels = ["a", "b"]')]
    hops = data.get("graph", {}).get("hops", 1)
    if not isinstance(hops, int) or not 1 <= hops <= 3:
        return Settings(), [finding_at(SETTINGS, "D114", "graph.hops must be 1, 2 or 3",
                                       "write it as hops = 1")]
    allowed = data.get("wording", {}).get("allowed_phrases", list(Settings.allowed_phrases))
    if not isinstance(allowed, list) or not all(isinstance(w, str) and w for w in allowed):
        return Settings(), [finding_at(SETTINGS, "D114", "wording.allowed_phrases must be a "
                                       "list of phrases", 'write it as allowed_phrases = ["a b"]')]
    licence = data.get("data", {}).get("licence", "")
    if not isinstance(licence, str) or len(licence) > 300:
        return Settings(), [finding_at(SETTINGS, "D114", "data.licence must be a short text",
                                       'write it as licence = "CC BY 4.0"')]
    return Settings(tuple(labels), tuple(allowed), hops, " ".join(licence.split())), []


def _strings(value: object) -> Iterator[str]:
    """Every key and string value in parsed TOML."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
