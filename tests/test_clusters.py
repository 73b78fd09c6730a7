"""Clustering: markers at each level never conflict; the finest level shows every building."""

from __future__ import annotations

from qifutong.clusters import group, levels, separation, spread

RATIO = 0.5


def _conflicts(xy, leaders, width):
    return [
        (a, b)
        for n, a in enumerate(leaders)
        for b in leaders[n + 1 :]
        if abs(xy[a][0] - xy[b][0]) < width and abs(xy[a][1] - xy[b][1]) < width * RATIO
    ]


def test_near_points_merge_and_far_ones_stay_apart():
    xy = [(0.0, 0.0), (0.5, 0.1), (5.0, 0.0)]
    assert group(xy, [0, 1, 2], width=1.0, ratio=RATIO) == [[0, 1], [2]]
    assert group(xy, [0, 1, 2], width=0.4, ratio=RATIO) == [[0], [1], [2]]


def test_every_level_keeps_its_markers_one_box_apart_down_to_single_buildings():
    xy = [(0.01 * i, 0.003 * (i % 5)) for i in range(30)] + [(1.0, 1.0)]
    order = list(range(len(xy)))
    found = levels(xy, order, RATIO, coarsest=1.0)
    widths = [lv.width for lv in found]
    assert widths == sorted(widths, reverse=True) and len(found) >= 3
    assert len(found[0].groups) < len(found[-1].groups) == len(xy)
    for lv in found:
        assert _conflicts(xy, [g[0] for g in lv.groups], lv.width) == []
        assert sorted(i for g in lv.groups for i in g) == order


def test_buildings_at_one_address_are_set_apart():
    xy = spread([(1.0, 1.0), (1.0, 1.0), (3.0, 3.0)], radius=0.01)
    assert xy[0] != xy[1] and xy[2] == (3.0, 3.0)
    assert separation(xy, RATIO) > 0
