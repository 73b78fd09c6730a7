"""Markers that never overlap: nearby buildings merge into one marker at each zoom level.

Positions are in one unit on both axes (longitude and Web Mercator northing, in degrees). A
marker's label needs a box `width` wide and `width * ratio` tall; two markers conflict when
their boxes would meet. Each level keeps markers at least one box apart, so the page shows the
finest level whose box is no smaller than the label's size at the current zoom."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

Point = tuple[float, float]
MAX_LEVELS = 20


@dataclass(frozen=True)
class Level:
    """One zoom level: markers at least `width` apart; each group lists point indexes, the
    point that stands for the group (and gives its position) first."""

    width: float
    groups: tuple[tuple[int, ...], ...]


def group(xy: Sequence[Point], order: Sequence[int], width: float, ratio: float) -> list[list[int]]:
    """Points taken in `order` join the first group whose leader is within one box, or lead
    a new group; leaders therefore stay at least one box apart."""
    groups: list[list[int]] = []
    height = width * ratio
    for i in order:
        x, y = xy[i]
        for g in groups:
            lx, ly = xy[g[0]]
            if abs(x - lx) < width and abs(y - ly) < height:
                g.append(i)
                break
        else:
            groups.append([i])
    return groups


def separation(xy: Sequence[Point], ratio: float) -> float:
    """The largest box width at which no two of the points conflict."""
    best = math.inf
    for i, (x, y) in enumerate(xy):
        for u, v in xy[i + 1 :]:
            best = min(best, max(abs(x - u), abs(y - v) / ratio))
    return 0.0 if best is math.inf else best


def spread(xy: Sequence[Point], radius: float) -> list[Point]:
    """Points at the same place (two buildings of one campus share an address) set apart on a
    small ring around it, so that zooming in can show each."""
    out = list(xy)
    seen: dict[tuple[float, float], list[int]] = {}
    for i, (x, y) in enumerate(xy):
        seen.setdefault((round(x / radius * 10), round(y / radius * 10)), []).append(i)
    for members in seen.values():
        if len(members) < 2:
            continue
        cx, cy = xy[members[0]]
        for k, i in enumerate(members):
            angle = 2 * math.pi * k / len(members)
            out[i] = (cx + radius * math.sin(angle), cy + radius * math.cos(angle))
    return out


def levels(xy: Sequence[Point], order: Sequence[int], ratio: float, coarsest: float) -> list[Level]:
    """Levels from one box `coarsest` wide, shrinking by √2 (a level's markers are never more
    than √2 farther apart than they need be), down to every point on its own."""
    out: list[Level] = []
    width = coarsest
    while len(out) < MAX_LEVELS and width > 0:
        groups = group(xy, order, width, ratio)
        if all(len(g) == 1 for g in groups):
            break
        if not out or len(groups) != len(out[-1].groups):
            out.append(Level(width, tuple(tuple(g) for g in groups)))
        width /= math.sqrt(2)
    out.append(Level(separation(xy, ratio), tuple((i,) for i in order)))
    return out
