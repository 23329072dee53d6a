"""The dossier's settings (`dossier.toml`): few, optional, each with its default here."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

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


def load_settings(root: Path) -> tuple[Settings, list[Finding]]:
    path = root / SETTINGS
    if not path.is_file():
        return Settings(), []
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        return Settings(), [finding_at(SETTINGS, "D114", str(error),
                                       "fix the TOML syntax; see the comments in the file")]
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
    return Settings(tuple(labels), tuple(allowed), hops), []
