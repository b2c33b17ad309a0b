"""The README documents every table and column of the data package."""

from __future__ import annotations

import json
from pathlib import Path

from graph import DEFAULT_DATA_DIR

README = Path(__file__).resolve().parent.parent / "README.md"


def test_data_dictionary_covers_every_column():
    text = README.read_text(encoding="utf-8")
    desc = json.loads((DEFAULT_DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    for res in desc["resources"]:
        section = text.split(f"### `{res['name']}`", 1)
        assert len(section) == 2, f"no data dictionary section for {res['name']}"
        body = section[1].split("\n### ", 1)[0]
        for field in res["schema"]["fields"]:
            assert f"| `{field['name']}` |" in body, f"{res['name']}.{field['name']} undocumented"


def test_data_dictionary_is_generated_from_the_descriptor():
    from graph.data.dictionary import data_dictionary, main, readme_section

    desc = json.loads((DEFAULT_DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    assert readme_section(README.read_text(encoding="utf-8")) == data_dictionary(desc), \
        "README.md's data dictionary is out of date: run python -m graph.data.dictionary"
    assert main(["--check"]) == 0


def test_every_field_of_the_descriptor_is_described():
    desc = json.loads((DEFAULT_DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    missing = [f"{r['name']}.{f['name']}" for r in desc["resources"] for f in r["schema"]["fields"]
               if not f.get("description", "").strip()]
    assert missing == []


def test_two_commands():
    text = README.read_text(encoding="utf-8")
    assert "make run" in text and "make test" in text


def test_deploying_shows_the_nginx_config_that_buffers_requests_and_adds_the_headers():
    """The README's nginx example is ``deploy/nginx.conf``, which buffers whole requests, caps them and adds the
    headers gunicorn's own error responses lack (issue 27, item 7)."""
    config = (README.parent / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    assert f"```nginx\n{config}```" in README.read_text(encoding="utf-8")
    directives = {line.split()[0]: line.split("#")[0].split()[1:] for line in config.splitlines()
                  if line.strip() and not line.strip().startswith("#")}
    assert directives["proxy_request_buffering"] == ["on;"]
    assert directives["client_max_body_size"] == ["1m;"]
    added = {line.split()[1] for line in config.splitlines() if line.split()[:1] == ["add_header"]}
    assert {"X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy"} <= added
    assert all(line.rstrip().endswith("always;") for line in config.splitlines() if line.split()[:1] == ["add_header"])
