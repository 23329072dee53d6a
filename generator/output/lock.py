"""One build of a dossier folder at a time.

Every command that writes `content/` or `site/` (build, generate, clean, pin, and the live
preview while it regenerates) holds an advisory lock (`flock`) on a file in the build area,
`.dossier-build/lock`. A second command waits, saying so on stderr, then proceeds: two
builds never write one staging area, and a receipt is never made of a site another build
is writing. The lock is the system's, so it is released when its holder dies, however it
dies: a killed build never blocks the next one.

Within one process the lock is re-entrant per thread (the CLI holds it around a build that
takes it again); another thread of the process waits for it, as another process does.
Imports nothing heavy: the CLI takes the lock before it loads the rest of the generator.
"""

from __future__ import annotations

import errno
import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; builds are then not serialised
    fcntl = None  # type: ignore[assignment]

BUILD_AREA = ".dossier-build"
LOCK = "lock"


def say_on_stderr(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


@dataclass
class _Held:
    threads: threading.RLock = field(default_factory=threading.RLock)
    depth: int = 0
    handle: int = -1


_held: dict[str, _Held] = {}
_registry = threading.Lock()


@contextmanager
def exclusive(root: Path, say: Callable[[str], None] = say_on_stderr) -> Iterator[bool]:
    """Hold the build lock of `root` (waiting for another build to end, and saying so with
    `say`); yields whether this is the outermost hold in this process (the moment to
    finish what a killed build left). Raises OSError when the lock file cannot be made."""
    with _registry:
        held = _held.setdefault(os.fsdecode(root.resolve()), _Held())
    with held.threads:
        if held.depth == 0:
            held.handle = _acquire(root / BUILD_AREA / LOCK, say)
        held.depth += 1
        try:
            yield held.depth == 1
        finally:
            held.depth -= 1
            if held.depth == 0:
                os.close(held.handle)  # closing releases the lock


def _acquire(path: Path, say: Callable[[str], None]) -> int:
    """Open and lock the lock file, and write this process's id into it. The file may be
    removed while we wait for it (`dossier clean` removes the build area last thing before
    it lets go): a lock on a removed file locks nothing, so then take the new one. The
    build area is in the working tree, where a pull request could put a link instead: it
    is never followed (a link to /etc would have the lock written there)."""
    told = False
    while True:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.parent.is_symlink():
            raise OSError(errno.ELOOP, "the build area is a symbolic link: remove it",
                          os.fsdecode(path.parent))
        handle = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
                         | getattr(os, "O_CLOEXEC", 0), 0o644)
        try:
            if fcntl is not None and not _try_lock(handle):
                if not told:
                    say(f"dossier: another build of this folder is running "
                        f"(pid {_holder(handle)}); waiting…")
                    told = True
                fcntl.flock(handle, fcntl.LOCK_EX)
            if _same_file(handle, path):
                os.ftruncate(handle, 0)
                os.lseek(handle, 0, os.SEEK_SET)
                os.write(handle, f"{os.getpid()}\n".encode())
                return handle
        except BaseException:
            os.close(handle)
            raise
        os.close(handle)


def _try_lock(handle: int) -> bool:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _holder(handle: int) -> str:
    """The process id the holder wrote, or "unknown" before it has written it."""
    os.lseek(handle, 0, os.SEEK_SET)
    text = os.read(handle, 32).decode("ascii", "replace").strip()
    return text if text.isdigit() else "unknown"


def _same_file(handle: int, path: Path) -> bool:
    try:
        now = os.stat(path)
    except FileNotFoundError:
        return False
    mine = os.fstat(handle)
    return (mine.st_dev, mine.st_ino) == (now.st_dev, now.st_ino)
