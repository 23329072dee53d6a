"""The registry of data files: every format the dossier is published in as data.

Each format is one module of this package with its name (`FORMAT`) and a `files()`
function that lists its data files; a new format is one module and one line in `FORMATS`.
The data files are written into `content/data/` with the pages, and so published inside the
site; the open-data page lists them in this order, with their format, what each holds and
its size.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..check.resolve import Dossier
from ..utils.memo import Memo
from . import dossier_json, ftm, json_ld, tables

DATA = "data"
"""The folder of `content/` the data files are written into."""


@dataclass(frozen=True)
class DataFile:
    """One data file: its name in `data/`, what it holds (in a reader's words, for the
    open-data page), how it is made from the checked dossier, and its format's name."""

    name: str
    holds: str
    make: Callable[[Dossier, Memo], str]
    format: str

    @property
    def path(self) -> str:
        """Its path under `content/`."""
        return f"{DATA}/{self.name}"


FORMATS = (dossier_json, ftm, json_ld, tables)
"""Each module: `FORMAT`, its format's name, and `files()`, its files (name, what each
holds, how it is made)."""


def data_files() -> list[DataFile]:
    """Every data file, in the order the open-data page lists them."""
    return [DataFile(name, holds, make, module.FORMAT)
            for module in FORMATS for name, holds, make in module.files()]


def paths() -> list[str]:
    """The path of every data file under `content/`."""
    return [file.path for file in data_files()]


def render_data(dossier: Dossier, memo: Memo) -> dict[str, str]:
    """Every data file, by its path under `content/` (`memo` keeps each record's part)."""
    return {file.path: file.make(dossier, memo) for file in data_files()}
