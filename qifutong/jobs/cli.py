"""`qifutong worker`: run queued jobs from Redis (RQ) until stopped."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext


@click.command("worker")
@click.option("--burst", is_flag=True, help="run the jobs waiting now, then stop")
@with_appcontext
def worker_command(burst: bool) -> None:
    """Run jobs (imports, re-matching, digests, exports) queued by the pages; needs REDIS_URL."""
    from redis import Redis
    from rq import Queue, Worker

    from qifutong.extensions import db
    from qifutong.jobs.runner import queue_name, set_worker_app

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    url = app.config.get("REDIS_URL")
    if not url:
        raise click.ClickException(
            "REDIS_URL is not set: without Redis, jobs run inside the web server and need no worker"
        )
    set_worker_app(app)
    # Jobs open their own application context and session; this one holds nothing open.
    db.session.remove()
    db.engine.dispose()
    connection = Redis.from_url(url)
    queue = Queue(queue_name(app), connection=connection)
    worker = _worker_class(Worker)([queue], connection=connection)
    click.echo(f"worker {worker.name} waiting for jobs in queue {queue.name}")
    worker.work(burst=burst)


def _worker_class(base: type) -> type:
    """RQ's worker, listening for its control commands (stop, kill) in a thread that wakes
    every second instead of every minute: RQ joins that thread on stopping, so a worker (a
    burst worker above all) would otherwise take up to a minute to exit (rq/rq#1613)."""

    class Worker(base):
        def subscribe(self) -> None:
            channel = self.pubsub_channel_name
            self.log.info("Worker %s: subscribing to channel %s", self.name, channel)
            self.pubsub = self.connection.pubsub()
            self.pubsub.subscribe(**{channel: self.handle_payload})
            self.pubsub_thread = self.pubsub.run_in_thread(
                sleep_time=1, daemon=True, exception_handler=self._pubsub_exception_handler
            )

    return Worker
