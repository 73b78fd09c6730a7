"""A zip bomb (a 1 MB workbook holding 1 GiB of whitespace) sent to the lease import page of
the real server and to the import commands: the time to refuse it and the memory it took."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.server import Browser, running_server
from qifutong.spreadsheets.limits import MB

_WORKBOOK = (
    '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
    '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="租约" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_RELS = (
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)
PASSWORD = "bomb-check-2026"


def zip_bomb(megabytes: int = 1024) -> bytes:
    """An xlsx whose only sheet holds `megabytes` MB of spaces inside <sheetData>."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", _WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _RELS)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
            out.write(b"<worksheet><sheetData>")
            space = b" " * MB
            for _ in range(megabytes):
                out.write(space)
            out.write(b"</sheetData></worksheet>")
    return buf.getvalue()


def _peak_kb(pid: int) -> int:
    """The high-water mark of a process's resident memory (kB), from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def _command(env: dict[str, str], *args: str) -> dict[str, Any]:
    """Run `qifutong ARGS` and report its wall time, peak memory and last line."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "qifutong", *args],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    lines = [line for line in out.splitlines() if line.strip()]
    return {
        "seconds": round(time.perf_counter() - start, 2),
        "peak_mb": round(usage.ru_maxrss / 1024),
        "exit": proc.returncode,
        "said": lines[-1][:160] if lines else "",
    }


def _prepare(env: dict[str, str]) -> None:
    """The schema, one building and its manager, in the benchmark's own database."""
    code = (
        "from qifutong.app import create_app\n"
        "from qifutong.commands import upgrade_schema\n"
        "from qifutong.extensions import db\n"
        "from buildings.models import Building\n"
        "from qifutong.auth.services import create_user\n"
        "app = create_app({'QIFUTONG_CLI': True})\n"
        "with app.app_context():\n"
        "    upgrade_schema()\n"
        "    b = Building(code='GD01', name='测试大厦', address='杭州')\n"
        "    db.session.add(b); db.session.flush()\n"
        f"    create_user('louyu', {PASSWORD!r}, 'building', building_ids=[b.id])\n"
        "    db.session.commit()\n"
    )
    subprocess.run([sys.executable, "-c", code], env={**os.environ, **env}, check=True)


def run(megabytes: int, echo: Callable[[str], None]) -> dict[str, Any]:
    data = zip_bomb(megabytes)
    echo(f"zip bomb: {len(data) / MB:.2f} MB packed, {megabytes:,} MB of whitespace inside")
    with tempfile.TemporaryDirectory(prefix="qifutong-bomb-") as folder:
        path = Path(folder) / "租约.xlsx"
        path.write_bytes(data)
        env = {
            "QIFUTONG_INSTANCE": folder,
            "QIFUTONG_ENV": "development",
            "QIFUTONG_SECURE_COOKIES": "0",
            "DATABASE_URL": f"sqlite:///{folder}/bomb.sqlite",
        }
        _prepare(env)
        result: dict[str, Any] = {"packed_mb": round(len(data) / MB, 2), "inside_mb": megabytes}
        # The same command on a one-line CSV: what starting the command costs by itself.
        small = Path(folder) / "空表.csv"
        small.write_text("楼宇编码,楼层,房号,租户名称,起租日期,到期日期,面积\n", encoding="utf-8")
        result["start_up"] = _command(env, "import", "leases", str(small), "--dry-run")
        result["import_leases"] = _command(env, "import", "leases", str(path), "--dry-run")
        result["import_enterprises"] = _command(env, "import", "enterprises", str(path))
        with running_server(env, workers=1) as base:
            browser = Browser(base)
            browser.login("louyu", PASSWORD)
            token = browser.csrf_token("/building/leases/import")
            workers = _server_pids(base)
            before = max((_peak_kb(p) for p in workers), default=0)
            start = time.perf_counter()
            status, page = browser.post_file(
                "/building/leases/import", {"csrf_token": token}, path.name, data
            )
            result["page"] = {
                "seconds": round(time.perf_counter() - start, 2),
                "status": status,
                "refused_as_bomb": "压缩炸弹" in page,
                "worker_peak_mb_before": round(before / 1024),
                "worker_peak_mb_after": round(max(_peak_kb(p) for p in workers) / 1024),
            }
    for key in ("start_up", "import_leases", "import_enterprises", "page"):
        echo(f"{key}: {result[key]}")
    return result


def _server_pids(base: str) -> list[int]:
    """The gunicorn processes listening on the base URL's port (master and workers)."""
    port = base.rsplit(":", 1)[1]
    out = subprocess.run(["ss", "-ltnpH", f"sport = :{port}"], capture_output=True, text=True)
    return sorted({int(p) for p in re.findall(r"pid=(\d+)", out.stdout)})
