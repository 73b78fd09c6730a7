"""Jobs run in a context and transaction of their own: all written or nothing, never twice."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import func, select

from qifutong.enterprises.models import Enterprise
from qifutong.extensions import db
from qifutong.jobs import runner


def _firms() -> int:
    db.session.rollback()  # see what other transactions committed
    return int(db.session.scalar(select(func.count()).select_from(Enterprise)) or 0)


def _write_firms(params, progress):
    for i in range(params["n"]):
        db.session.add(Enterprise(name=f"杭州任务{i}科技有限公司", status="active"))
        db.session.flush()
        progress("write", (i + 1) / params["n"])
    if params.get("fail"):
        raise runner.JobFailed("第 2 行的信用代码有误")
    if params.get("crash"):
        raise RuntimeError("boom")
    return {"written": params["n"]}


@pytest.fixture
def kinds():
    runner.register("test.write", _write_firms, "写入测试", lock="test.write")
    yield
    runner._KINDS.pop("test.write", None)


def test_a_job_commits_its_work_and_keeps_its_result(app, kinds):
    job_id = runner.enqueue("test.write", {"n": 3}, user_id=7)
    state = runner.status(job_id)
    assert state["state"] == "done" and state["result"] == {"written": 3}
    assert state["percent"] == 100 and state["user_id"] == 7
    assert _firms() == 3


@pytest.mark.parametrize("how", ["fail", "crash"])
def test_a_failed_job_writes_nothing_and_says_why(app, kinds, how):
    job_id = runner.enqueue("test.write", {"n": 3, how: True}, user_id=7)
    state = runner.status(job_id)
    assert state["state"] == "failed"
    assert state["error"] == ("第 2 行的信用代码有误" if how == "fail" else runner.FAILED)
    assert _firms() == 0


def test_a_job_is_never_run_twice(app, kinds):
    app.config["QIFUTONG_JOBS_WAIT"] = False
    job_id = runner.enqueue("test.write", {"n": 2}, user_id=1)
    again = [threading.Thread(target=runner.perform, args=(app, job_id)) for _ in range(3)]
    for t in again:
        t.start()
    for t in again:
        t.join()
    deadline = time.time() + 30
    while runner.status(job_id)["state"] != "done" and time.time() < deadline:
        time.sleep(0.05)
    assert runner.status(job_id)["result"] == {"written": 2}
    assert _firms() == 2


def test_jobs_sharing_a_lock_run_one_after_the_other(app, kinds):
    app.config["QIFUTONG_JOBS_WAIT"] = False
    seen: list[int] = []
    running = threading.Event()

    def slow(params, progress):
        seen.append(params["i"])
        assert not running.is_set(), "two jobs of one lock ran at once"
        running.set()
        time.sleep(0.3)
        running.clear()
        return {}

    runner.register("test.slow", slow, "慢任务", lock="test.slow")
    try:
        ids = [runner.enqueue("test.slow", {"i": i}, user_id=1) for i in range(3)]
        deadline = time.time() + 30
        while time.time() < deadline and any(runner.status(j)["state"] != "done" for j in ids):
            time.sleep(0.05)
        assert sorted(seen) == [0, 1, 2]
        assert all(runner.status(j)["state"] == "done" for j in ids)
    finally:
        runner._KINDS.pop("test.slow", None)


def test_a_job_whose_process_stopped_is_failed_with_the_reason(app, kinds):
    app.config["QIFUTONG_JOB_STALE_SECONDS"] = 1
    jobs = runner.store(app)
    job_id = "ab" * 16
    jobs.save(
        job_id,
        {"id": job_id, "kind": "test.write", "state": "running", "heartbeat": time.time() - 5,
         "created": time.time() - 5, "user_id": 1},
    )  # fmt: skip
    state = runner.status(job_id)
    assert state["state"] == "failed" and state["error"] == runner.KILLED
    assert runner.status("not-a-job") is None


def test_the_job_page_is_for_its_owner(app, client, login, make_user, kinds):
    owner, other = make_user("street"), make_user("street")
    job_id = runner.enqueue("test.write", {"n": 1}, user_id=owner.id)
    login(other)
    assert client.get(f"/jobs/{job_id}.json").status_code == 404
    login(owner)
    got = client.get(f"/jobs/{job_id}.json").get_json()
    assert got["state"] == "done" and "params" not in got and "user_id" not in got
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "任务已完成" in page


def test_full_rematch_runs_as_a_job(app, make_firm):
    make_firm(headcount=10)
    job_id = runner.enqueue("matching.full", {"push": False}, user_id=1)
    state = runner.status(job_id)
    assert state["state"] == "done", state
    assert state["result"]["firms"] == 1 and state["result"]["pushed"] == 0


def test_a_lock_file_being_written_is_held(tmp_path):
    """A lock file is linked into place with its job id written; an empty one (left by an
    older release, maybe still writing) is held, not taken as abandoned, until it is stale."""
    import os

    from qifutong.jobs.store import FileStore

    jobs = FileStore(tmp_path)
    path = tmp_path / "locks" / "roster.lock"
    path.parent.mkdir(parents=True)
    path.write_text("", encoding="utf-8")
    now = time.time()  # the process's clock (a moved test clock does not move the file's)
    os.utime(path, (now, now))
    assert jobs.lock("roster", "b" * 32, stale_after=60) is False
    old = now - 120
    os.utime(path, (old, old))
    assert jobs.lock("roster", "b" * 32, stale_after=60) is True
    assert path.read_text(encoding="utf-8") == "b" * 32


def test_a_lock_file_appears_with_its_holder_written(tmp_path):
    """Taken by many threads at once: exactly one gets it, and the file names that one."""
    from qifutong.jobs.store import FileStore

    jobs = FileStore(tmp_path)
    won: list[str] = []
    ids = [f"{i:032x}" for i in range(8)]
    for job_id in ids:  # every taker a live job, so none may take the lock from another
        jobs.save(job_id, {"id": job_id, "state": "queued", "created": time.time()})

    def take(job_id: str) -> None:
        if jobs.lock("roster", job_id, stale_after=60):
            won.append(job_id)

    threads = [threading.Thread(target=take, args=(j,)) for j in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(won) == 1
    assert (tmp_path / "locks" / "roster.lock").read_text(encoding="utf-8") == won[0]
    assert not list((tmp_path / "locks").glob("*.part"))
