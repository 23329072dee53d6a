"""The registry of data files: every format the dossier is published in as data.

Each format is one module of this package with a `files()` function that lists its data
files; a new format is one module and one line in `FORMATS`. The data files are written
into `content/data/` with the pages, and so published inside the site; the open-data page
lists them in this order, with what each holds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..check.resolve import Dossier
from ..utils.memo import Memo
from . import dossier_json, ftm, tables

DATA = "data"
"""The folder of `content/` the data files are written into."""


@dataclass(frozen=True)
class DataFile:
    """One data file: its name in `data/`, what it holds (in a reader's words, for the
    open-data page), and how it is made from the checked dossier."""

    name: str
    holds: str
    make: Callable[[Dossier, Memo], str]

    @property
    def path(self) -> str:
        """Its path under `content/`."""
        return f"{DATA}/{self.name}"


FORMATS = (dossier_json, ftm, tables)


def data_files() -> list[DataFile]:
    """Every data file, in the order the open-data page lists them."""
    return [DataFile(*made) for module in FORMATS for made in module.files()]


def paths() -> list[str]:
    """The path of every data file under `content/`."""
    return [file.path for file in data_files()]


def render_data(dossier: Dossier, memo: Memo) -> dict[str, str]:
    """Every data file, by its path under `content/` (`memo` keeps each record's part)."""
    return {file.path: file.make(dossier, memo) for file in data_files()}
