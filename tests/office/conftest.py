"""LibreOffice round-trip setup: a loud skip without LibreOffice and poppler — or, in CI, a failure."""

from __future__ import annotations

import os
import warnings

import pytest
from office_pdf import INSTALL_HINT, missing_tools


@pytest.fixture(autouse=True)
def _require_office() -> None:
    """Skip loudly without soffice/pdftotext; fail instead when PSWGRAPH_REQUIRE_OFFICE=1 (CI)."""
    missing = missing_tools()
    if not missing:
        return
    message = f"LibreOffice round-trip tests need {' and '.join(missing)} (Debian: {INSTALL_HINT})"
    if os.environ.get("PSWGRAPH_REQUIRE_OFFICE") == "1":
        pytest.fail(message + " — required because PSWGRAPH_REQUIRE_OFFICE=1", pytrace=False)
    warnings.warn(message, stacklevel=1)
    pytest.skip("SKIPPED LOUDLY: " + message)
