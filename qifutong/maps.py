"""Maps of the street drawn from coordinates alone: no online tiles (DESIGN §1 rule 6)."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

ROADS = Path(__file__).parent / "data" / "roads.json"


@dataclass(frozen=True)
class MapPoint:
    """A building on the map; `key` travels with clicks so a page can open its records."""

    key: str
    name: str
    lat: float
    lon: float
    color: str
    size: float = 14.0
    hover: str = ""


@cache
def _roads() -> list[dict[str, Any]]:
    return list(json.loads(ROADS.read_text(encoding="utf-8"))["roads"])


def street_map(
    points: Sequence[MapPoint], title: str = "", legend: Sequence[tuple[str, str]] = ()
) -> go.Figure:
    """Buildings as markers over the main roads, with true proportions at this latitude."""
    fig = go.Figure()
    for road in _roads():
        xs = [p[0] for p in road["points"]]
        ys = [p[1] for p in road["points"]]
        river = road.get("kind") == "river"
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines+text",
                hoverinfo="skip",
                showlegend=False,
                line={"color": "#9ecae1" if river else "#d0d7de", "width": 6 if river else 4},
                text=[road["name"], ""],
                textposition="top right",
                textfont={"size": 10, "color": "#7b8794"},
            )
        )
    fig.add_trace(
        go.Scatter(
            x=[p.lon for p in points],
            y=[p.lat for p in points],
            mode="markers",
            marker={
                "size": [p.size for p in points],
                "color": [p.color for p in points],
                "line": {"width": 1, "color": "#ffffff"},
                "opacity": 0.9,
            },
            text=[p.hover or p.name for p in points],
            hovertemplate="%{text}<extra></extra>",
            customdata=[p.key for p in points],
            showlegend=False,
        )
    )
    for label, color in legend:
        fig.add_trace(
            go.Scatter(
                x=[None], y=[None], mode="markers", name=label, marker={"size": 10, "color": color}
            )
        )
    lat0 = sum(p.lat for p in points) / len(points) if points else 30.277
    fig.update_layout(
        title=title or None,
        margin={"l": 10, "r": 10, "t": 40 if title else 10, "b": 10},
        plot_bgcolor="#f8fafc",
        height=560,
        legend={"orientation": "h", "y": -0.02},
        xaxis={"visible": False},
        dragmode="pan",
        yaxis={
            "visible": False,
            "scaleanchor": "x",
            "scaleratio": 1 / math.cos(math.radians(lat0)),
        },
    )
    return fig
