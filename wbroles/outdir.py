"""The output folder of a build: usable or refused in one line, one build at a time (a lock
file), and files written through exclusive temporary files, replaced atomically."""

from __future__ import annotations

import errno
import fcntl
import os
import secrets
from pathlib import Path

LOCK_NAME, TEMP_PREFIX = ".wbroles-report.lock", ".wbroles-tmp-"


class BuildError(Exception):
    """A build that cannot go on (unusable output folder, another build, full disk): one line."""


def check_out_dir(out: Path, notebook_dirs) -> Path:
    """``out`` as an absolute path, or BuildError saying in one line why it cannot be used
    (also when it lies inside one of ``notebook_dirs``)."""
    out = Path(os.path.abspath(Path(out).expanduser()))
    real = Path(os.path.realpath(out))
    for folder in {Path(os.path.realpath(d)) for d in notebook_dirs}:
        if real == folder or folder in real.parents:
            raise BuildError(f"--out {out} is inside the notebooks folder {folder}")
    for path in (out, *out.parents):
        if path.exists() or path.is_symlink():
            if not path.is_dir():
                what = "is not a folder" if path == out else f"is under {path}, not a folder"
                raise BuildError(f"--out {out} {what}")
            if not os.access(path, os.W_OK | os.X_OK):
                raise BuildError(f"--out {out} cannot be written ({path} is read-only)")
            return out
    raise BuildError(f"--out {out} cannot be created")


def _temp_name() -> str:
    return TEMP_PREFIX + secrets.token_hex(8)


def _create_temp(folder: Path) -> tuple[int, Path]:
    """A new file of this build only: created exclusively (a planted name or symlink is never
    opened, another name is tried), mode 0o666 less the umask."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    for _ in range(100):
        path = folder / _temp_name()
        try:
            return os.open(path, flags, 0o666), path
        except FileExistsError:
            continue
    raise BuildError(f"no free temporary name in {folder}")


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` by ``data`` at once, or leave it as it was (ENOSPC: BuildError)."""
    fd, tmp = _create_temp(path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException as err:
        tmp.unlink(missing_ok=True)
        if isinstance(err, OSError) and err.errno in (errno.ENOSPC, errno.EDQUOT):
            raise BuildError(f"no space left on the device writing {path}") from None
        raise


def open_out_dir(out: Path) -> int:
    """Create ``out``, take its lock (the fd to keep), prove it writable, drop stale temps."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        fd = os.open(out / LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666)
    except OSError as err:
        raise BuildError(f"--out {out} cannot be used: {err.strerror}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        pid = os.pread(fd, 32, 0).decode(errors="replace").strip() or "unknown"
        os.close(fd)
        raise BuildError(
            f"another build (pid {pid}) is writing to {out}; try again later"
        ) from None
    for stale in out.glob(TEMP_PREFIX + "*"):  # left by a build that was killed
        stale.unlink(missing_ok=True)
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        probe_fd, probe = _create_temp(out)
        os.close(probe_fd)
        probe.unlink()
    except OSError as err:
        os.close(fd)
        raise BuildError(f"--out {out} cannot be written: {err.strerror}") from None
    return fd
