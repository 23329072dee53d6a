"""Live preview: save a fact file, and the browser shows the changed page a moment later.

One process keeps everything between saves: the generator's `BuildCache` (with which a build
re-reads only the files that changed and re-renders only the pages that read what changed)
and MkDocs' model of the site (`preview.site.PreviewSite`, which turns only those pages into
HTML). MkDocs' live-reload server serves the site and reloads
the browser when a rebuild is done.

Changes are noticed through the operating system's file events (inotify, FSEvents,
ReadDirectoryChangesW), which cost nothing while nothing changes, however large the dossier.
Where events do not arrive (some network and container file systems), `--poll` looks at
every file twice a second instead. A change with errors prints its findings and leaves the
previous pages in place, so the preview never shows a half-checked dossier.
"""

from __future__ import annotations

import gc
import os
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..build import Outcome, generate
from ..cache import BuildCache
from ..format.findings import Finding, format_findings
from ..format.settings import SETTINGS
from ..output.audit import Origins, origins_of
from ..output.journal import building
from ..output.site import CONFIG, linked_out
from ..output.write import MANIFEST, read_manifest
from ..read.scan import Stamp, linked_files, stamp_of
from ..render.paths import is_generated_path
from .site import Changes, PreviewSite

if TYPE_CHECKING:
    from watchdog.events import FileSystemEvent
    from watchdog.observers.api import BaseObserver

def serve(root: Path, dev_addr: str, poll: bool = False) -> int:
    import watchdog.events
    import watchdog.observers
    from mkdocs.config import load_config
    from mkdocs.config.config_options import IpAddress
    from mkdocs.exceptions import MkDocsException
    from mkdocs.livereload import LiveReloadServer

    class Server(LiveReloadServer):
        def request_rebuild(self) -> None:
            """What MkDocs' own watcher does on a change: wake the build loop, which waits
            for changes to stop for a moment and then rebuilds once."""
            with self._rebuild_cond:
                self._want_rebuild = True
                self._rebuild_cond.notify_all()

    class OnChange(watchdog.events.FileSystemEventHandler):
        def on_any_event(self, event: watchdog.events.FileSystemEvent) -> None:
            if not is_write(event):  # the build's own reading of the files is no change
                return
            paths = [event.src_path, getattr(event, "dest_path", "")]
            if any(is_input(root, str(p)) for p in paths if p):  # folders too: a folder
                server.request_rebuild()                     # moved away is one event

    address = IpAddress().validate(dev_addr)
    try:
        mount = "/" + urlsplit(load_config(str(root / CONFIG)).site_url or "/").path.strip("/")
    except MkDocsException as error:
        print(f"{CONFIG}: {error}\n    hint: fix the setting named above", file=sys.stderr)
        return 1
    mount = mount.rstrip("/") + "/"
    if problem := _unavailable(address.host, address.port):
        print(f"dossier: cannot serve on {dev_addr}: {problem}\n    hint: choose another "
              "port, for example `--dev-addr 127.0.0.1:8001`", file=sys.stderr)
        return 1
    site_dir = Path(tempfile.mkdtemp(prefix="dossier-preview-"))
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        session = Session(root, PreviewSite(
            root, site_dir, f"http://{address.host}:{address.port}{mount}"))
        server = Server(builder=session.rebuild, host=address.host, port=address.port,
                        root=str(site_dir), mount_path=mount)
        server.observer = _poller() if poll else _native_observer(  # type: ignore[assignment]
            root, watchdog.observers.Observer)  # MkDocs declares its own polling observer
        server.watch(str(root / CONFIG))  # live reload is injected into pages once a path
        handler = OnChange()              # is watched; the rest is filtered below
        for path, recursive in ((root, False), (root / "facts", True),
                                (root / "templates", True), (root / "content", True)):
            if path.is_dir():
                server.observer.schedule(handler, str(path), recursive=recursive,
                                         event_filter=writes())
        server.error_handler = lambda code: _error_page(site_dir, code)
        print(f"dossier: serving on {server.url} (stop with Ctrl+C)", file=sys.stderr)
        server.request_rebuild()  # catch up with saves made while the first build ran
        try:
            server.serve()  # type: ignore[no-untyped-call]  # MkDocs' own, untyped
        finally:
            server.shutdown()
            session.close()
    except KeyboardInterrupt:
        pass
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)
    return 0


class Session:
    """One preview session: the generator's build cache and the preview site, kept between
    saves. Each rebuild regenerates what changed and renders it; the rest of the build
    (the search index, in the background) follows once the browser has the changed page."""

    FINISH_AFTER = 0.5  # seconds

    def __init__(self, root: Path, site: PreviewSite) -> None:
        self.root, self.site = root, site
        self.cache = BuildCache()
        self.told = Told()
        self.handwritten = HandWritten(root / "content")
        self.lock = threading.Lock()  # one of rebuild and finish at a time
        self.pending: threading.Timer | None = None
        self.closed = False
        self.config = _stamp(root / CONFIG)
        self.broken = True  # the last rebuild failed midway: build the whole site next
        self.refused: dict[str, list[Finding]] = {}  # pages the audit refused, and why
        with building(root):  # the build lock, only while regenerating
            regenerate(root, self.cache, self.told)
            self.handwritten.changes()
            if self.handwritten.linked_out():
                return
            site.build_all()
            self.audit()
        collect_garbage()
        self.broken = False

    def rebuild(self) -> None:
        with self.lock:
            start = time.monotonic()
            try:
                what = self._rebuild()
            except Exception as error:
                self.broken = True  # pages may be half rendered: build it all next time
                print(f"dossier: the preview could not be rebuilt: "
                      f"{type(error).__name__}: {error}\n    hint: fix what the message names "
                      "and save again; `dossier check` checks the fact files", file=sys.stderr)
                return
            if what is None:
                return
            print(f"dossier: rebuilt {what} in {time.monotonic() - start:.2f} s",
                  file=sys.stderr)
            if self.pending is not None:  # one finish for saves in quick succession
                self.pending.cancel()
            self.pending = threading.Timer(self.FINISH_AFTER, self.finish)
            self.pending.daemon = True
            self.pending.start()

    def _rebuild(self) -> str | None:
        """What was rebuilt, or None when nothing was."""
        with building(self.root):  # the build lock, only while regenerating
            return self._update()

    def _update(self) -> str | None:
        outcome = regenerate(self.root, self.cache, self.told)
        changes = self.handwritten.changes()
        if outcome.report is not None:
            changes.written |= set(outcome.report.written)
            changes.removed |= set(outcome.report.removed)
        if self.handwritten.linked_out():
            self.broken = True
            return None
        if self.broken or _stamp(self.root / CONFIG) != self.config:
            self.config = _stamp(self.root / CONFIG)
            self.site.build_all()
            self.audit()
            collect_garbage()
            self.broken = False
            return "the whole site"
        if not changes:
            return None
        count = self.site.update(changes)
        self.audit()
        return f"{count} pages"

    def audit(self) -> None:
        """Audit the pages just rendered; print the findings of a page once, when it is
        first refused or refused for other reasons than before."""
        last = self.cache.last
        origins = origins_of(self.root, last.checked.dossier) if last else Origins(self.root)
        refused = self.site.audit(origins)
        news = [f for page, findings in refused.items() if self.refused.get(page) != findings
                for f in findings]
        if self.site.rendered is None:
            self.refused = {}
        for path in self.site.rendered or ():
            self.refused.pop(path.relative_to(self.site.site_dir).as_posix(), None)
        self.refused.update(refused)
        if news:
            print(format_findings(news) + "\ndossier: the preview shows why instead of "
                  f"{len(refused)} pages", file=sys.stderr)

    def finish(self) -> None:
        with self.lock:
            if self.closed:
                return
            try:
                self.site.finish()
            except Exception as error:
                print(f"dossier: the preview's search index was not written: {error}",
                      file=sys.stderr)

    def close(self) -> None:
        """Stop: after this no finish runs, and none is running."""
        if self.pending is not None:
            self.pending.cancel()
        with self.lock:
            self.closed = True
        self.site.close()


def writes() -> list[type[FileSystemEvent]]:
    """The file events that can mean a change: a file or folder created, written, deleted or
    moved. Not a file opened, read or closed unwritten, as every build does to every input:
    reacting to those, the preview rebuilt (and printed its findings) again and again."""
    from watchdog import events

    return [events.FileCreatedEvent, events.FileModifiedEvent, events.FileDeletedEvent,
            events.FileMovedEvent, events.FileClosedEvent, events.DirCreatedEvent,
            events.DirModifiedEvent, events.DirDeletedEvent, events.DirMovedEvent]


def is_write(event: FileSystemEvent) -> bool:
    """Whether `event` is one of `writes()` (asked of every event: a polling observer, and
    MkDocs' own watch of its configuration, are handed no filter)."""
    return type(event) in writes()


def is_input(root: Path, path: str) -> bool:
    """Whether a changed path can change the site: fact files, source texts, templates,
    settings, and hand-written files under `content/` (not the pages the generator writes,
    nor the temporary files editors and the generator save through)."""
    try:
        relative = Path(path).relative_to(root).as_posix()
    except ValueError:
        return False
    top, _, rest = relative.partition("/")
    if not rest:
        return relative in (SETTINGS, CONFIG)
    if top == "content":
        name = rest.rpartition("/")[2]
        return not (is_generated_path(rest) or rest == MANIFEST or name.startswith("."))
    return top in ("facts", "templates") and not Path(rest).name.startswith(".")


class HandWritten:
    """The stamps of the files under `content/` that the generator did not write, and the
    links there that lead out of the dossier's folder (`site.linked_out`)."""

    def __init__(self, content: Path) -> None:
        self.content = content
        self.stamps: dict[str, Stamp | None] = {}
        self.problems: list[Finding] = []

    def changes(self) -> Changes:
        now = self._scan()
        before, self.stamps = self.stamps, now
        return Changes({p for p in now if p not in before or before[p] != now[p]},
                       before.keys() - now.keys())

    def linked_out(self) -> bool:
        """Whether the last scan found a link MkDocs must not follow (said on stderr): it
        would walk and publish wherever the link leads."""
        if self.problems:
            print(format_findings(self.problems), file=sys.stderr)
        return bool(self.problems)

    def _scan(self) -> dict[str, Stamp | None]:
        """As MkDocs reads them: through links, hidden files left out (the manifest too)."""
        owned = read_manifest(self.content)
        found = [f for f in linked_files(self.content, self.content) if f.path not in owned]
        self.problems = [p for f in found if (p := linked_out(f)) is not None]
        return {f.path: None if f.stat is None else stamp_of(f.stat) for f in found}


def freeze_at_stages(stage: str, count: int) -> None:
    """The preview's policy for the garbage collector while it builds: what the stages so far
    made lives at least until the next save (files, records, the checked dossier), so it is
    frozen (`gc.freeze`) and the collector's full passes do not walk it again and again."""
    gc.freeze()


def collect_garbage() -> None:
    """Collect the garbage in reference cycles, frozen or not, and freeze what is left: at
    a quiet moment of the preview, once it has built the whole site (MkDocs leaves garbage
    that the next build would otherwise freeze for good, slowing every later rebuild) or
    after the templates were compiled anew (the old ones are in cycles). At 10,000
    entities this takes a second or two."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def regenerate(root: Path, cache: BuildCache, told: Told | None = None,
               min_support: float = 100.0) -> Outcome:
    """Regenerate `content/` with the session's cache, with the preview's policy for the
    garbage collector (`freeze_at_stages`; and `collect_garbage` when the templates were
    compiled anew), saying on stderr what it found (unless `told` it already) and did."""
    compiled = cache.templates.compiled
    outcome = generate(root, cache, min_support=min_support, progress=freeze_at_stages)
    if cache.templates.compiled != compiled:
        collect_garbage()
    (told or Told()).findings(outcome)
    if outcome.report is not None and not outcome.up_to_date:
        print(f"dossier: {len(outcome.report.written)} pages regenerated", file=sys.stderr)
    return outcome


class Told:
    """The findings the preview printed last, and the inputs they were found in: a rebuild
    of the same inputs that finds the same (the rebuild that catches up at the start, one
    woken by a file event that changed nothing) prints nothing, so that a finding is shown
    once per change of the dossier and does not scroll away."""

    def __init__(self) -> None:
        self.last: tuple[object, list[Finding]] | None = None

    def findings(self, outcome: Outcome) -> None:
        said = (outcome.inputs, outcome.findings)
        if outcome.findings and said != self.last:
            print(format_findings(outcome.findings), file=sys.stderr)
        self.last = said


def _poller() -> BaseObserver:
    """A watcher that looks at every file twice a second, never through a link: a link to
    `/` would otherwise have it walk the whole file system each time."""
    from watchdog.observers.polling import PollingObserverVFS

    return PollingObserverVFS(os.lstat, os.scandir, polling_interval=0.5)


def _native_observer(root: Path, make: Callable[[], BaseObserver]) -> BaseObserver:
    """The platform's file-event observer when it can watch `root`; otherwise (no inotify
    instances left, an unsupported file system) a polling one, as MkDocs uses."""
    from watchdog.events import FileSystemEventHandler

    probe = make()
    try:
        probe.schedule(FileSystemEventHandler(), str(root), recursive=False)
        probe.start()
    except OSError as error:
        print(f"dossier: file events are not available ({error}); polling instead",
              file=sys.stderr)
        return _poller()
    finally:
        if probe.is_alive():
            probe.stop()
            probe.join()
    return make()


def _unavailable(host: str, port: int) -> str:
    """Why the address cannot be served on ("" when it can), found before the first build
    rather than after it."""
    try:
        with socket.create_server((host, port)):
            return ""
    except OSError as error:
        return error.strerror or str(error)


def _stamp(path: Path) -> Stamp | None:
    try:
        return stamp_of(path.stat())
    except OSError:
        return None


def _error_page(site_dir: Path, code: int) -> bytes | None:
    page = site_dir / f"{code}.html"
    return page.read_bytes() if code in (404, 500) and page.is_file() else None


def _interrupt(signum: int, frame: FrameType | None) -> None:
    """`kill` stops the preview as Ctrl+C does, so its temporary site is removed."""
    raise KeyboardInterrupt
