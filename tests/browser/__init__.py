"""Browser tests (dash.testing in headless Chromium)."""
