"""Live preview: MkDocs serves `content/` with live reload, and a watcher regenerates
`content/` whenever a fact file or template changes. A change with errors prints its findings
and leaves the previous pages in place, so the preview never shows a half-checked dossier."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from .build import generate
from .findings import format_findings
from .site import CONFIG

WATCHED = ("facts", "templates")
POLL_SECONDS = 0.3


def serve(root: Path, dev_addr: str) -> int:
    from mkdocs.commands.serve import serve as mkdocs_serve

    _regenerate(root)
    stop = threading.Event()
    watcher = threading.Thread(target=_watch, args=(root, stop), daemon=True)
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


def _watch(root: Path, stop: threading.Event) -> None:
    seen = _state(root)
    while not stop.wait(POLL_SECONDS):
        now = _state(root)
        if now != seen:
            seen = now
            _regenerate(root)


def _state(root: Path) -> dict[str, tuple[float, int]]:
    """Modification time and size of every watched file: cheap enough to poll."""
    state = {}
    for folder in WATCHED:
        for path in (root / folder).rglob("*"):
            if path.is_file():
                stat = path.stat()
                state[str(path)] = (stat.st_mtime, stat.st_size)
    return state


def _regenerate(root: Path) -> None:
    outcome = generate(root)
    if outcome.findings:
        print(format_findings(outcome.findings), file=sys.stderr)
    if outcome.report is not None:
        print(f"dossier: {len(outcome.report.written)} pages regenerated", file=sys.stderr)
