"""Live preview: MkDocs serves `content/` with live reload, and a watcher regenerates
`content/` whenever a fact file or template changes. A change with errors prints its findings
and leaves the previous pages in place, so the preview never shows a half-checked dossier."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from .findings import format_findings
from .incremental import Builder
from .site import CONFIG

POLL_SECONDS = 0.3


def serve(root: Path, dev_addr: str) -> int:
    from mkdocs.commands.serve import serve as mkdocs_serve

    builder = Builder(root)  # kept for the whole session: each save re-renders what changed
    _regenerate(builder)
    stop = threading.Event()
    watcher = threading.Thread(target=_watch, args=(builder, stop), daemon=True)
    watcher.start()
    try:
        # dirty: MkDocs rebuilds only the pages whose Markdown changed, so an edit reaches
        # the browser in seconds even in a large dossier
        mkdocs_serve(str(root / CONFIG), livereload=True, build_type="dirty",
                     dev_addr=dev_addr, strict=False)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
    return 0


def _watch(builder: Builder, stop: threading.Event) -> None:
    """Poll the stamps of every input (one `stat` per file, no reading; about 0.1 s at
    10,000 files) and regenerate when any changed."""
    seen = builder.inputs()
    while not stop.wait(POLL_SECONDS):
        now = builder.inputs()
        if now != seen:
            seen = now
            _regenerate(builder)


def _regenerate(builder: Builder) -> None:
    outcome = builder.generate()
    if outcome.findings:
        print(format_findings(outcome.findings), file=sys.stderr)
    if outcome.report is not None:
        print(f"dossier: {len(outcome.report.written)} pages regenerated", file=sys.stderr)
