"""Writing whole files safely: a reader (or a crash) sees the old content or the new one, never half of one.

Two entry points share one set of rules:

- :func:`write_output` is for files the user names (``quiz export --out PATH``, and any other export format that
  needs the same safe write). It is durable: the data and the rename are fsynced before it returns.
- :func:`write_text_atomic` is for the app's own small files (the deck cache, settings), where losing the newest
  version in a power cut is harmless: the same rules without the fsyncs.

The rules, as a user expects of ``> PATH``:

- an empty path is refused (``ValueError``); a folder raises ``IsADirectoryError``;
- a symlink is written through: its target gets the data, the link stays a link;
- anything that is not a regular file (a FIFO, a terminal, a device, ``/dev/stdout``) is opened and written, never
  replaced;
- a regular file with other hard links is rewritten in place, so every link sees the new data (the space is
  reserved first, so a full disk leaves the old data whole);
- any other regular file is replaced atomically: written to a temporary file beside it, then renamed over it. It
  keeps its permission bits (and, when allowed, its owner); a new file gets those of a plain write (0666 less the
  umask).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

# fsync on a folder or a pipe is not supported everywhere; these mean "nothing to flush", not a failed write.
_UNSUPPORTED = {errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EBADF, errno.EROFS}


def write_output(path: str | os.PathLike[str], data: bytes | str, *, durable: bool = True) -> Path:
    """Write ``data`` (``str`` is encoded as UTF-8, newlines as given) to ``path`` by the rules above.

    Returns the file actually written (a symlink's target). Raises ``ValueError`` for an empty path and
    ``OSError`` when the folder is missing or the write fails; then the old file is untouched and no temporary
    file is left behind.
    """
    if not os.fspath(path):
        raise ValueError("the path is empty: give a file name")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    given = Path(path)
    try:
        seen = os.stat(given)  # follows symlinks, /dev/stdout's included
    except FileNotFoundError:
        seen = None
    if seen is not None and stat.S_ISDIR(seen.st_mode):
        raise IsADirectoryError(errno.EISDIR, "is a folder, not a file", str(given))
    real = Path(os.path.realpath(given))
    if seen is not None and not stat.S_ISREG(seen.st_mode):
        _write_through(given, payload, durable=durable)  # FIFO, terminal, device, socket: never replaced
        return given
    if seen is not None and (seen.st_nlink > 1 or not _same_file(real, seen)):
        # Other hard links (replacing would cut them off), or a file reached through /proc/<pid>/fd (a redirected
        # /dev/stdout), whose real path cannot be renamed over: rewrite it in place.
        _rewrite_in_place(given, payload, durable=durable)
        return real if _same_file(real, seen) else given
    _replace(real, payload, seen, durable=durable)
    return real


def write_text_atomic(path: Path, text: str) -> None:
    """Replace ``path``'s text (UTF-8, newlines as given) by the rules above, without fsync (caches, settings).

    Raises ``OSError`` if the folder is missing or cannot be written; the temporary file is removed then.
    """
    write_output(path, text, durable=False)


def _same_file(path: Path, seen: os.stat_result) -> bool:
    try:
        other = os.stat(path)
    except OSError:
        return False
    return (other.st_dev, other.st_ino) == (seen.st_dev, seen.st_ino)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _fsync(fd: int) -> None:
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in _UNSUPPORTED:
            raise


def _write_through(path: Path, data: bytes, *, durable: bool) -> None:
    fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        _write_all(fd, data)
        if durable:
            _fsync(fd)
    finally:
        os.close(fd)


def _rewrite_in_place(path: Path, data: bytes, *, durable: bool) -> None:
    fd = os.open(path, os.O_WRONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        if data and hasattr(os, "posix_fallocate"):
            try:
                os.posix_fallocate(fd, 0, len(data))  # a full disk fails here, before a byte is changed
            except OSError as exc:
                if exc.errno not in _UNSUPPORTED:
                    raise
        _write_all(fd, data)
        os.ftruncate(fd, len(data))
        if durable:
            _fsync(fd)
    finally:
        os.close(fd)


def _replace(target: Path, data: bytes, seen: os.stat_result | None, *, durable: bool) -> None:
    import tempfile  # here: the light CLI commands import this module's callers, not tempfile

    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        try:
            if seen is None:
                # mkstemp makes the file private (0600); give it the usual permissions, as `>` would.
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(tmp, 0o666 & ~umask)
            else:
                if hasattr(os, "chown"):
                    with contextlib.suppress(OSError):  # only root, or the owner keeping its group, may do this
                        os.chown(tmp, seen.st_uid, seen.st_gid)
                os.chmod(tmp, stat.S_IMODE(seen.st_mode))
            _write_all(fd, data)
            if durable:
                _fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if durable:
        _fsync_folder(target.parent)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX: the folder's entry is only on disk once the folder is fsynced)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return  # Windows, or a folder that cannot be opened for reading: the data itself is on disk
    try:
        _fsync(fd)
    finally:
        os.close(fd)
