"""How the CLI talks: the report (findings, coverage, the summary) on standard output, so
that `dossier check > report.txt` keeps it; stage progress for long runs and the tool's own
trouble on standard error; findings coloured by severity only on a terminal (and never
with NO_COLOR); --quiet / --verbose."""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

from ..format.findings import Finding, Severity

COLOURS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}
LONG_RUN = 500  # fact files; below this a run is quick enough to need no progress lines


class Console:
    """The CLI's voice. Verbosity: 0 quiet (errors only), 1 normal, 2 verbose."""

    def __init__(self, verbosity: int = 1, stream: TextIO | None = None,
                 diagnostics: TextIO | None = None):
        stream = stream or sys.stdout  # the streams of now, not of when this was imported
        self.verbosity, self.stream = verbosity, stream
        self.diagnostics = diagnostics or sys.stderr
        self.colour = stream.isatty() and not os.environ.get("NO_COLOR")
        self.started = time.perf_counter()
        self.stage = ""

    def say(self, text: str, level: int = 1) -> None:
        if self.verbosity >= level:
            print(text, file=self.stream)

    def complain(self, text: str) -> None:
        """The tool's own trouble (a git ref it cannot read), not a finding of the report."""
        print(text, file=self.diagnostics)

    def findings(self, findings: list[Finding]) -> None:
        for finding in sorted(findings):
            if self.verbosity == 0 and finding.severity is not Severity.ERROR:
                continue
            text = finding.format()
            if self.colour:
                text = text.replace(f" {finding.code}: ",
                                    f" \033[{COLOURS[finding.severity]}m{finding.code}\033[0m: ",
                                    1)
            print(text, file=self.stream)

    def progress(self, stage: str, count: int) -> None:
        """A line per stage with the time so far: always when verbose, and for long runs."""
        if self.verbosity >= 2 or (self.verbosity == 1 and count >= LONG_RUN):
            elapsed = time.perf_counter() - self.started
            items = f" ({count:,})" if count else ""
            print(f"dossier: {stage}{items} at {elapsed:.1f} s", file=self.diagnostics)

    def summary(self, findings: list[Finding], success: str) -> None:
        counts = {s: sum(f.severity is s for f in findings) for s in Severity}
        parts = [f"{counts[s]} {name}{'s' if counts[s] > 1 else ''}" for s, name in (
                 (Severity.ERROR, "error"), (Severity.WARNING, "warning"),
                 (Severity.INFO, "note")) if counts[s]]
        if counts[Severity.ERROR]:
            self.say(f"failed: {', '.join(parts)}", 0)
        else:
            self.say(success + (f" ({', '.join(parts)})" if parts else ""))
