"""Where jobs keep their state while they run and after: Redis when `REDIS_URL` is set (any
host's worker and web process see it), else small JSON files in the instance folder (every
process of one host sees them).

The state is never in the database: a job's own transaction is open until it ends, and on
SQLite a second writer (a progress update) would wait for it. Two operations are atomic in both
stores, so that a job is never run twice at once: `claim` (queued → running, once) and `lock`
(one running job per lock key, until released or its holder's heartbeat stops)."""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

KEEP_SECONDS = 14 * 24 * 3600  # how long a finished job's record and result stay readable


class JobStore(Protocol):
    def save(self, job_id: str, state: dict[str, Any]) -> None: ...
    def load(self, job_id: str) -> dict[str, Any] | None: ...
    def claim(self, job_id: str) -> bool: ...
    def lock(self, key: str, job_id: str, stale_after: float) -> bool: ...
    def unlock(self, key: str, job_id: str) -> None: ...
    def recent(self) -> Iterator[dict[str, Any]]: ...


class FileStore:
    """One JSON file per job; claims and locks are files created exclusively."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, job_id: str, suffix: str = ".json") -> Path:
        return self.folder / f"{job_id}{suffix}"

    def save(self, job_id: str, state: dict[str, Any]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self._path(job_id, f".{os.getpid()}.part")
        tmp.write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
        tmp.replace(self._path(job_id))

    def load(self, job_id: str) -> dict[str, Any] | None:
        try:
            return dict(json.loads(self._path(job_id).read_text(encoding="utf-8")))
        except (FileNotFoundError, ValueError):
            return None

    def claim(self, job_id: str) -> bool:
        return _create_exclusive(self._path(job_id, ".claim"), job_id)

    def lock(self, key: str, job_id: str, stale_after: float) -> bool:
        path = self.folder / "locks" / f"{key}.lock"
        if _create_exclusive(path, job_id):
            return True
        try:
            holder = path.read_text(encoding="utf-8")
            written = path.stat().st_mtime
        except FileNotFoundError:
            return _create_exclusive(path, job_id)
        if not holder and time.time() - written < stale_after:
            # Written whole since _create_exclusive links it into place; an empty one comes
            # from a process of an older release, maybe still writing: wait until it is stale.
            return False
        state = self.load(holder) or {}
        if holder != job_id and is_live(state, stale_after):
            return False
        path.unlink(missing_ok=True)  # the holder ended or died: take its place
        return _create_exclusive(path, job_id)

    def unlock(self, key: str, job_id: str) -> None:
        path = self.folder / "locks" / f"{key}.lock"
        try:
            if path.read_text(encoding="utf-8") == job_id:
                path.unlink()
        except FileNotFoundError:
            pass

    def recent(self) -> Iterator[dict[str, Any]]:
        if not self.folder.exists():
            return
        cutoff = time.time() - KEEP_SECONDS
        for path in self.folder.glob("*.json"):
            state = self.load(path.stem)
            if state is not None and state.get("created", 0) >= cutoff:
                yield state


def _create_exclusive(path: Path, content: str) -> bool:
    """Create `path` holding `content`, only if it does not exist. The content is written to a
    file of this process first and linked into place (atomic, and refused where the path
    exists), so nobody ever reads the new file empty."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.part")
    tmp.write_text(content, encoding="utf-8")
    try:
        os.link(tmp, path)
    except FileExistsError:
        return False
    finally:
        tmp.unlink(missing_ok=True)
    return True


class RedisStore:
    """One Redis string per job (JSON); claims and locks are keys set only if absent."""

    def __init__(self, connection: Any, namespace: str = "qifutong") -> None:
        self.redis = connection
        self.PREFIX = f"qifutong:{namespace}:job:"

    def save(self, job_id: str, state: dict[str, Any]) -> None:
        self.redis.set(self.PREFIX + job_id, json.dumps(state, ensure_ascii=False), ex=KEEP_SECONDS)
        self.redis.zadd(self.PREFIX + "index", {job_id: float(state.get("created", 0))})

    def load(self, job_id: str) -> dict[str, Any] | None:
        raw = self.redis.get(self.PREFIX + job_id)
        return None if raw is None else dict(json.loads(raw))

    def claim(self, job_id: str) -> bool:
        return bool(self.redis.set(self.PREFIX + job_id + ":claim", "1", nx=True, ex=KEEP_SECONDS))

    def lock(self, key: str, job_id: str, stale_after: float) -> bool:
        name = self.PREFIX + "lock:" + key
        if self.redis.set(name, job_id, nx=True, ex=max(1, int(stale_after))):
            return True
        holder = self.redis.get(name)
        holder = holder.decode() if isinstance(holder, bytes) else holder
        if holder == job_id:
            self.redis.expire(name, max(1, int(stale_after)))
            return True
        state = self.load(holder) if holder else None
        if state is not None and not is_live(state, stale_after):
            self.redis.delete(name)
            return bool(self.redis.set(name, job_id, nx=True, ex=max(1, int(stale_after))))
        return False

    def unlock(self, key: str, job_id: str) -> None:
        name = self.PREFIX + "lock:" + key
        holder = self.redis.get(name)
        if (holder.decode() if isinstance(holder, bytes) else holder) == job_id:
            self.redis.delete(name)

    def recent(self) -> Iterator[dict[str, Any]]:
        cutoff = time.time() - KEEP_SECONDS
        self.redis.zremrangebyscore(self.PREFIX + "index", "-inf", cutoff)
        for raw_id in self.redis.zrevrange(self.PREFIX + "index", 0, 499):
            state = self.load(raw_id.decode() if isinstance(raw_id, bytes) else raw_id)
            if state is not None:
                yield state


def is_live(state: dict[str, Any], stale_after: float) -> bool:
    """A job still queued, or running with a recent heartbeat."""
    if state.get("state") == "queued":
        return True
    if state.get("state") != "running":
        return False
    return time.time() - float(state.get("heartbeat") or 0) < stale_after
