"""The live preview's search index: Pagefind over the preview's site, in the background.

Pagefind indexes a whole site at once (about a second per thousand pages). A save must reach
the browser within seconds however large the dossier, so the preview never waits for it: the
index is built by a thread of its own, at a lower priority, into a folder beside the site,
and then moved in file by file, so a search running meanwhile uses the old index or the new
one. Saves that come while it runs are taken together in the next run. Until the first run
is done (a few seconds at 1,000 entities), search in the preview says it is not available.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

from ..output.search import FOLDER, TIMEOUT, command


class BackgroundIndex:
    """Indexes a site again whenever asked, one run at a time, never holding up the caller."""

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self.staging = site_dir.with_name(site_dir.name + "-pagefind")
        self.wanted = threading.Event()
        self.stopped = False
        self.runs = 0  # runs finished, for tests and for the terminal
        self.process: subprocess.Popen[bytes] | None = None
        self.thread: threading.Thread | None = None

    def request(self) -> None:
        """Index the site again as soon as the run under way (if any) is done."""
        if self.stopped:
            return
        self.wanted.set()
        if self.thread is None:
            self.thread = threading.Thread(target=self._loop, name="search-index", daemon=True)
            self.thread.start()

    def stop(self) -> None:
        """No run after this one; the one under way is ended."""
        self.stopped = True
        self.wanted.set()
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
        if self.thread is not None:
            self.thread.join(10)
        shutil.rmtree(self.staging, ignore_errors=True)

    def _loop(self) -> None:
        while True:
            self.wanted.wait()
            if self.stopped:
                return
            self.wanted.clear()
            try:
                self._index()
            except OSError as error:
                print(f"dossier: the preview's search index was not written: {error}",
                      file=sys.stderr)

    def _index(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
        self.process = subprocess.Popen(
            command(self.site_dir, self.staging), stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, preexec_fn=_lower_priority if os.name == "posix" else None)
        try:
            _, said = self.process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.communicate()
            raise OSError("Pagefind took too long") from None
        if self.stopped:
            return
        if self.process.returncode != 0:
            raise OSError(said.decode("utf-8", "replace").strip() or "Pagefind failed")
        _move_in(self.staging, self.site_dir / FOLDER)
        self.runs += 1


def _lower_priority() -> None:
    os.nice(10)


def _move_in(staging: Path, target: Path) -> None:
    """Put the new index in place of the old one file by file (each move is atomic), then
    remove the old index's files that the new one does not have."""
    new = set()
    for folder, _, names in os.walk(staging):
        for name in names:
            written = Path(folder, name)
            relative = written.relative_to(staging)
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            os.replace(written, target / relative)
            new.add(relative)
    for old in [p for p in target.rglob("*") if p.is_file()]:
        if old.relative_to(target) not in new:
            old.unlink(missing_ok=True)
    shutil.rmtree(staging, ignore_errors=True)
