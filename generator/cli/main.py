"""The `dossier` command: a thin layer over `generator.build`.

Exit status: 0 clean, 1 findings, 2 usage.

`generate` and `build` first look at the receipt of the last build (`receipt`): when
nothing changed they report what that build reported, before the rest of the generator is
even imported.
"""

from __future__ import annotations

import argparse
import gc
from pathlib import Path
from typing import TYPE_CHECKING

from ..format.findings import Finding, cannot_write, format_findings, has_errors
from ..format.kinds import in_page_order
from ..output.receipt import Receipt, Report
from .console import Console

if TYPE_CHECKING:
    from ..build import Outcome, Progress

ROWS, FULL = 8, 10_000  # rows of the coverage table, and with --verbose


def _global_options(parser: argparse.ArgumentParser, top: bool) -> None:
    """`--root`, `-q` and `-v`, which may come before or after the command, as in git. A
    command's copies have no default, so as not to undo what came before the command."""
    unset = argparse.SUPPRESS
    parser.add_argument("--root", type=Path, default=Path(".") if top else unset,
                        help="the dossier's top folder (default: the current folder)")
    loudness = parser.add_mutually_exclusive_group()
    loudness.add_argument("-q", "--quiet", action="store_true", default=False if top else unset,
                          help="print errors only")
    loudness.add_argument("-v", "--verbose", action="store_true",
                          default=False if top else unset,
                          help="print every stage with its time, and the full coverage table")


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="dossier", description="Build and check a fact dossier.")
    _global_options(top, True)
    sub = top.add_subparsers(dest="command", required=True)
    for name, text in (("check", "check every fact file; write nothing"),
                       ("build", "facts → content/ → site/, all or nothing"),
                       ("generate", "facts → content/ only")):
        command = sub.add_parser(name, help=text, description=text)
        command.add_argument("--min-coverage", type=float, default=100.0, metavar="PERCENT",
                             help="fail when citation coverage is below this (default 100)")
        command.add_argument("--min-support", type=float, default=100.0, metavar="PERCENT",
                             help="fail when fewer cited statements than this are supported "
                             "by their quotes or derived (default 100)")
        command.add_argument("--format", choices=("text", "json", "github"), default="text",
                             help="how findings are printed (default text)")
        if name != "check":
            command.add_argument("--full", action="store_true",
                                 help="check and render everything even when the receipt of "
                                 "the last build says nothing changed since")
        if name == "build":
            command.add_argument("--engine", choices=("mkdocs", "zensical"),
                                 help="the site engine for this build (default: dossier.toml's "
                                 "site.engine, else mkdocs); builds everything")
    serve = sub.add_parser("serve", help="live preview: edit facts, see the page refresh")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="IP:PORT")
    serve.add_argument("--poll", action="store_true",
                       help="look for changes twice a second instead of waiting for the "
                       "system's file events (for file systems that send none)")
    new = sub.add_parser("new", help="start a fact file (or store a source text) with the "
                         "right id; never overwrites")
    new.add_argument("kind", choices=[kind.word for kind in in_page_order()])
    new.add_argument("name", nargs="?", default="", help="the name (for a source: its label)")
    new.add_argument("--id", default="", help="the id (default: made from the name)")
    new.add_argument("--text", type=Path, help="for a source: the verbatim text file to store")
    new.add_argument("--label", default="", help="for a source: how the dossier refers to it")
    new.add_argument("--language", default="en", help="for a source: its language code")
    changes = sub.add_parser("diff", help="what a change does to the dossier since a git ref")
    changes.add_argument("ref", help="a git ref: main, HEAD~1, a commit")
    changes.add_argument("--format", choices=("text", "markdown"), default="text",
                         help="text for a terminal, markdown for a CI job summary")
    sub.add_parser("clean", help="remove generated pages, site/ and the staging area; "
                   "hand-written pages stay")
    pin = sub.add_parser("pin", help="accept a changed source text after re-checking its quotes")
    pin.add_argument("source", help="the source's id")
    for command in sub.choices.values():
        _global_options(command, False)
    return top


def main(argv: list[str] | None = None) -> int:
    words = parser()
    args = words.parse_args(argv)
    if args.quiet and args.verbose:  # one before the command, one after
        words.error("argument -v/--verbose: not allowed with argument -q/--quiet")
    root = args.root.resolve()
    console = Console(0 if args.quiet else 2 if args.verbose else 1)
    if args.command == "serve":
        from ..preview.serve import serve

        return serve(root, args.dev_addr, args.poll)
    if args.command == "new":
        return _new(root, args, console)
    if args.command == "diff":
        from .diff import DiffError, diff, render

        try:
            print(render(diff(root, args.ref), markdown=args.format == "markdown"), end="")
        except DiffError as error:
            console.complain(f"dossier diff: cannot read {args.ref!r}: {error}")
            return 2
        return 0
    if args.command in ("generate", "build"):
        return _generate_or_build(root, args, console)
    from .. import commands

    if args.command == "clean":
        try:
            console.say(f"removed {len(commands.clean(root))} generated files and folders")
        except OSError as error:
            return _report(console, [cannot_write(root, error)], "text", "")
        return 0
    if args.command == "pin":
        return _report(console, commands.pin(root, args.source), "text",
                       f"pinned facts/sources/{args.source}.txt")
    from ..build import Outcome, check

    checked = check(root, min_coverage=args.min_coverage, min_support=args.min_support,
                    progress=frozen(console.progress))
    return _print(console, args, Outcome(checked, checked.findings))


def _generate_or_build(root: Path, args: argparse.Namespace, console: Console) -> int:
    """Build, or when the receipt of the last build shows that nothing changed since,
    report what that build reported (the same lines, in every --format) and write nothing.
    The build lock is held throughout: no other build writes what the receipt vouches for."""
    from ..output.journal import building

    try:
        with building(root):
            return _generate_or_build_now(root, args, console)
    except OSError as error:  # the lock, or finishing what a killed build left
        return _report(console, [cannot_write(root, error)], args.format, "")


def _generate_or_build_now(root: Path, args: argparse.Namespace, console: Console) -> int:
    site = args.command == "build"
    engine = getattr(args, "engine", None)
    receipt = Receipt(root, args.min_coverage, args.min_support)
    receipt.begin()
    if not (args.full or engine) and (report := receipt.unchanged(site)) is not None:
        console.progress("nothing changed since the last build (--full builds anyway)",
                         report.records)
        return _print(console, args, report)
    from ..build import build
    from ..output.write import read_manifest

    outcome = build(root, site=site, min_coverage=args.min_coverage,
                    min_support=args.min_support, progress=frozen(console.progress),
                    engine=engine)
    if outcome.ok and outcome.report is not None and not engine:  # the receipt of what is
        # now there; none after a build with another engine than the settings', so that the
        # next build is a real one
        receipt.save(_report_of(outcome), site, read_manifest(root / "content"))
    else:
        receipt.forget()
    return _print(console, args, outcome)


def _report_of(outcome: Outcome) -> Report:
    """What a build reported, complete (both coverage tables), as a receipt keeps it."""
    from ..check.coverage import coverage_table

    checked, written = outcome.checked, outcome.report
    assert checked is not None and written is not None
    return Report(outcome.findings, len(checked.dossier.records),
                  len(checked.evidence.statements), len(checked.evidence.spans),
                  written.unchanged + len(written.written),
                  coverage_table(checked.evidence, ROWS), coverage_table(checked.evidence, FULL))


def _print(console: Console, args: argparse.Namespace, done: Outcome | Report) -> int:
    """Report a run: the coverage table and findings (text), or the findings alone (json,
    github); a run answered from a receipt reads exactly as the build it stands for."""
    if isinstance(done, Report):
        findings, coverage = done.findings, done.coverage_full if args.verbose else done.coverage
        counts: tuple[int, int, int] | None = (done.records, done.statements, done.quotes)
        written: tuple[int, int, int] | None = (0, 0, done.pages)
    else:
        from ..check.coverage import coverage_table

        findings, checked, report = done.findings, done.checked, done.report
        coverage = "" if checked is None else coverage_table(
            checked.evidence, FULL if args.verbose else ROWS)
        counts = None if checked is None else (len(checked.dossier.records), len(
            checked.evidence.statements), len(checked.evidence.spans))
        written = None if report is None else (
            len(report.written), len(report.removed), report.unchanged)
    if args.format == "text" and coverage:
        console.say(coverage)
    return _report(console, findings, args.format, _summary(args.command, counts, written))


def frozen(progress: Progress) -> Progress:
    """The command line's policy for the garbage collector, told at each stage of a build
    (`progress`): what the stages so far made lives until the process ends (files, records,
    the checked dossier), so it is frozen (`gc.freeze`), and the collector's full passes do
    not walk it again and again while later stages allocate. At 10,000 entities this saves
    a tenth of a full build; only reference cycles among those objects are left to the end
    of the process. (The live preview, which lives on, has its own: `preview.serve`.)"""
    def at_stage(stage: str, count: int) -> None:
        gc.freeze()
        progress(stage, count)
    return at_stage


def _new(root: Path, args: argparse.Namespace, console: Console) -> int:
    from .new import new_entity, new_source

    if args.kind == "source":
        label = args.label or args.name
        if args.text is None or not label:
            parser().error("dossier new source needs --text FILE and a label")
        path, findings = new_source(root, args.text, label, args.id, args.language)
    else:
        if not args.name:
            parser().error(f"dossier new {args.kind} needs a name")
        path, findings = new_entity(root, args.kind, args.name, args.id)
    where = path.relative_to(root).as_posix() if path else ""
    return _report(console, findings, "text",
                   f"wrote {where}: fill it in, then run `dossier check`")


def _summary(command: str, counts: tuple[int, int, int] | None,
             written: tuple[int, int, int] | None) -> str:
    """The last line of a run: what was checked, and what was written."""
    if counts is None:
        return ""
    text = f"{counts[0]} fact files, {counts[1]} statements, {counts[2]} quotes verified"
    if written is not None:
        text += f"; {written[0]} pages written, {written[1]} removed, {written[2]} unchanged"
        if command == "build":
            text += "; site/ is ready: open site/index.html or run `dossier serve`"
    return text


def _report(console: Console, findings: list[Finding], style: str, success: str) -> int:
    if style == "text":
        console.findings(findings)
        console.summary(findings, success or "ok")
    elif findings:
        print(format_findings(findings, style))
    return 1 if has_errors(findings) else 0
