"""What an RQ worker runs: one queued job, in the worker's app. The queue names it
(runner.enqueue), so nothing in the app imports this module, and it may import the app factory
for a worker that has no app yet."""

from __future__ import annotations

import os
from typing import Any

from qifutong.app import create_app
from qifutong.extensions import db
from qifutong.jobs import runner


def _die_with_parent() -> None:
    """RQ runs each job in a child process of its own process group: have it killed when the
    worker is (Linux), so that killing a worker never leaves its job running unseen."""
    import ctypes
    import signal
    import sys

    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    pr_set_pdeathsig = 1
    ctypes.CDLL(None).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent:  # the worker died before the call took effect
        os._exit(1)


def perform_in_worker(job_id: str) -> dict[str, Any]:
    """What RQ runs: the job in the worker's app (a forked process gets fresh connections)."""
    if os.environ.get("RQ_JOB_ID") == job_id:  # in the process RQ forked for this job
        _die_with_parent()
    app = runner.worker_app()
    if app is None:
        app = create_app({"QIFUTONG_CLI": True})
        runner.set_worker_app(app)
    with app.app_context():
        db.engine.dispose(close=False)  # connections inherited across fork are not ours
    return runner.perform(app, job_id)
