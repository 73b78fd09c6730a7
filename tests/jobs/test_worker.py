"""With Redis, a roster uploaded on the page runs in `qifutong worker`; killing the worker
mid-way leaves the database as it was and the job failed with the reason."""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import subprocess
import sys
import time
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from qifutong.enterprises.models import Enterprise
from qifutong.extensions import db
from qifutong.imports.models import ImportBatch
from qifutong.jobs import runner
from tests.conftest import make_test_app

REDIS_URL = os.environ.get("QIFUTONG_TEST_REDIS", "redis://127.0.0.1:6379/0")
STALE = 2


def _redis_reason() -> str | None:
    try:
        from redis import Redis

        Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
        return None
    except Exception as exc:  # any failure means: not reachable here
        return f"{type(exc).__name__}: {exc}"


@pytest.fixture
def app(db_url: str, tmp_path: Path) -> Iterator[Any]:
    """The test app with jobs on Redis, in a queue of its own (the client and users use it)."""
    reason = _redis_reason()
    if reason is not None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"Redis must be reachable in CI ({REDIS_URL}): {reason}")
        pytest.skip(f"Redis not reachable at {REDIS_URL}: {reason}")
    queue = f"test-{uuid.uuid4().hex[:10]}"
    app = make_test_app(
        db_url,
        tmp_path,
        REDIS_URL=REDIS_URL,
        QIFUTONG_JOB_QUEUE=queue,
        QIFUTONG_JOBS_WAIT=False,
        QIFUTONG_JOB_STALE_SECONDS=STALE,
    )
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()
    _forget_queue(queue)


def _forget_queue(queue: str) -> None:
    """Leave nothing of the test's queue in Redis: the keys named after it, its jobs and their
    results (named by job id, found by their origin), and the workers and registry entries
    that point to it. Other tests' queues, running at the same time, are left alone."""
    from redis import Redis

    conn = Redis.from_url(REDIS_URL)
    for key in conn.scan_iter(f"*{queue}*"):
        conn.delete(key)
    for key in conn.scan_iter("rq:job:*"):
        name = key.decode()
        if name.count(":") == 2 and conn.hget(key, "origin") == queue.encode():
            job_id = name.rsplit(":", 1)[1]
            conn.delete(key, f"rq:results:{job_id}", f"{name}:dependents")
    conn.srem("rq:queues", f"rq:queue:{queue}")
    for worker in conn.smembers("rq:workers"):
        queues = conn.hget(worker, "queues")
        if queues is None or queues.decode() == queue:
            conn.srem("rq:workers", worker)
            conn.delete(worker, worker + b":executions")


def _worker(app: Any, tmp_path: Path, *args: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "REDIS_URL": REDIS_URL,
        "QIFUTONG_JOB_QUEUE": app.config["QIFUTONG_JOB_QUEUE"],
        "QIFUTONG_JOB_STALE_SECONDS": str(STALE),
        "QIFUTONG_INSTANCE": str(tmp_path / "instance"),
        "QIFUTONG_UPLOAD_DIR": app.config["QIFUTONG_UPLOAD_DIR"],
        "QIFUTONG_REPORT_DIR": app.config["QIFUTONG_REPORT_DIR"],
        "SECRET_KEY": "test",
    }
    with open(tmp_path / "worker.log", "ab") as log:  # the child keeps its own copy
        return subprocess.Popen(
            [sys.executable, "-X", "faulthandler", "-m", "qifutong", "worker", *args],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=True,  # the worker and the process running its job die together
        )


def _ends(worker: subprocess.Popen[bytes], tmp_path: Path, app: Any, seconds: float = 120) -> None:
    """The burst worker exits 0 within `seconds`; else it is killed and the failure says what
    it was doing (the stack of each of its threads) and what the database sessions were
    waiting for."""
    try:
        code = worker.wait(seconds)
    except subprocess.TimeoutExpired:
        os.kill(worker.pid, signal.SIGABRT)  # faulthandler writes every thread's stack to the log
        with contextlib.suppress(subprocess.TimeoutExpired):
            worker.wait(10)
        with contextlib.suppress(ProcessLookupError):  # SIGABRT may have ended them all
            os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(30)
        code = None
    if code == 0:
        return
    log = (tmp_path / "worker.log").read_text(encoding="utf-8", errors="replace")[-6000:]
    waits = ""
    if db.engine.dialect.name == "postgresql":
        rows = db.session.execute(
            text(
                "SELECT pid, state, wait_event_type, wait_event, left(query, 200) "
                "FROM pg_stat_activity WHERE datname = current_database()"
            )
        ).all()
        waits = "\n".join(map(str, rows))
    raise AssertionError(f"worker exit {code}\n--- log ---\n{log}\n--- sessions ---\n{waits}")


def _roster(path: Path, n: int) -> Path:
    lines = ["企业名称,法定代表人,注册地址"]
    lines += [f"杭州第{i:06d}号测试科技有限公司,王{i % 97},文三路{i}号" for i in range(n)]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _upload(client: Any, path: Path) -> str:
    with path.open("rb") as fh:
        res = client.post(
            "/imports/enterprises",
            data={"files": (fh, path.name)},
            content_type="multipart/form-data",
            headers={"X-Requested-With": "fetch"},
        )
    assert res.status_code == 200, res.get_data(as_text=True)
    job_id = str(res.get_json()["job"])
    res.close()
    del res
    with warnings.catch_warnings():  # the test client leaves a large body's spool file open
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()
    return job_id


def _counts() -> tuple[int, int]:
    db.session.rollback()
    firms = db.session.scalar(select(func.count()).select_from(Enterprise)) or 0
    batches = db.session.scalar(select(func.count()).select_from(ImportBatch)) or 0
    return int(firms), int(batches)


def _wait(app: Any, job_id: str, until: Any, seconds: float = 120) -> dict[str, Any]:
    deadline = time.time() + seconds
    while time.time() < deadline:
        state = runner.status(job_id, app)
        if state is not None and until(state):
            return state
        time.sleep(0.02)
    raise AssertionError(f"job {job_id}: {runner.status(job_id, app)}")


def test_the_page_queues_the_import_and_the_worker_runs_it(app, client, login, make_user, tmp_path):
    login(make_user("street"))
    job_id = _upload(client, _roster(tmp_path / "名录.csv", 40))
    assert runner.status(job_id, app)["state"] == "queued"  # nothing runs it in here
    page = client.get(f"/imports/enterprises?job={job_id}").get_data(as_text=True)
    assert "排队等待处理" in page
    worker = _worker(app, tmp_path, "--burst")
    _ends(worker, tmp_path, app)
    state = runner.status(job_id, app)
    assert state["state"] == "done", state
    assert state["result"]["summary"]["rows"] == 40
    assert _counts()[0] == state["result"]["summary"]["enterprises"] > 0
    page = client.get(f"/imports/enterprises?job={job_id}").get_data(as_text=True)
    assert "导入完成" in page and "我的导入任务" in page


def test_killing_the_worker_mid_way_leaves_the_database_as_it_was(
    app, client, login, make_user, tmp_path
):
    login(make_user("street"))
    before = _counts()
    job_id = _upload(client, _roster(tmp_path / "大名录.csv", 20_000))
    worker = _worker(app, tmp_path)
    try:
        _wait(app, job_id, lambda s: s.get("stage") == "write")
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(30)
    state = _wait(app, job_id, lambda s: s["state"] != "running", seconds=STALE * 10)
    assert state["state"] == "failed" and state["error"] == runner.KILLED
    assert _counts() == before
    got = client.get(f"/imports/jobs/{job_id}").get_json()
    assert got["state"] == "failed" and "数据库没有任何改动" in got["error"]
