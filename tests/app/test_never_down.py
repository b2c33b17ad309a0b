"""Never down over data (issue 27, item 1): a changed package is checked off the request path.

Validation and building run in a child process started by one background thread per process, under
``RELOAD_TIMEOUT``; requests keep answering from the last good graph, with the banner. Where the
package is parsed is recorded by a wrapper around ``read_package`` (the child inherits it when forked):
its lines name the process and thread, so a parse on the request's process would show.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from big_files import big_cell, free_heap
from test_serving import EXPLORE_GRAPH, corrupt, post

import dashapp.components.context as C
import graph.data.load
from dashapp import create_app
from dashapp.server.replay import body, page_values

BANNER = "..data-status.children...data-status.className.."


@pytest.fixture
def parses(tmp_path, monkeypatch):
    """Record each parse (process id, thread name) in a file; parsing waits while the file ``slow`` exists."""
    log, slow = tmp_path / "parses.log", tmp_path / "slow"
    real = graph.data.load.read_package

    def recording(path):
        with log.open("a") as f:
            f.write(f"{os.getpid()} {threading.current_thread().name}\n")
        end = time.monotonic() + 120
        while slow.exists() and time.monotonic() < end:
            time.sleep(0.05)
        return real(path)

    monkeypatch.setattr(graph.data.load, "read_package", recording)

    class Parses:
        def lines(self) -> list[tuple[int, str]]:
            text = log.read_text() if log.exists() else ""
            return [(int(pid), name) for pid, name in (line.split(" ", 1) for line in text.splitlines())]

        def slow(self, on: bool) -> None:
            slow.touch() if on else slow.unlink(missing_ok=True)

    return Parses()


@contextlib.contextmanager
def visitors(ask: Callable[[], Any], n: int = 3) -> Iterator[list[Any]]:
    """*n* threads calling *ask* over and over until the block ends; yields the list of what they returned."""
    results: list[Any] = []
    stop = threading.Event()

    def visit() -> None:
        while not stop.is_set():
            results.append(ask())

    threads = [threading.Thread(target=visit) for _ in range(n)]
    for t in threads:
        t.start()
    try:
        yield results
    finally:
        stop.set()
        for t in threads:
            t.join()


def serve(data_dir):
    """An explorer on *data_dir*: the app, its context, a test client, the page's values, its explore answer."""
    app = create_app(data_dir)
    client = app.server.test_client()
    values = page_values(app)
    return app, app.layout.ctx, client, values, post(client, body(app, EXPLORE_GRAPH, values=values)).get_json()


def banner(client, app, values) -> str:
    return json.dumps(post(client, body(app, BANNER, values=values)).get_json())


def test_requests_answer_from_the_last_good_graph_while_a_slow_bad_file_is_checked(data_copy, parses):
    app, ctx, client, values, before = serve(data_copy)
    G = ctx.graph()
    booted = len(parses.lines())

    parses.slow(True)
    corrupt(data_copy)
    start = time.monotonic()
    answers = [post(client, body(app, EXPLORE_GRAPH, values=values)) for _ in range(5)]
    assert time.monotonic() - start < 5  # five answers while the check waits for the test
    assert [a.status_code for a in answers] == [200] * 5 and all(a.get_json() == before for a in answers)
    assert "The data on disk has changed" in banner(client, app, values) and ctx.graph() is G
    assert not ctx.settle(0.5)  # the check is still running
    parses.slow(False)
    assert ctx.settle()
    text = banner(client, app, values)
    assert "The data on disk is invalid" in text and "factors.csv, row 5, column 'kind'" in text
    assert post(client, body(app, EXPLORE_GRAPH, values=values)).get_json() == before

    path = data_copy / "factors.csv"  # fixed, with a factor renamed
    fixed = path.read_text(encoding="utf-8").replace(",zzz,", ",subtheme,", 1)
    path.write_text(fixed.replace("Training and certification", "Training and accreditation"), encoding="utf-8")
    post(client, body(app, EXPLORE_GRAPH, values=values))
    assert ctx.settle()
    assert ctx.graph() is not G and "Training and accreditation" in client.get("/_dash-layout").get_data(as_text=True)
    assert "The data has been updated" in banner(client, app, values)

    checks = parses.lines()[booted:]
    assert len(checks) == 2  # the bad files once, the fixed files once, however many requests came
    assert all(pid != os.getpid() for pid, _ in checks)  # never on the process serving, let alone a request


def test_a_check_over_the_budget_is_abandoned_and_the_banner_says_so(data_copy, parses, monkeypatch):
    app = create_app(data_copy)
    ctx, client = app.layout.ctx, app.server.test_client()
    monkeypatch.setattr(C, "RELOAD_TIMEOUT", 1.0)  # after start-up, which a busy machine may need longer for
    values = page_values(app)
    parses.slow(True)
    corrupt(data_copy)
    assert post(client, body(app, EXPLORE_GRAPH, values=values)).status_code == 200
    assert ctx.settle(30)  # abandoned after its 1 s, not after the 120 s the parse would wait
    text = banner(client, app, values)
    assert "The data on disk is invalid" in text and "took longer than 1 s" in text
    assert post(client, body(app, EXPLORE_GRAPH, values=values)).status_code == 200
    import multiprocessing

    assert not [p for p in multiprocessing.active_children() if p.name == "pswgraph-check"]  # the child was killed


def test_a_package_over_the_memory_budget_is_refused_by_name_and_the_last_good_graph_served(data_copy, monkeypatch):
    app, ctx, client, values, before = serve(data_copy)
    G = ctx.graph()
    levels = (data_copy / "levels.csv").read_text(encoding="utf-8")
    monkeypatch.setattr(C, "RELOAD_MEMORY", 2**20)  # 1 MB: reading the file alone needs more than malloc holds free
    big_cell(data_copy, 40 * 2**20 + free_heap())
    assert post(client, body(app, EXPLORE_GRAPH, values=values)).get_json() == before
    assert ctx.settle()
    text = banner(client, app, values)
    assert "The data on disk is invalid" in text and "needs more than 1 MB of memory to check" in text
    assert ctx.graph() is G and post(client, body(app, EXPLORE_GRAPH, values=values)).get_json() == before

    monkeypatch.setattr(C, "RELOAD_MEMORY", 2**30)  # with room, a 40 MB cell is read and refused for its length
    (data_copy / "levels.csv").write_text(levels, encoding="utf-8")
    big_cell(data_copy)
    post(client, body(app, EXPLORE_GRAPH, values=values))
    assert ctx.settle()
    text = banner(client, app, values)
    assert "levels.csv, row 2" in text and "needs more than" not in text and ctx.graph() is G


def test_a_worker_booting_on_a_slow_package_serves_the_checking_page_then_the_explorer(data_copy, parses,
                                                                                        monkeypatch):
    monkeypatch.setattr(C, "RELOAD_TIMEOUT", 1.0)
    monkeypatch.setattr(C, "RELOAD_RETRY", 0.0)
    parses.slow(True)
    start = time.monotonic()
    app = create_app(data_copy)  # no previous graph: start-up waits for the budget, then gives up
    client = app.server.test_client()
    page = client.get("/")
    assert time.monotonic() - start < 30  # bounded by the budget, not by the 120 s parse
    assert page.status_code == 200 and "The data package is being checked" in page.get_data(as_text=True)
    layout = client.get("/_dash-layout").get_data(as_text=True)
    assert "being checked" in layout and "view-explore" not in layout
    values = page_values(create_app())
    assert post(client, body(app, EXPLORE_GRAPH, values=values)).status_code == 503

    parses.slow(False)  # the retry finds the package fast again
    monkeypatch.setattr(C, "RELOAD_TIMEOUT", 60.0)  # (on a busy machine, parsing alone may take over 1 s)
    client.get("/")
    assert app.layout.ctx.settle()
    layout = client.get("/_dash-layout").get_data(as_text=True)
    assert "view-explore" in layout and "being checked" not in layout
    assert all(pid != os.getpid() for pid, _ in parses.lines())


def test_broken_data_is_checked_once_not_on_every_request(data_copy, parses):
    app = create_app(data_copy)
    client = app.server.test_client()
    values = page_values(app)
    booted = len(parses.lines())
    corrupt(data_copy)
    for _ in range(3):
        assert post(client, body(app, EXPLORE_GRAPH, values=values)).status_code == 200
    assert app.layout.ctx.settle()
    for _ in range(3):
        assert post(client, body(app, EXPLORE_GRAPH, values=values)).status_code == 200
    assert len(parses.lines()) - booted == 1


def test_concurrent_requests_all_answer_while_a_huge_header_is_written_and_fixed(data_copy, monkeypatch):
    """The fault of issue 27: a levels.csv with a 40,000-column header written while serving, then restored."""
    monkeypatch.setattr(C, "RELOAD_TIMEOUT", 10.0)
    app = create_app(data_copy)
    ctx = app.layout.ctx
    values = page_values(app)
    good = post(app.server.test_client(), body(app, EXPLORE_GRAPH, values=values)).get_json()

    def ask() -> tuple[int, float, bool]:
        start = time.monotonic()
        answer = post(app.server.test_client(), body(app, EXPLORE_GRAPH, values=values))
        return answer.status_code, time.monotonic() - start, answer.get_json() == good

    levels = data_copy / "levels.csv"
    original = levels.read_bytes()
    with visitors(ask) as results:
        time.sleep(0.5)
        levels.write_text(",".join(f"c{i}" for i in range(40_000)) + "\n" + "x," * 39_999 + "x\n")
        time.sleep(1)
        ctx.settle(30)
        invalid = banner(app.server.test_client(), app, values)
        levels.write_bytes(original)
        time.sleep(0.5)
        ctx.settle(30)
        time.sleep(0.5)
    assert "The data on disk is invalid" in invalid and "levels.csv" in invalid
    assert len(results) >= 6
    assert {code for code, _, _ in results} == {200}  # no 5xx, ever
    assert all(same for _, _, same in results)  # the last good graph (restored files: the same answers)
    assert max(latency for _, latency, _ in results) < 5
