"""Reading a package's files: regular files inside the package folder only, each capped in size."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

__all__ = ["open_inside", "path_problem"]


def path_problem(rel: Any) -> str | None:
    """Why *rel* is not a plain relative path inside the package folder, or None.

    >>> path_problem("levels.csv") is None
    True
    >>> path_problem("../../etc/passwd")
    "path '../../etc/passwd' goes up with '..'; expected a file inside the package folder"
    """
    if not isinstance(rel, str) or not rel.strip():
        return f"'path' is {json.dumps(rel)[:60]}; expected a file name (a string) inside the package folder"
    posix, windows = PurePosixPath(rel), PureWindowsPath(rel)
    if posix.is_absolute() or windows.is_absolute() or windows.drive or "\\" in rel or "\x00" in rel:
        return f"path {rel!r} is absolute or uses '\\'; expected a path relative to the package folder, with '/'"
    if ".." in posix.parts:
        return f"path {rel!r} goes up with '..'; expected a file inside the package folder"
    return None


def open_inside(root: Path, rel: str, cap: int, what: str) -> tuple[bytes | None, str]:
    """Read the file at relative path *rel* under *root*; return (bytes, '') or (None, why not).

    Only a regular file inside *root* (no absolute path, no '..', no symlink leading
    out, no hard link, which could be a file outside) of at most *cap* bytes is read;
    a FIFO or device is never opened for long. Nothing of a refused file is read, so
    no message can show its content.

    Parameters
    ----------
    root : the package folder, resolved.
    rel : the path as the descriptor gives it.
    cap : the most bytes read.
    what : what the file is, for the message (``resource 'levels'``).

    Returns
    -------
    ``(bytes, '')``, or ``(None, why)`` with *why* saying what was expected.

    >>> from graph.data.load import DEFAULT_DATA_DIR
    >>> data, why = open_inside(DEFAULT_DATA_DIR, "levels.csv", 10_000, "resource 'levels'")
    >>> data.startswith(b"id,label,rank"), why
    (True, '')
    >>> open_inside(DEFAULT_DATA_DIR, "../README.md", 10_000, "x")[1]
    "x: path '../README.md' goes up with '..'; expected a file inside the package folder"
    """
    why = path_problem(rel)
    if why:
        return None, f"{what}: {why}"
    path = root / rel
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):
        return None, f"{what}: path {rel!r} cannot be resolved (a symlink loop?); expected a regular file"
    if not resolved.is_relative_to(root):
        return None, f"{what}: path {rel!r} leads outside the package folder (a symlink); expected a file inside it"
    try:
        fd = os.open(resolved, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return None, "file not found"
    except OSError as exc:
        return None, f"unreadable ({exc.strerror})"
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return None, f"{what}: path {rel!r} is not a regular file (a folder, device or pipe); expected a file"
        if st.st_nlink > 1:  # a hard link: the same file may have another name outside the package folder
            return None, (f"{what}: path {rel!r} is a file with {st.st_nlink} hard links (it may also be a file "
                          "outside the package folder); expected a file with one name, inside the folder (a copy)")
        if st.st_size > cap:
            return None, f"is {st.st_size:,} bytes; expected at most {cap:,}"
        os.set_blocking(fd, True)
        with os.fdopen(os.dup(fd), "rb") as fh:  # (read(n) sets aside n bytes first: ask for the size, not the cap)
            want = min(st.st_size, cap) + 1
            data = fh.read(want)
            if len(data) == want and want <= cap:  # it grew since: the rest, up to the cap
                data += fh.read(cap + 1 - want)
    finally:
        os.close(fd)
    if len(data) > cap:
        return None, f"is more than {cap:,} bytes; expected at most {cap:,}"
    return data, ""
