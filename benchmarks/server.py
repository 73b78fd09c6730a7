"""The real server as a user meets it: `qifutong serve` in a child process, and clients that
log in through the form and call the API with tokens, as browsers and scripts do."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

# Sessions are bound to the client's address and user agent (Flask-Login's strong protection):
# every client of one login sends the same agent.
USER_AGENT = "qifutong-client/1"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


PROJECT_ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def running_server(
    env: Mapping[str, str],
    *,
    workers: int = 2,
    threads: int = 1,
    log: Path | None = None,
    timeout: float = 90,
    gunicorn: bool = False,
) -> Iterator[str]:
    """`qifutong serve` (or `gunicorn wsgi:app`) on a free port with `env` added to this
    environment; yields its base URL once it answers, and stops it at the end."""
    port = free_port()
    out: BinaryIO | int = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115
    if gunicorn:
        command = [sys.executable, "-m", "gunicorn", "wsgi:app", "--bind", f"127.0.0.1:{port}"]
    else:
        command = [sys.executable, "-m", "qifutong", "serve", "--port", str(port)]
    proc = subprocess.Popen(
        [*command, "--workers", str(workers), "--threads", str(threads)],
        env={**os.environ, **env},
        cwd=PROJECT_ROOT,
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, proc, timeout)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if not isinstance(out, int):
            out.close()


def _wait_until_up(base: str, proc: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server stopped at start-up (exit {proc.returncode})")
        try:
            with urllib.request.urlopen(base + "/login", timeout=5) as resp:
                if resp.status == 200:
                    return
        except (OSError, urllib.error.URLError):
            time.sleep(0.2)
    raise RuntimeError(f"the server did not answer within {timeout:.0f} s")


class Browser:
    """A browser's view of the site: its own cookies, the login form with its CSRF token."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self._opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        self._opener.addheaders = [("User-Agent", USER_AGENT)]

    def get(self, path: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(self.base + path))

    def post_form(self, path: str, fields: Mapping[str, str]) -> tuple[int, str]:
        data = urllib.parse.urlencode(fields).encode()
        return self._open(urllib.request.Request(self.base + path, data=data, method="POST"))

    def post_file(
        self, path: str, fields: Mapping[str, str], file_name: str, data: bytes
    ) -> tuple[int, str]:
        """A multipart form with one file (field "file"), as an upload form sends it."""
        boundary = "----qifutong" + os.urandom(8).hex()
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in fields.items()
        ]
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{file_name}"\r\nContent-Type: application/octet-stream\r\n\r\n'
        )
        body = b"".join(parts) + head.encode() + data + f"\r\n--{boundary}--\r\n".encode()
        req = urllib.request.Request(self.base + path, data=body, method="POST")
        req.add_header("Content-Type", f"multipart/form-data; boundary={boundary}")
        return self._open(req)

    def csrf_token(self, path: str) -> str:
        """The form token of the page at `path`."""
        _status, page = self.get(path)
        match = _CSRF.search(page)
        if match is None:
            raise AssertionError(f"{path} carries no form token")
        return match.group(1)

    def login(self, username: str, password: str) -> tuple[int, str]:
        """Open the login page, then post the form with the token it carried."""
        status, page = self.get("/login")
        match = _CSRF.search(page)
        if status != 200 or match is None:
            raise AssertionError(f"the login page gave {status} without a form token")
        return self.post_form(
            "/login",
            {"csrf_token": match.group(1), "username": username, "password": password},
        )

    def session_cookie(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.cookies)

    def _open(self, req: urllib.request.Request) -> tuple[int, str]:
        try:
            with self._opener.open(req, timeout=60) as resp:
                return resp.status, resp.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()


def api(base: str, method: str, path: str, token: str, body: Any | None = None) -> tuple[int, Any]:
    """One API call with a bearer token; the JSON answer (or None)."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method)
    req.add_header("Authorization", f"Bearer {token}")
    req.add_header("User-Agent", USER_AGENT)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, json.loads(resp.read() or b"null")
    except urllib.error.HTTPError as exc:
        raw = exc.read()
        try:
            return exc.code, json.loads(raw)
        except ValueError:
            return exc.code, raw.decode(errors="replace")
