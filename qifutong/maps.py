"""Maps of the street: buildings as labelled markers that merge when they would overlap, over
the schematic main roads (offline, the default) or the tiles of a map service the street
configures (`QIFUTONG_TILE_URL`, DESIGN §1 rule 6: no request leaves the machine otherwise)."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from qifutong.clusters import Level, levels, spread
from qifutong.geo import CRS, from_gcj02, mercator_y
from qifutong.web.i18n import translate

ROADS = Path(__file__).parent / "data" / "roads.json"
LABEL_PX = (120, 62)  # a marker's label box in pixels: name and value under a marker
NAME_CHARS = 8  # a longer name is cut on the marker (the hover shows it whole)
CLUSTER_COLOUR = "#37474f"
SAME_PLACE = 0.00015  # degrees (~15 m): buildings sharing a position are set this far apart
FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif'


@dataclass(frozen=True)
class MapPoint:
    """A building on the map; `key` travels with clicks so a page can open the building."""

    key: str
    name: str
    lat: float  # GCJ-02, as buildings are stored
    lon: float
    color: str
    size: float = 14.0
    hover: str = ""
    label: str = ""  # the chosen indicator's value, written under the name
    value: float | None = None


@dataclass(frozen=True)
class Legend:
    """What colour and size mean, shown beside the map."""

    colours: Sequence[tuple[str, str]] = ()  # (label, colour)
    size: str = ""  # what the size shows ("出租面积")
    sizes: Sequence[tuple[str, float]] = ()  # (label, marker diameter in px), small to large


@dataclass(frozen=True)
class Listing:
    """The map's buildings as a list under it (a phone, a screen reader): one value column."""

    heading: str  # the value column's heading, with its unit where the values share one
    rows: Sequence[tuple[str, str, str]]  # (key, name, value)


def listing(
    points: Sequence[MapPoint], heading: str, cell: Callable[[MapPoint], str] | None = None
) -> Listing:
    """The buildings in the order the map ranks them (largest marker first)."""
    ordered = sorted(points, key=lambda p: (-p.size, p.name))
    return Listing(heading, [(p.key, p.name, cell(p) if cell else p.label) for p in ordered])


@dataclass(frozen=True)
class TileService:
    """A map tile service: a URL template with {x}, {y} and {z} (Web Mercator tiles) and the
    coordinate system its maps are drawn in."""

    url: str
    crs: str = "wgs84"
    attribution: str = ""

    @property
    def origin(self) -> str:
        """The scheme and host the tiles come from (the page's CSP allows exactly this)."""
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}"


def tile_service(config: Mapping[str, Any]) -> TileService | None:
    """The configured tile service; None (the offline schematic map) when no URL is set."""
    url = str(config.get("QIFUTONG_TILE_URL") or "").strip()
    if not url:
        return None
    crs = str(config.get("QIFUTONG_TILE_CRS") or "wgs84").strip().lower()
    parts = urlsplit(url)
    if crs not in CRS:
        raise ValueError(f"QIFUTONG_TILE_CRS={crs!r}: use one of {', '.join(CRS)}")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"QIFUTONG_TILE_URL={url!r} is not an http(s) URL")
    if not all(f"{{{k}}}" in url for k in "xyz"):
        raise ValueError("QIFUTONG_TILE_URL needs {x}, {y} and {z} in it")
    return TileService(url, crs, str(config.get("QIFUTONG_TILE_ATTRIBUTION") or ""))


@cache
def _roads() -> list[dict[str, Any]]:
    return list(json.loads(ROADS.read_text(encoding="utf-8"))["roads"])


def _short(name: str) -> str:
    return name if len(name) <= NAME_CHARS else name[: NAME_CHARS - 1] + "…"


def no_summary(members: Sequence[MapPoint]) -> str:
    return ""


def _merged_name(members: Sequence[MapPoint]) -> str:
    return translate("{name} 等 {n} 栋", name=_short(members[0].name), n=len(members))


def _cluster_hover(members: Sequence[MapPoint], summary: str) -> str:
    title = translate("{n} 栋", n=len(members)) + (f" · {summary}" if summary else "")
    lines = [f"<b>{title}</b>"]
    lines += [f"{m.name}：{m.label}" if m.label else m.name for m in members[:8]]
    if len(members) > 8:
        lines.append(translate("还有 {n} 栋", n=len(members) - 8))
    return "<br>".join([*lines, translate("点击放大查看各楼宇")])


def _road_traces() -> list[dict[str, Any]]:
    traces = []
    for road in _roads():
        river = road.get("kind") == "river"
        traces.append(
            {
                "type": "scatter",
                "mode": "lines+text",
                "x": [p[0] for p in road["points"]],
                "y": [mercator_y(p[1]) for p in road["points"]],
                "hoverinfo": "skip",
                "line": {"color": "#9ecae1" if river else "#d0d7de", "width": 6 if river else 4},
                "text": [road["name"], ""],
                "textposition": "top right",
                "textfont": {"size": 10, "color": "#7b8794"},
            }
        )
    return traces


def _level_traces(
    points: Sequence[MapPoint],
    xy: Sequence[tuple[float, float]],
    groups: Sequence[Sequence[int]],
    summary: Callable[[Sequence[MapPoint]], str],
    visible: bool,
) -> tuple[list[dict[str, Any]], list[list[float]]]:
    """A level's single buildings (labelled, clickable to their page) and its merged markers
    (a count inside, the summary under it; a click zooms to their members)."""
    singles = [g[0] for g in groups if len(g) == 1]
    merged = [g for g in groups if len(g) > 1]
    one = {
        "type": "scatter",
        "mode": "markers+text",
        "visible": visible,
        "x": [xy[i][0] for i in singles],
        "y": [xy[i][1] for i in singles],
        "customdata": [points[i].key for i in singles],
        "marker": {
            "size": [points[i].size for i in singles],
            "color": [points[i].color for i in singles],
            "line": {"width": 1.5, "color": "#ffffff"},
            "opacity": 0.92,
        },
        "text": [
            f"{_short(points[i].name)}<br>{points[i].label}" if points[i].label else points[i].name
            for i in singles
        ],
        "textposition": "bottom center",
        "textfont": {"size": 11, "color": "#1f2933"},
        "hovertext": [
            (points[i].hover or points[i].name) + "<br>" + translate("点击打开楼宇页面")
            for i in singles
        ],
        "hovertemplate": "%{hovertext}<extra></extra>",
    }
    members = [[points[i] for i in g] for g in merged]
    summaries = [summary(m) for m in members]
    sizes = [min(44.0, 24.0 + 4.0 * math.sqrt(len(g))) for g in merged]
    many: dict[str, Any] = {
        "type": "scatter",
        "mode": "markers+text",
        "visible": visible,
        "x": [xy[g[0]][0] for g in merged],
        "y": [xy[g[0]][1] for g in merged],
        "marker": {
            "size": sizes,
            "color": CLUSTER_COLOUR,
            "line": {"width": 3, "color": "rgba(255,255,255,0.85)"},
        },
        "text": [str(len(g)) for g in merged],
        "textposition": "middle center",
        "textfont": {"size": 12, "color": "#ffffff"},
        "hovertext": [_cluster_hover(m, s) for m, s in zip(members, summaries, strict=True)],
        "hovertemplate": "%{hovertext}<extra></extra>",
    }
    # The summary under a merged marker: an invisible marker of the same size lifts it clear.
    under = {
        "type": "scatter",
        "mode": "markers+text",
        "visible": visible,
        "x": many["x"],
        "y": many["y"],
        "marker": {"size": sizes, "opacity": 0},
        "text": [
            f"{_merged_name(m)}<br>{s}" if s else _merged_name(m)
            for m, s in zip(members, summaries, strict=True)
        ],
        "textposition": "bottom center",
        "textfont": {"size": 11, "color": "#1f2933"},
        "hoverinfo": "skip",
    }
    bounds = [
        [
            min(xy[i][0] for i in g),
            max(xy[i][0] for i in g),
            min(xy[i][1] for i in g),
            max(xy[i][1] for i in g),
        ]
        for g in merged
    ]
    return [one, many, under], bounds


def _split_widths(found: Sequence[Level], n: int) -> list[float]:
    """For each merged marker of level n, the box width of the first finer level where its
    buildings come apart: a click zooms that far."""
    widths = []
    for g in (g for g in found[n].groups if len(g) > 1):
        width = found[-1].width
        for finer in found[n + 1 :]:
            if len(next(h for h in finer.groups if g[0] in h)) < len(g):
                width = finer.width
                break
        widths.append(width)
    return widths


def street_map(
    points: Sequence[MapPoint],
    tiles: TileService | None = None,
    summary: Callable[[Sequence[MapPoint]], str] = no_summary,
) -> dict[str, Any]:
    """The map as a JSON-ready figure for the local plotly.js, with `map` telling the page's
    script which traces make each zoom level and where the tiles come from. `summary` writes
    the merged buildings' value ("合计 1.20 亿元") under their marker."""
    crs = tiles.crs if tiles else "gcj02"
    placed = [from_gcj02(p.lat, p.lon, crs) for p in points]
    raw = [(lon, mercator_y(lat)) for lat, lon in placed]
    xy = spread(raw, SAME_PLACE)
    order = sorted(range(len(points)), key=lambda i: (-points[i].size, points[i].name))
    ratio = LABEL_PX[1] / LABEL_PX[0]
    if raw:
        x0, x1 = min(x for x, _ in raw), max(x for x, _ in raw)
        y0, y1 = min(y for _, y in raw), max(y for _, y in raw)
    else:
        x0, x1, y0, y1 = 120.09, 120.13, mercator_y(30.26), mercator_y(30.295)
    span = max(x1 - x0, (y1 - y0) / ratio, 0.004)
    pad_x, pad_y = max((x1 - x0) * 0.08, 0.002), max((y1 - y0) * 0.1, 0.002)
    data: list[dict[str, Any]] = [] if tiles else _road_traces()
    zoom_levels = []
    found = levels(xy, order, ratio, coarsest=span)
    for n, level in enumerate(found):
        first = len(data)
        traces, bounds = _level_traces(points, xy, level.groups, summary, visible=n == 0)
        bounds = [[*b, w] for b, w in zip(bounds, _split_widths(found, n), strict=True)]
        data += traces
        zoom_levels.append(
            {
                "width": level.width,
                "single": first,
                "merged": first + 1,
                "under": first + 2,
                "bounds": bounds,
            }
        )
    for trace in data:
        trace.setdefault("showlegend", False)
    layout = {
        "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
        "font": {"family": FONT, "size": 11},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)" if tiles else "#f8fafc",
        "showlegend": False,
        "hovermode": "closest",
        "dragmode": "pan",
        "xaxis": {"visible": False, "range": [x0 - pad_x, x1 + pad_x]},
        "yaxis": {
            "visible": False,
            "range": [y0 - 2 * pad_y, y1 + pad_y],  # room for the labels under the markers
            "scaleanchor": "x",
            "scaleratio": 1,
        },
    }
    meta = {
        "levels": zoom_levels,
        "label_px": LABEL_PX[0],
        "extent": [x0, x1, y0, y1],  # the page fits these, with room for the labels, on screen
        "tiles": tiles.url if tiles else "",
    }
    return {"data": data, "layout": layout, "map": meta}


def base_map_note(tiles: TileService | None) -> str:
    """The line under a map saying what the base map is."""
    if tiles is None:
        return translate("底图：{name}", name=translate("示意道路（离线）"))
    return translate("底图：{name}", name=tiles.attribution or urlsplit(tiles.url).netloc)
