"""The templates of a dossier as Jinja compiles them: configured for Markdown (every value a
template prints is escaped for Markdown and HTML unless Python marked it as Markdown it built
itself), and their mistakes as findings at the template and line."""

from __future__ import annotations

import os
import traceback
from pathlib import Path

import jinja2

from ..format.findings import Finding, finding_at
from ..read.scan import TEMPLATES, Stamp, templates
from ..utils.escape import md_text


class Templates:
    """The compiled templates of one dossier, kept while the template files are the same
    (told apart by stamp: Jinja's own check of modified times would miss a template copied
    over with its time kept). A build cache keeps one between builds; a fresh build
    compiles the templates once."""

    def __init__(self) -> None:
        self._version: tuple[Path, list[tuple[str, Stamp | None]]] | None = None
        self._environment: jinja2.Environment | None = None
        self.compiled = 0  # how many times the templates were compiled

    def environment(self, root: Path) -> jinja2.Environment:
        version = (root, templates(root))
        if self._environment is None or version != self._version:
            self._version, self._environment = version, _environment(root)
            self.compiled += 1
        return self._environment


def _environment(root: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(root / TEMPLATES),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # the output is Markdown: `finalize` escapes for it instead
        finalize=md_text,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def template_problems(root: Path, env: jinja2.Environment) -> list[Finding]:
    """Every template (`*.j2` under templates/) that cannot be read or compiled."""
    found = []
    for path, _ in templates(root):
        if path.endswith(".j2"):
            name = path.removeprefix(TEMPLATES + "/")
            try:
                env.get_template(name)
            except (jinja2.TemplateError, OSError, UnicodeDecodeError) as error:
                found.append(_template_finding(error, name, _template_frame(root, error)))
    return found


def template_problem(root: Path, error: Exception) -> Finding | None:
    """An error raised while rendering, as a finding at the template and line it comes
    from (Jinja puts the template's own lines into the traceback); None when it does not
    come from a template: that is the generator's own bug, and stays a traceback."""
    frame = _template_frame(root, error)
    if frame is None and not isinstance(error, jinja2.TemplateError):
        return None
    return _template_finding(error, getattr(error, "name", None) or "", frame)


def _template_frame(root: Path, error: BaseException) -> tuple[str, int] | None:
    """The innermost frame of a template in the traceback of `error`: its name and line."""
    folder = os.path.abspath(root / TEMPLATES) + os.sep
    found = None
    for frame in traceback.extract_tb(error.__traceback__):
        here = os.path.abspath(frame.filename)
        if here.startswith(folder):
            found = Path(here[len(folder):]).as_posix(), frame.lineno or 0
    return found


def _template_finding(error: BaseException, name: str, frame: tuple[str, int] | None,
                      ) -> Finding:
    line = getattr(error, "lineno", None) or 0
    if frame is not None:
        name, line = frame
    message = getattr(error, "message", None) or str(error)
    return finding_at(f"{TEMPLATES}/{name}" if name else TEMPLATES, "D503",
                      f"{type(error).__name__}: {message}",
                      "the templates are the dossier's own code: fix this one, or restore it "
                      "with `git checkout -- templates/`", line, 1 if line else 0)
