"""Long work as jobs: imports, full re-matching, digests, exports.

A page enqueues a job and answers at once; the job runs elsewhere — in an RQ worker
(`qifutong worker`) when `REDIS_URL` is set, else in a thread of the web process — in an
application context and a database transaction of its own, ended by `database.job`: all of
the job's writes are committed when it succeeds, none when it fails or its process is killed.
Its progress, result or failure reason are kept in the job store (see store.py) for the page
to poll and for its result page, which stays reachable after the page that started it closed.

Packages register what a job of each kind does with `register(kind, func, label)`; `func(params,
progress)` returns a JSON-able result, or raises `JobFailed` with a reason for the person."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app

from qifutong import database
from qifutong.errors import QifutongError
from qifutong.extensions import db
from qifutong.jobs.store import FileStore, JobStore, RedisStore, is_live
from qifutong.web.i18n import Phrase, message_of, stored

log = logging.getLogger(__name__)
Progress = Callable[[str, float], None]
JobFunc = Callable[[dict[str, Any], Progress], dict[str, Any]]
KILLED = "处理该任务的进程意外中断，任务没有完成，数据库没有任何改动；请重新提交。"
FAILED = "任务失败（内部错误），数据库没有任何改动。"
WAITING = "等待同类任务完成"


class JobFailed(QifutongError):
    """The job could not be done; the message tells the person why (nothing was written)."""

    status = 422
    code = "job_failed"


@dataclass(frozen=True)
class JobKind:
    kind: str
    func: JobFunc
    label: str  # what the person sees: 导入企业名录
    lock: str | None  # jobs sharing a lock key run one at a time
    stages: Mapping[str, str]  # the job's steps as the person reads them
    page: str | None  # the endpoint that shows a job of this kind (?job=ID), if any


_KINDS: dict[str, JobKind] = {}


STAGES = {"queued": "排队等待处理", "waiting": WAITING, "start": "开始处理", "done": "完成"}


def register(
    kind: str,
    func: JobFunc,
    label: str,
    lock: str | None = None,
    stages: Mapping[str, str] | None = None,
    page: str | None = None,
) -> None:
    _KINDS[kind] = JobKind(kind, func, label, lock, {**STAGES, **(stages or {})}, page)


def kind_label(kind: str) -> str:
    found = _KINDS.get(kind)
    return found.label if found else kind


def result_page(kind: str) -> str | None:
    found = _KINDS.get(kind)
    return found.page if found else None


def store(app: Flask | None = None) -> JobStore:
    """The job store of this app (one per app, made on first use)."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    found = app.extensions.get("qifutong_jobs")
    if found is None:
        url = app.config.get("REDIS_URL")
        if url:
            from redis import Redis

            found = RedisStore(Redis.from_url(url), queue_name(app))
        else:
            from pathlib import Path

            found = FileStore(Path(app.instance_path) / "jobs")
        app.extensions["qifutong_jobs"] = found
    return found


def queue_name(app: Flask) -> str:
    """The RQ queue (and key prefix) of this installation."""
    return str(app.config.get("QIFUTONG_JOB_QUEUE") or "qifutong")


def _stale_after(app: Flask) -> float:
    return float(app.config.get("QIFUTONG_JOB_STALE_SECONDS", 30))


# --- starting ------------------------------------------------------------------------------


def enqueue(
    kind: str,
    params: Mapping[str, Any],
    user_id: int | None,
    subject: str = "",
    app: Flask | None = None,
) -> str:
    """Record a new job and hand it to a worker (RQ) or a thread; returns its id. `subject`
    names what it works on for the person (the files of an import)."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    if kind not in _KINDS:
        raise KeyError(f"no job kind {kind!r}")
    job_id = uuid.uuid4().hex
    now = time.time()
    state = {
        "id": job_id,
        "kind": kind,
        "title": kind_label(kind),
        "state": "queued",
        "stage": "queued",
        "stage_label": STAGES["queued"],
        "percent": 0,
        "user_id": user_id,
        "subject": subject,
        "params": dict(params),
        "created": now,
        "heartbeat": now,
    }
    store(app).save(job_id, state)
    url = app.config.get("REDIS_URL")
    if url:
        from redis import Redis
        from rq import Queue

        Queue(queue_name(app), connection=Redis.from_url(url)).enqueue(
            # By name: the worker imports it (and with it the app factory), the web app never.
            "qifutong.jobs.worker.perform_in_worker",
            job_id,
            job_id=job_id,
            job_timeout=int(app.config.get("QIFUTONG_JOB_TIMEOUT", 6 * 3600)),
            result_ttl=3600,
            failure_ttl=7 * 24 * 3600,
        )
    else:
        thread = threading.Thread(
            target=perform, args=(app, job_id), name=f"job-{job_id[:8]}", daemon=True
        )
        thread.start()
        if app.config.get("QIFUTONG_JOBS_WAIT"):  # tests: the job is done when enqueue returns
            thread.join()
    return job_id


# --- running -------------------------------------------------------------------------------

_worker_app: Flask | None = None


def set_worker_app(app: Flask) -> None:
    """The app RQ jobs of this worker process run in (set by `qifutong worker`)."""
    global _worker_app
    _worker_app = app


def worker_app() -> Flask | None:
    """The app set by `qifutong worker`, if this process is one (qifutong/jobs/worker.py)."""
    return _worker_app


def perform(app: Flask, job_id: str) -> dict[str, Any]:
    """Run one queued job once: claim it, wait for its lock, run it in a transaction of its
    own, record the outcome. Returns the final state."""
    jobs = store(app)
    state = jobs.load(job_id)
    if state is None or not jobs.claim(job_id):
        return state or {}
    spec = _KINDS.get(state["kind"])
    stale = _stale_after(app)
    state.update(state="running", started=time.time(), heartbeat=time.time())
    lock_held = False
    stop = threading.Event()
    lock = threading.Lock()

    def save(**changes: Any) -> None:
        with lock:
            state.update(changes, heartbeat=time.time())
            jobs.save(job_id, state)

    def beat() -> None:
        while not stop.wait(max(0.5, stale / 6)):
            if spec is not None and spec.lock and lock_held:
                jobs.lock(spec.lock, job_id, stale)  # keeps a Redis lock from expiring
            save()

    ticker = threading.Thread(target=beat, name=f"job-beat-{job_id[:8]}", daemon=True)
    ticker.start()
    try:
        if spec is None:
            raise JobFailed(Phrase("未知的任务类型：{kind}", {"kind": state["kind"]}))
        if spec.lock:
            while not jobs.lock(spec.lock, job_id, stale):
                save(stage="waiting", stage_label=WAITING)
                time.sleep(0.5)
            lock_held = True

        def progress(stage: str, done: float) -> None:
            label = spec.stages.get(stage, "")
            save(stage=stage, stage_label=label, percent=max(0, min(100, round(done * 100))))

        progress("start", 0.0)
        result = _run(app, spec, dict(state.get("params") or {}), progress)
    except JobFailed as exc:
        save(state="failed", error=stored(message_of(exc)), finished=time.time())
    except Exception:
        log.exception("job %s (%s) failed", job_id, state.get("kind"))
        save(state="failed", error=FAILED, finished=time.time())
    else:
        save(
            state="done",
            percent=100,
            stage="done",
            stage_label=STAGES["done"],
            result=result,
            finished=time.time(),
        )
    finally:
        stop.set()
        ticker.join()
        if spec is not None and spec.lock and lock_held:
            jobs.unlock(spec.lock, job_id)
    return state


def _run(app: Flask, spec: JobKind, params: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """The job's work in an application context and one transaction of its own."""
    with app.app_context():
        try:
            return database.job(spec.func)(params, progress)
        finally:
            db.session.remove()


# --- reading -------------------------------------------------------------------------------


def status(job_id: str, app: Flask | None = None) -> dict[str, Any] | None:
    """The job's state; a running job whose process stopped beating is recorded as failed."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    if not job_id or len(job_id) != 32 or set(job_id) - set("0123456789abcdef"):
        return None
    jobs = store(app)
    state = jobs.load(job_id)
    if state is None:
        return None
    if state.get("state") == "running" and not is_live(state, _stale_after(app)):
        state.update(state="failed", error=KILLED, finished=time.time())
        jobs.save(job_id, state)
    return state


def recent_jobs(
    user_id: int | None, kinds: tuple[str, ...], limit: int = 10, app: Flask | None = None
) -> list[dict[str, Any]]:
    """This user's latest jobs of these kinds, newest first."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    found = [
        s
        for s in store(app).recent()
        if s.get("kind") in kinds and (user_id is None or s.get("user_id") == user_id)
    ]
    found.sort(key=lambda s: -float(s.get("created", 0)))
    return [status(str(s["id"]), app) or s for s in found[:limit]]
