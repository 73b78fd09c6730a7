"""What an uploaded spreadsheet may hold, checked before it is inflated or parsed.

A workbook is a zip archive: its central directory says how large each part is packed and
unpacked, so a zip bomb (a small file that inflates to gigabytes) is refused before a byte is
inflated; a part that inflates beyond what the directory says is refused as it inflates. The
limits are settings (QIFUTONG_IMPORT_*); the defaults fit Excel's own limits and a roster of a
million rows."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qifutong.errors import QifutongError

MB = 1024 * 1024


@dataclass(frozen=True)
class ReadLimits:
    file_bytes: int = 256 * MB  # the file as uploaded
    part_bytes: int = 2048 * MB  # one part of a workbook, unpacked
    total_bytes: int = 3072 * MB  # all parts, unpacked
    ratio: float = 100.0  # unpacked / packed, for parts over RATIO_GRACE
    parts: int = 10_000  # entries in the archive
    rows: int = 1_048_576  # Excel's own limit
    columns: int = 1_024
    cell_chars: int = 32_767  # Excel's own limit
    row_bytes: int = 64 * MB  # the XML of one worksheet row

    @classmethod
    def from_config(cls, config: Any) -> ReadLimits:
        """The limits set for the app (QIFUTONG_IMPORT_*), the defaults for the rest."""
        base = cls()
        return cls(
            file_bytes=int(config.get("QIFUTONG_IMPORT_MAX_FILE_MB", base.file_bytes // MB) * MB),
            part_bytes=int(config.get("QIFUTONG_IMPORT_MAX_PART_MB", base.part_bytes // MB) * MB),
            total_bytes=int(
                config.get("QIFUTONG_IMPORT_MAX_UNPACKED_MB", base.total_bytes // MB) * MB
            ),
            ratio=float(config.get("QIFUTONG_IMPORT_MAX_RATIO", base.ratio)),
            rows=int(config.get("QIFUTONG_IMPORT_MAX_ROWS", base.rows)),
            columns=int(config.get("QIFUTONG_IMPORT_MAX_COLUMNS", base.columns)),
            cell_chars=int(config.get("QIFUTONG_IMPORT_MAX_CELL_CHARS", base.cell_chars)),
        )


# Small parts (styles, a one-row sheet) may pack very well without being a bomb.
RATIO_GRACE = 1 * MB


def current() -> ReadLimits:
    """The running app's limits; the defaults outside an app."""
    from flask import current_app, has_app_context

    if has_app_context():
        return ReadLimits.from_config(current_app.config)
    return ReadLimits()


class LimitExceeded(QifutongError, ValueError):
    """A file over one of the limits; the message says which, in words a person reads."""

    status = 422
    code = "too_large"


def _mb(n: float) -> str:
    return f"{n / MB:,.0f} MB" if n >= MB else f"{n / 1024:,.0f} KB"


def check_file(size: int, limits: ReadLimits) -> None:
    from qifutong.web.i18n import Phrase  # here: the CLI's --help reads this module, Flask-free

    if size > limits.file_bytes:
        raise LimitExceeded(
            Phrase(
                "文件过大（{size}），上限为 {limit}",
                {"size": _mb(size), "limit": _mb(limits.file_bytes)},
            )
        )


def check_archive(book: zipfile.ZipFile, limits: ReadLimits) -> None:
    """Every part's declared sizes and ratio, and their total, before anything is inflated."""
    from qifutong.web.i18n import Phrase  # here: the CLI's --help reads this module, Flask-free

    entries = book.infolist()
    if len(entries) > limits.parts:
        raise LimitExceeded(
            Phrase(
                "工作簿包含 {n} 个部件，上限为 {limit}",
                {"n": format(len(entries), ","), "limit": format(limits.parts, ",")},
            )
        )
    total = 0
    for info in entries:
        if info.file_size > limits.part_bytes:
            raise LimitExceeded(
                Phrase(
                    "工作簿的部件 {part} 解压后 {size}，上限为 {limit}",
                    {
                        "part": info.filename,
                        "size": _mb(info.file_size),
                        "limit": _mb(limits.part_bytes),
                    },
                )
            )
        ratio = info.file_size / max(1, info.compress_size)
        if info.file_size > RATIO_GRACE and ratio > limits.ratio:
            raise LimitExceeded(
                Phrase(
                    "工作簿的部件 {part} 压缩比异常（{ratio} 倍，上限 {limit} 倍），"
                    "疑似压缩炸弹，已拒绝",
                    {
                        "part": info.filename,
                        "ratio": format(ratio, ",.0f"),
                        "limit": format(limits.ratio, ",.0f"),
                    },
                )
            )
        total += info.file_size
    if total > limits.total_bytes:
        raise LimitExceeded(
            Phrase(
                "工作簿解压后共 {size}，上限为 {limit}",
                {"size": _mb(total), "limit": _mb(limits.total_bytes)},
            )
        )


def check_shape(rows: int, columns: int, limits: ReadLimits, sheet: str | None = None) -> None:
    """The number of rows and columns of a sheet (or the last row and column it names)."""
    from qifutong.web.i18n import Phrase  # here: the CLI's --help reads this module, Flask-free

    where = Phrase("工作表“{sheet}”", {"sheet": sheet}) if sheet else Phrase("文件")
    if rows > limits.rows:
        raise LimitExceeded(
            Phrase(
                "{where}有 {n} 行，上限为 {limit} 行",
                {"where": where, "n": format(rows, ","), "limit": format(limits.rows, ",")},
            )
        )
    if columns > limits.columns:
        raise LimitExceeded(
            Phrase(
                "{where}有 {n} 列，上限为 {limit} 列",
                {"where": where, "n": format(columns, ","), "limit": format(limits.columns, ",")},
            )
        )


def check_cell(length: int, max_chars: int) -> None:
    from qifutong.web.i18n import Phrase  # here: the CLI's --help reads this module, Flask-free

    if length > max_chars:
        raise LimitExceeded(
            Phrase(
                "单元格内容过长（{n} 个字符），上限为 {limit} 个字符",
                {"n": format(length, ","), "limit": format(max_chars, ",")},
            )
        )


def check_upload(path: Path, name: str, limits: ReadLimits | None = None) -> None:
    """What can be told of an uploaded file before a job reads it: its size and, for a
    workbook, the sizes its archive declares (its directory is read, nothing is inflated).
    Raises LimitExceeded with the file's name, so that the page can refuse it at once."""
    from qifutong.web.i18n import Phrase, message_of  # here: the CLI's --help is Flask-free

    limits = limits or current()
    try:
        check_file(path.stat().st_size, limits)
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as book:
                check_archive(book, limits)
    except LimitExceeded as exc:
        raise LimitExceeded(
            Phrase("{file}: {problem}", {"file": name, "problem": message_of(exc)})
        ) from None


def from_environment() -> ReadLimits:
    """The limits as the app will read them (QIFUTONG_IMPORT_* in the environment), for a
    command that checks its files before the app starts."""
    from qifutong.config import import_limits_from_environment

    return ReadLimits.from_config(import_limits_from_environment())


def refuse_files_over_limits(ctx: Any, param: Any, value: Any) -> Any:
    """A click callback for an import command's file argument: a file over the read limits
    (a zip bomb, say) is refused before the app starts, in a second instead of after it."""
    import click

    limits = from_environment()
    for path in value if isinstance(value, tuple) else (value,):
        if path is None or not Path(path).is_file():
            continue
        try:
            check_upload(Path(path), Path(path).name, limits)
        except LimitExceeded as exc:
            raise click.ClickException(f"导入未执行，数据库未改动：{exc}") from None
    return value
