"""Print pip constraints pinning every runtime dependency of pyproject.toml to its declared lower bound.

``make test-min`` installs pswgraph with these constraints and runs the tests that need no browser, so a
lower bound in pyproject.toml is one the code really works with.

>>> "networkx==" in "\\n".join(lower_bounds())
True
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def lower_bounds(pyproject: Path = PYPROJECT) -> list[str]:
    """``name==version`` for each ``name>=version`` among the project's runtime dependencies."""
    deps = tomllib.loads(pyproject.read_text())["project"]["dependencies"]
    out = []
    for dep in deps:
        m = re.fullmatch(r"([A-Za-z0-9_.\-]+)(\[[^\]]*\])?\s*>=\s*([^,;\s]+).*", dep)
        if m:
            out.append(f"{m.group(1)}=={m.group(3)}")
    return out


if __name__ == "__main__":
    sys.stdout.write("\n".join(lower_bounds()) + "\n")
