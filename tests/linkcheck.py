"""Crawl a built site with linkchecker over HTTP on loopback, anchors included.

`make linkcheck` builds the real dossier, then runs this on `site/`; the tests run it on a
throwaway build. linkchecker checks anchors of MkDocs' directory URLs only over HTTP, so the
site is served here; the `LinkChecker` header lifts its per-host throttle for our own server.
"""

from __future__ import annotations

import contextlib
import functools
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

RC = Path(__file__).with_name("linkcheckerrc")


class _Handler(SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        self.send_header("LinkChecker", "allowed")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def served(site: Path) -> Iterator[str]:
    """Serve `site` on a free loopback port for the duration; yields its base URL."""
    handler = functools.partial(_Handler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def crawl(site: Path) -> subprocess.CompletedProcess[str]:
    """Serve `site` on loopback and crawl it; returns linkchecker's result."""
    with served(site) as url:
        return subprocess.run(
            [str(Path(sys.executable).with_name("linkchecker")), "--config", str(RC),
             "--no-status", url], capture_output=True, text=True, timeout=600, check=False)


def main() -> int:
    from generator import build

    root = Path(__file__).resolve().parent.parent
    outcome = build.build(root)
    if not outcome.ok:
        print("\n".join(f.format() for f in outcome.findings), file=sys.stderr)
        return 1
    result = crawl(root / "site")
    print(result.stdout, result.stderr, sep="\n")
    return result.returncode


if __name__ == "__main__":
    raise SystemExit(main())
