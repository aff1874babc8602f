"""The wheel as an SVG: sectors sized by the odds, in the order the draw walks them.

The draw walks the teams in the same order as the sectors, so the recorded
draw, times 360 degrees, is exactly where the pointer lands.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from opsreview.spins.state import WheelState

PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f")
RADIUS = 200.0
LABEL_MIN_DEGREES = 7.0


@dataclass(frozen=True)
class Sector:
    team_id: int
    name: str
    start: float  # degrees, clockwise from the pointer at the top
    end: float
    path: str
    color: str
    label: str
    label_x: float
    label_y: float
    label_rotate: float


def _point(degrees: float, radius: float) -> tuple[float, float]:
    angle = math.radians(degrees - 90)
    return radius * math.cos(angle), radius * math.sin(angle)


def sectors(state: WheelState) -> list[Sector]:
    """One sector per team with a chance, in draw order."""
    odds = state.draw().odds() if state.slots_left > 0 else {}
    result = []
    start = 0.0
    for i, candidate in enumerate(c for c in state.candidates if c.team_id in odds):
        sweep = odds[candidate.team_id] * 360.0
        end = start + sweep
        x1, y1 = _point(start, RADIUS)
        x2, y2 = _point(end, RADIUS)
        large = 1 if sweep > 180 else 0
        if sweep >= 359.999:
            path = f"M 0 {-RADIUS} A {RADIUS} {RADIUS} 0 1 1 0 {RADIUS} A {RADIUS} {RADIUS} 0 1 1 0 {-RADIUS} Z"
        else:
            path = f"M 0 0 L {x1:.2f} {y1:.2f} A {RADIUS} {RADIUS} 0 {large} 1 {x2:.2f} {y2:.2f} Z"
        middle = (start + end) / 2
        lx, ly = _point(middle, RADIUS * 0.62)
        name = state.teams[candidate.team_id].name
        label = (name if len(name) <= 16 else name[:15] + "…") if sweep >= LABEL_MIN_DEGREES else ""
        rotate = middle - 90 if middle < 180 else middle + 90
        result.append(
            Sector(candidate.team_id, name, start, end, path, PALETTE[i % len(PALETTE)], label, lx, ly, rotate)
        )
        start = end
    return result
