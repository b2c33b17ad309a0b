"""Files made to overrun a memory budget, for the tests of checks run under one (imported by test modules)."""

from __future__ import annotations

import ctypes
from pathlib import Path


def free_heap() -> int:
    """Bytes malloc holds free in this process's arenas (glibc's ``mallinfo2``; 0 where unknown).

    A forked check may allocate into them without mapping more, so a file meant to overrun a small memory
    budget must be bigger than all of them together (a long test run frees a lot).
    """

    class Info(ctypes.Structure):
        _fields_ = [(name, ctypes.c_size_t) for name in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks",
                                                         "fsmblks", "uordblks", "fordblks", "keepcost")]

    try:
        libc = ctypes.CDLL(None)
        libc.malloc_trim(0)
        libc.mallinfo2.restype = Info
    except (OSError, AttributeError):
        return 0
    return int(libc.mallinfo2().fordblks)


def big_cell(data_dir: Path, size: int = 40 * 2**20) -> None:
    """levels.csv with a first row whose description is *size* characters (over the cell cap)."""
    path = data_dir / "levels.csv"
    header, rest = path.read_text(encoding="utf-8").split("\n", 1)
    path.write_text(f"{header}\nhuge,Huge,1,{'x' * size}\n{rest}", encoding="utf-8")
