"""The `dossier` command: a thin layer over `generator.build`.

Exit status: 0 clean, 1 findings, 2 usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import build as commands
from .check import coverage_table
from .findings import Finding, format_findings, has_errors


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="dossier", description="Build and check a fact dossier.")
    top.add_argument("--root", type=Path, default=Path("."),
                     help="the dossier's top folder (default: the current folder)")
    sub = top.add_subparsers(dest="command", required=True)
    for name, text in (("check", "check every fact file; write nothing"),
                       ("build", "facts → content/ → site/, all or nothing"),
                       ("generate", "facts → content/ only")):
        command = sub.add_parser(name, help=text, description=text)
        command.add_argument("--min-coverage", type=float, default=100.0, metavar="PERCENT",
                             help="fail when citation coverage is below this (default 100)")
        command.add_argument("--format", choices=("text", "json", "github"), default="text",
                             help="how findings are printed (default text)")
    serve = sub.add_parser("serve", help="live preview: edit facts, see the page refresh")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="IP:PORT")
    sub.add_parser("clean", help="remove generated pages, site/ and the staging area; "
                   "hand-written pages stay")
    pin = sub.add_parser("pin", help="accept a changed source text after re-checking its quotes")
    pin.add_argument("source", help="the source's id")
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    root = args.root.resolve()
    if args.command == "serve":
        from .serve import serve

        return serve(root, args.dev_addr)
    if args.command == "clean":
        removed = commands.clean(root)
        print(f"removed {len(removed)} generated files and folders", file=sys.stderr)
        return 0
    if args.command == "pin":
        return _report(commands.pin(root, args.source), "text",
                       f"pinned facts/sources/{args.source}.txt")
    outcome = {"check": commands.check, "build": commands.build,
               "generate": commands.generate}[args.command](root, args.min_coverage)
    summary = _summary(args.command, outcome)
    if args.format == "text" and outcome.checked is not None:
        print(coverage_table(outcome.checked.evidence), file=sys.stderr)
    return _report(outcome.findings, args.format, summary)


def _summary(command: str, outcome: commands.Outcome) -> str:
    checked = outcome.checked
    if checked is None:
        return ""
    overall_records = len(checked.dossier.records)
    text = (f"{overall_records} fact files, {len(checked.evidence.statements)} statements, "
            f"{len(checked.evidence.spans)} quotes verified")
    if outcome.report is not None:
        text += (f"; {len(outcome.report.written)} pages written, "
                 f"{len(outcome.report.removed)} removed, {outcome.report.unchanged} unchanged")
        if command == "build":
            text += "; site/ is ready: open site/index.html or run `dossier serve`"
    return text


def _report(findings: list[Finding], style: str, success: str) -> int:
    if findings:
        print(format_findings(findings, style), file=sys.stdout if style != "text" else sys.stderr)
    failed = has_errors(findings)
    if style == "text":
        print(f"{len(findings)} findings; failed" if failed else success or "ok",
              file=sys.stderr)
    return 1 if failed else 0
