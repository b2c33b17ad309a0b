"""The fault of issue 27 under the real server: ``gunicorn -w 2`` serving ``dashapp.wsgi`` while a data file too slow
to check is written and then restored.

The slow file is a ``levels.csv`` of 900,000 rows, the last invalid: its check takes several seconds
(10 s on the 2 cores it was written on), over the ``PSWGRAPH_RELOAD_TIMEOUT`` of 3 s given here, so
each worker's check is abandoned and its child killed; on a machine fast enough to finish, the file
is found invalid. Either way no new graph is served. Visitors on three threads keep asking for the
explore view throughout: every answer must be a 200 equal to the last good graph's. The banner
callback is polled with a probe number in its query string, and gunicorn's access log names the
worker that answered each probe: the banner must show on both workers while the slow file is on disk
and be gone from both once the good file is back.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from test_never_down import BANNER, visitors
from test_serving import EXPLORE_GRAPH

from dashapp import create_app
from dashapp.server.replay import CALLBACK, body, page_values
from graph import DEFAULT_DATA_DIR

pytestmark = pytest.mark.skipif(importlib.util.find_spec("gunicorn") is None,
                                reason="gunicorn is not installed (pip install 'pswgraph[test]')")

ROOT = Path(__file__).resolve().parents[2]
BUDGET = 3  # PSWGRAPH_RELOAD_TIMEOUT: the bundled package is built in a fraction of it, the slow file never
SLOW_ROWS = 900_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _post(base: str, payload: dict, query: str = "") -> tuple[int, dict | None]:
    """POST a callback request; its status and JSON (a connection failure or timeout: status 0)."""
    req = urllib.request.Request(base + CALLBACK + query, data=json.dumps(payload).encode(),
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=20) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as err:
        return err.code, None
    except OSError:
        return 0, None


def _wait_for(predicate, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def gunicorn(tmp_path):
    """``gunicorn -w 2`` on a free port of 127.0.0.1 serving a copy of the bundled package: (base URL, data folder)."""
    data = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, data)
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PSWGRAPH_DATA": str(data),
           "PSWGRAPH_RELOAD_TIMEOUT": str(BUDGET), "PSWGRAPH_RELOAD_RETRY": "10"}
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}",
                               "--timeout", "30", "--access-logfile", str(tmp_path / "access.log"),
                               "--access-logformat", "%(p)s %(q)s", "dashapp.wsgi:server"], cwd=ROOT, env=env,
                              stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"

    def up() -> bool:
        try:
            with urllib.request.urlopen(base + "/_dash-layout", timeout=5) as answer:
                return "view-explore" in answer.read().decode()
        except OSError:
            return False

    try:
        assert _wait_for(up, 60), (tmp_path / "gunicorn.log").read_text()[-3000:]
        yield base, data, tmp_path / "access.log"
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


class Banner:
    """Polls the banner callback, learning from gunicorn's access log which worker answered each poll."""

    def __init__(self, base: str, poll: dict, access_log: Path):
        self.base, self.poll, self.log, self.n = base, poll, access_log, 0

    def ask(self) -> tuple[str, str]:
        """(the answering worker's pid, the banner's JSON)."""
        self.n += 1
        probe = f"probe={self.n}"
        status, answer = _post(self.base, self.poll, "?" + probe)
        assert status == 200
        pid = ""
        for _ in range(50):  # the worker logs the request just after answering it
            pid = next((line.split()[0] for line in self.log.read_text().splitlines() if line.endswith(" " + probe)), "")
            if pid:
                break
            time.sleep(0.05)
        return pid, json.dumps(answer)

    def every_worker(self, predicate, seconds: float = 60) -> dict[str, str]:
        """Poll until the latest banner of each of the 2 workers meets *predicate*; those banners ({} if never)."""
        latest: dict[str, str] = {}
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            pid, text = self.ask()
            latest[pid] = text
            if len(latest) == 2 and all(predicate(t) for t in latest.values()):
                return latest
        return {}


def test_under_gunicorn_a_slow_file_costs_no_request_and_shows_the_banner(gunicorn):
    base, data, access_log = gunicorn
    app = create_app(data)  # the requests as the renderer would send them for this package
    values = page_values(app)
    explore = body(app, EXPLORE_GRAPH, values=values)
    banner = Banner(base, body(app, BANNER, values=values), access_log)
    status, good = _post(base, explore)
    assert status == 200 and good

    def ask() -> tuple[int, bool]:
        status, answer = _post(base, explore)
        return status, answer == good

    levels = data / "levels.csv"
    original = levels.read_bytes()
    with visitors(ask) as results:
        time.sleep(0.5)
        rows = "".join(f"l{i},Level {i},1,d\n" for i in range(SLOW_ROWS)) + "last,Last,99,d\n"
        levels.write_bytes(original + rows.encode())
        during = [banner.ask() for _ in range(6)]  # every worker sees the new files at once
        judged = banner.every_worker(lambda text: "is invalid" in text)  # the check given up (or, fast, failed)
        seen = len(results)
        levels.write_bytes(original)
        restored = banner.every_worker(lambda text: "The data on disk" not in text)
        served = len(results) - seen
    assert all("The data on disk" in text for _, text in during)
    assert judged and all("took longer than 3 s" in text or "levels.csv" in text for text in judged.values())
    assert restored and all("The data has been updated" in text for text in restored.values())  # the page is older
    layout = urllib.request.urlopen(base + "/_dash-layout", timeout=20).read().decode()
    assert "The data on disk" not in layout and "view-explore" in layout  # a page loaded now: no banner
    assert len(results) >= 10 and served >= 1
    assert {status for status, _ in results} == {200}  # no error, no refused or dropped connection
    assert all(same for _, same in results)  # every answer from the last good graph
