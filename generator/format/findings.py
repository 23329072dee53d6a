"""Findings: every problem the tool reports, with its place, a stable code and a hint.

The catalogue below is the one list of codes; the editors' guide is generated from it and a
test fails when a code is raised that is not listed here.
"""

from __future__ import annotations

import errno
import json
import os
from dataclasses import asdict, dataclass
from enum import Enum
from pathlib import Path

from ..utils.characters import printable, without_surrogates


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


CATALOGUE: dict[str, tuple[Severity, str]] = {
    "D101": (Severity.ERROR, "The file is not valid UTF-8 text."),
    "D102": (Severity.ERROR, "The file is not valid YAML."),
    "D103": (Severity.ERROR, "A tab character is used for indentation; YAML indents with spaces."),
    "D104": (Severity.ERROR, "A key appears twice in one mapping."),
    "D105": (Severity.ERROR, "YAML anchors and aliases (&name, *name) are not allowed."),
    "D106": (Severity.ERROR, "Explicit YAML tags (!!str, !!python/…) are not allowed."),
    "D107": (Severity.ERROR, "The file is larger than the limit."),
    "D108": (Severity.ERROR, "The file nests deeper than the limit."),
    "D109": (Severity.ERROR, "The file's top level is not a mapping of keys to values."),
    "D110": (Severity.ERROR, "The file name is not a valid id."),
    "D111": (Severity.ERROR, "Two files have the same id."),
    "D112": (Severity.ERROR, "A file in facts/ is not one the dossier reads."),
    "D113": (Severity.ERROR, "A source's verbatim text file is missing."),
    "D114": (Severity.ERROR, "The dossier's settings file (dossier.toml) is not valid."),
    "D115": (Severity.ERROR, "A file holds an invisible character that is not allowed (a control "
                             "character, a noncharacter, or a control that reorders text)."),
    "D116": (Severity.ERROR, "A list or mapping in a file holds more items than the limit."),
    "D117": (Severity.ERROR, "A file has more problems than are listed."),
    "D201": (Severity.ERROR, "A key is not part of the fact format."),
    "D202": (Severity.ERROR, "A required key is missing."),
    "D203": (Severity.ERROR, "A value does not have the form the fact format requires."),
    "D301": (Severity.ERROR, "A reference names an id that no fact file has."),
    "D302": (Severity.ERROR, "A reference names a thing of the wrong kind."),
    "D401": (Severity.ERROR, "A quote does not occur in its source text."),
    "D402": (Severity.ERROR, "A source text changed since its sha256 was pinned."),
    "D403": (Severity.WARNING, "A statement has no citation."),
    "D404": (Severity.ERROR, "Citation coverage is below the required minimum."),
    "D410": (Severity.ERROR, "Support is below the required minimum: too few cited "
                             "statements say what their quotes say."),
    "D411": (Severity.WARNING, "A figure's number is not in its quotes, in digits or words."),
    "D412": (Severity.WARNING, "A figure's qualifier (more than, about, up to…) does not "
                               "agree with the quote's wording."),
    "D413": (Severity.WARNING, "A date's day, month, year or time is not in its quotes."),
    "D414": (Severity.WARNING, "A name, alias or title, or the source's own wording of a role, "
                               "detail or date label, is not in its quotes; or a short form is "
                               "not made of words of the name."),
    "D415": (Severity.WARNING, "No quote of a relation, participant, place or publisher names "
                               "both ends."),
    "D416": (Severity.WARNING, "No quote of a legal status names the person and the step."),
    "D417": (Severity.WARNING, "A number or date written in a summary, claim or note is not in "
                               "its quotes."),
    "D418": (Severity.WARNING, "A value is declared `derived`, but a quote states it as it "
                               "stands."),
    "D419": (Severity.WARNING, "A declared derivation does not hold: a sum its quotes' numbers "
                               "do not make, or a kind that does not fit the statement."),
    "D601": (Severity.INFO, "Sources report different values for one figure."),
    "D602": (Severity.INFO, "A claim differs from the claims recorded on another event."),
    "D603": (Severity.ERROR, "The dossier's own words give a person who is not convicted a "
                             "label that states guilt."),
    "D604": (Severity.ERROR, "A person's legal steps are not listed in date order (the last "
                             "one is what the badge and the wording rules read)."),
    "D501": (Severity.ERROR, "A generated page would overwrite a file the generator did not "
                             "write."),
    "D502": (Severity.ERROR, "MkDocs could not build the site."),
    "D503": (Severity.ERROR, "A template under templates/ cannot be compiled or rendered."),
    "D504": (Severity.ERROR, "A built page holds markup that no template makes: a script, an "
                             "event handler, a javascript: link, a resource from another host "
                             "or a link that is not a source's url."),
    "D505": (Severity.ERROR, "The build could not write a file: no permission, no space left, "
                             "a read-only file system; content/ and site/ stay as they were."),
    "D506": (Severity.ERROR, "A link under content/ leads out of content/, or to nothing, or "
                             "a folder the generator writes into is a link; MkDocs would "
                             "publish whatever it leads to."),
    "D507": (Severity.ERROR, "The search index (Pagefind) could not be built; site/ stays as "
                             "it was."),
}


@dataclass(frozen=True, order=True)
class Finding:
    """One problem, at one place. Sorting orders findings by path, line and column."""

    path: str
    line: int
    col: int
    code: str
    message: str
    hint: str = ""

    @property
    def severity(self) -> Severity:
        return CATALOGUE[self.code][0]

    def format(self) -> str:
        """`path:line:col: CODE: message` and the hint, as printed to a terminal: nothing in
        it (a file name, a quote, a source's words) can hold a control character."""
        path = printable(self.path)
        place = f"{path}:{self.line}:{self.col}" if self.line else path
        text = f"{place}: {self.code}: {printable(self.message)}"
        return f"{text}\n    hint: {printable(self.hint)}" if self.hint else text

    def as_json(self) -> dict[str, object]:
        """The finding as JSON data; a file name that is not UTF-8 has its bytes escaped,
        so that the JSON is UTF-8 whatever the name."""
        return {**asdict(self), "path": without_surrogates(self.path),
                "severity": self.severity.value}

    def as_github(self) -> str:
        """A GitHub Actions workflow command, escaped as its spec requires so that no
        path or message can end the command or start another."""
        level = {"error": "error", "warning": "warning", "info": "notice"}[self.severity.value]
        message = _github_escape(printable(f"{self.code}: {self.message}. Hint: {self.hint}"))
        path = _github_escape(printable(self.path), is_property=True)
        return f"::{level} file={path},line={self.line or 1},col={self.col or 1}::{message}"


def _github_escape(text: str, is_property: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if is_property else text


def finding_at(path: Path | str, code: str, message: str, hint: str = "",
               line: int = 0, col: int = 0) -> Finding:
    if code not in CATALOGUE:
        raise KeyError(f"finding code {code} is not in the catalogue")
    return Finding(str(path), line, col, code, message, hint)


NO_ACCESS = ("give yourself write access to the folder (`chmod u+w {folder}`), or build a "
             "copy of the dossier that you own")
WRITE_HINTS = {
    errno.EACCES: NO_ACCESS,
    errno.EPERM: NO_ACCESS,
    errno.ENOSPC: "free space on the disk that holds the folder (`df -h {folder}` shows it), "
                  "then build again",
    errno.EDQUOT: "your disk quota is used up (`quota` shows it): free space, then build again",
    errno.EROFS: "the folder is on a read-only file system (`findmnt -T {folder}` shows it): "
                 "remount it read-write, or build a copy of the dossier on a writable disk",
}


def cannot_write(root: Path, error: OSError) -> Finding:
    """The finding for an error of the system met while writing (D505): the file, the
    system's reason, and what to do about it."""
    name = error.filename if isinstance(error.filename, (str, bytes, os.PathLike)) else ""
    path = os.path.abspath(os.fsdecode(name)) if name else os.path.abspath(root)
    folder = os.path.dirname(path) if name else path
    while not os.path.isdir(folder) and os.path.dirname(folder) != folder:
        folder = os.path.dirname(folder)  # the nearest folder that exists, to fix or to df
    reason = error.strerror or str(error)
    code = errno.errorcode.get(error.errno or 0, "")
    hint = WRITE_HINTS.get(error.errno or 0, "fix what the system reports about `{folder}`, "
                           "then build again")
    return finding_at(_within(root, path), "D505", f"cannot write: {reason}" + (
        f" ({code})" if code else ""), hint.format(folder=_within(root, folder)))


def _within(root: Path, path: str) -> str:
    """`path` relative to the dossier's folder when it is in it, with slashes."""
    try:
        return Path(path).relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        return path


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)


def format_findings(findings: list[Finding], style: str = "text") -> str:
    ordered = sorted(findings)
    if style == "json":
        return json.dumps([f.as_json() for f in ordered], indent=2, ensure_ascii=False)
    if style == "github":
        return "\n".join(f.as_github() for f in ordered)
    return "\n".join(f.format() for f in ordered)
