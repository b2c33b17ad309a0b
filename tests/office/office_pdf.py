"""Render office files with LibreOffice headless and read back where each word landed (poppler's ``pdftotext -bbox``).

Positions are in PDF points from the page's top-left corner, as pdftotext gives them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

SOFFICE_CANDIDATES = ("soffice", "libreoffice")
INSTALL_HINT = ("apt-get install --no-install-recommends libreoffice-impress libreoffice-writer libreoffice-calc "
                "poppler-utils fonts-dejavu-core")


def soffice() -> str | None:
    """The LibreOffice binary on PATH, or None."""
    return next((p for p in map(shutil.which, SOFFICE_CANDIDATES) if p), None)


def missing_tools() -> list[str]:
    """The programs these tests need and this machine lacks."""
    return [name for name, found in (("soffice", soffice()), ("pdftotext", shutil.which("pdftotext")))
            if not found]


def to_pdf(files: list[Path], outdir: Path, profile: Path, timeout: float = 300) -> dict[Path, Path]:
    """Convert *files* to PDF in one LibreOffice run (its own user profile, so concurrent runs never share one)."""
    outdir.mkdir(parents=True, exist_ok=True)
    cmd = [soffice() or "soffice", f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless",
           "--norestore", "--convert-to", "pdf", "--outdir", str(outdir), *map(str, files)]
    env = {**os.environ, "HOME": str(profile)}
    subprocess.run(cmd, check=True, capture_output=True, timeout=timeout, env=env)
    out = {f: outdir / (f.stem + ".pdf") for f in files}
    missing = [str(f) for f, p in out.items() if not p.exists()]
    assert not missing, f"LibreOffice made no PDF of {missing}"
    return out


@dataclass(frozen=True)
class Word:
    """One word as drawn: its page (0-based), box in points from the top-left corner, and text."""

    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


@dataclass(frozen=True)
class Page:
    """A page's size in points and its words in reading order."""

    width: float
    height: float
    words: list[Word]


def pages(pdf: Path) -> list[Page]:
    """Every page of *pdf* with its words (``pdftotext -bbox``)."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    root = ET.fromstring(html.replace(' xmlns="http://www.w3.org/1999/xhtml"', ""))
    out = []
    for i, p in enumerate(root.iter("page")):
        words = [Word(i, float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")), float(w.get("yMax")),
                      w.text or "") for w in p.iter("word")]
        out.append(Page(float(p.get("width")), float(p.get("height")), words))
    return out
