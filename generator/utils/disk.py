"""What the build asks of the file system beyond opening and renaming files: exchanging two
folders at once, hard links with a copy where a file system has none, folders made and
removed in order. Nothing here knows about dossiers."""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
from pathlib import Path


def exchange(a: Path, b: Path) -> bool:
    """Exchange two paths at once (renameat2 with RENAME_EXCHANGE); False where the system
    or the file system cannot, an OSError for any other failure."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), os.fsdecode(b), None, os.fsdecode(a))


def exchange_or_raise(a: Path, b: Path) -> None:
    if not exchange(a, b):
        raise OSError(errno.ENOTSUP, os.strerror(errno.ENOTSUP), os.fsdecode(b))


NO_LINKS = (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP,
            errno.ENOSYS)
"""Why a file system refuses a hard link that a copy works around; any other error is
the disk's or the permissions' and is raised."""


def link_or_copy(source: Path | str, target: Path | str) -> None:
    try:
        os.link(source, target)
    except OSError as error:
        if error.errno not in NO_LINKS:
            raise
        shutil.copy2(source, target)


def make_folders(folder: Path) -> list[Path]:
    """Make `folder` and the folders above it that are missing; returns those made, deepest
    first."""
    missing = []
    while not folder.is_dir():
        missing.append(folder)
        folder = folder.parent
    for made in reversed(missing):
        made.mkdir()
    return missing


def remove_folders(folders: list[Path]) -> None:
    for folder in folders:
        folder.rmdir()


def inode(path: Path) -> int:
    """The inode of what is at `path` (a link itself, not what it points at); 0 for none."""
    try:
        return os.lstat(path).st_ino
    except OSError:
        return 0
