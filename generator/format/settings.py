"""The dossier's settings (`dossier.toml`): few, optional, each with its default here."""

from __future__ import annotations

import os
import stat
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..utils.characters import REFUSED_HINT, first_refused
from .findings import Finding, finding_at
from .ids import is_valid_id

SETTINGS = "dossier.toml"
DEFAULT_GUILT_LABELS = ("terrorist", "perpetrator", "murderer", "killer", "assassin",
                        "culprit", "criminal", "guilty")
SECTIONS = ("wording", "graph", "data", "site", "home")
ENGINES = ("mkdocs", "zensical")
MAX_BYTES = 1_000_000
MAX_LICENCE = 300  # characters


@dataclass(frozen=True)
class Settings:
    """What `dossier.toml` sets; each field's key there, form and meaning are in `DOCUMENTED`
    (the format reference lists them from there)."""

    guilt_labels: tuple[str, ...] = DEFAULT_GUILT_LABELS
    allowed_phrases: tuple[str, ...] = ("terrorist attack", "terrorist act", "terrorist threat",
                                        "terrorist organization", "terrorist organisation",
                                        "terrorist group")
    graph_hops: int = 1
    """How many steps of relations the drawing on each entity's page shows in full; one step
    further, it shows who stands beside its subject there (the other participants of an
    event, members of an organisation, relatives of a relative: `render/graph.py`)."""
    data_licence: str = ""
    engine: str = "mkdocs"
    home_subject: str = ""


@dataclass(frozen=True)
class Setting:
    """One key of `dossier.toml`, as the format reference documents it."""

    section: str
    key: str
    field: str  # of `Settings`
    form: str
    meaning: str


DOCUMENTED = (
    Setting("wording", "guilt_labels", "guilt_labels", "a list of words",
            "Words that state guilt: the dossier may not use them in its own voice (summaries, "
            "roles, aliases, status details) about a person who is not convicted. Quotations "
            "and the quotes of citations are exempt; case and regular plurals are ignored."),
    Setting("wording", "allowed_phrases", "allowed_phrases", "a list of phrases",
            "Phrases in which such a word describes a thing, not a person: never flagged."),
    Setting("graph", "hops", "graph_hops", "1, 2 or 3",
            "How many steps of relations each page's graph shows around its subject."),
    Setting("data", "licence", "data_licence", f"a text of up to {MAX_LICENCE} characters",
            "The licence of the open data, as the open-data page states it (\"not stated\" "
            "when left out)."),
    Setting("home", "subject", "home_subject", "the id of an event",
            "The event the home page tells first (what, when, where, the figures, who took "
            "part). Left out: of the events with figures, the one the most records point at or "
            "take part in."),
    Setting("site", "engine", "engine", " or ".join(f'"{e}"' for e in ENGINES),
            "The site engine `dossier build` uses: MkDocs with mkdocs-material, or Zensical; "
            "both read mkdocs.yml. `dossier build --engine` overrides it for one build."),
)
"""Every setting, in the order of the file's sections."""


def load_settings(root: Path) -> tuple[Settings, list[Finding]]:
    """The settings of `dossier.toml`, or the defaults and a finding (D114, D115) for
    whatever is wrong with it: a pull request may change it like any fact file."""
    try:
        data = tomllib.loads(_read(root / SETTINGS))
    except FileNotFoundError:
        return Settings(), []
    except (OSError, ValueError) as error:  # TOML and UTF-8 errors are ValueErrors
        return Settings(), [finding_at(SETTINGS, "D114", str(error) or type(error).__name__,
                                       "fix the TOML syntax; see the comments in the file")]
    for text in _strings(data):
        if refused := first_refused(text):
            return Settings(), [finding_at(SETTINGS, "D115", f"{refused[2]} is not allowed",
                                           REFUSED_HINT)]
    for name in SECTIONS:
        if not isinstance(data.get(name, {}), dict):
            return Settings(), [finding_at(SETTINGS, "D114", f"{name} must be a section",
                                           f"write it as a line [{name}] with its keys below")]
    return _settings(data)


def _read(path: Path) -> str:
    """A regular file's text, never through a link (it could lead to a device that never
    ends), and no larger than `MAX_BYTES`."""
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(handle, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            raise OSError(f"{SETTINGS} is not a regular file")
        raw = stream.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise ValueError(f"{SETTINGS} is larger than {MAX_BYTES:,} bytes")
    return raw.decode("utf-8")


def _settings(data: dict[str, Any]) -> tuple[Settings, list[Finding]]:
    wording, graph = data.get("wording", {}), data.get("graph", {})
    labels = wording.get("guilt_labels", list(DEFAULT_GUILT_LABELS))
    if not isinstance(labels, list) or not all(isinstance(w, str) and w for w in labels):
        return Settings(), [finding_at(SETTINGS, "D114", "wording.guilt_labels must be a list "
                                       "of words", 'write it as guilt_labels = ["a", "b"]')]
    hops = graph.get("hops", 1)
    if type(hops) is not int or not 1 <= hops <= 3:
        return Settings(), [finding_at(SETTINGS, "D114", "graph.hops must be 1, 2 or 3",
                                       "write it as hops = 1")]
    allowed = wording.get("allowed_phrases", list(Settings.allowed_phrases))
    if not isinstance(allowed, list) or not all(isinstance(w, str) and w for w in allowed):
        return Settings(), [finding_at(SETTINGS, "D114", "wording.allowed_phrases must be a "
                                       "list of phrases", 'write it as allowed_phrases = ["a b"]')]
    licence = data.get("data", {}).get("licence", "")
    if not isinstance(licence, str) or len(licence) > MAX_LICENCE:
        return Settings(), [finding_at(SETTINGS, "D114", "data.licence must be a text of up to "
                                       f"{MAX_LICENCE} characters",
                                       'write it as licence = "CC BY 4.0" under [data]')]
    engine = data.get("site", {}).get("engine", "mkdocs")
    if engine not in ENGINES:
        return Settings(), [finding_at(SETTINGS, "D114", "site.engine must be "
                                       + " or ".join(f'"{e}"' for e in ENGINES),
                                       'write it as engine = "mkdocs"')]
    subject = data.get("home", {}).get("subject", "")
    if not isinstance(subject, str) or (subject and not is_valid_id(subject)):
        return Settings(), [finding_at(SETTINGS, "D114", "home.subject must be the id of an "
                                       "event", 'write it as subject = "the-event-id" under '
                                       "[home], the name of the event's file without .yaml")]
    return Settings(tuple(labels), tuple(allowed), hops, " ".join(licence.split()),
                    engine, subject), []


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
