"""Sample numbers: a believable week for any team, the same every time it is asked.

Traffic follows the day (busiest mid-afternoon UTC, quieter at weekends); each ISO week has one
incident (faults and latency jump for 30 to 90 minutes); one instance is bad all week. Latency is
lognormal around a median that follows the load, so a weekly p99 is the true p99 of the week's
requests, as CloudWatch computes it, not an average of per-period percentiles.
"""

from __future__ import annotations

import math
import zlib
from datetime import UTC, datetime

import numpy as np

from opsreview.cloudwatch import MetricData, Series
from opsreview.dashboards.plan import MathQuery, MetricQuery, Plan
from opsreview.dashboards.weeks import iso_week

Z = {"p50": 0.0, "p90": 1.2816, "p99": 2.3263, "p99.9": 3.0902}
SIGMA = math.log(4.8) / Z["p99"]  # p99 is 4.8 times the median
DAY = 86400
Span = tuple[float, float]  # one half of the window, in epoch seconds


def _seed(*parts: object) -> int:
    return zlib.crc32("|".join(map(str, parts)).encode())


class SampleTeam:
    def __init__(self, slug: str, period: int) -> None:
        self.slug = slug
        self.period = period
        self.rate = 40 + _seed(slug, "rate") % 360  # requests per second at an average hour
        count = 8 + _seed(slug, "fleet") % 17
        self.instances = [f"i-{_seed(slug, 'instance', n):08x}" for n in range(count)]
        self.bad_instance = self.instances[_seed(slug, "bad") % count]

    # -- the shape of a window ------------------------------------------------------------------
    def times(self, start: datetime, end: datetime) -> np.ndarray:
        return np.arange(start.timestamp(), end.timestamp(), self.period)

    def _noise(self, key: str, times: np.ndarray, spread: float) -> np.ndarray:
        """Noise fixed per day, so overlapping windows agree at every timestamp."""
        days = (times // DAY).astype(np.int64)
        out = np.empty(len(times))
        for day in np.unique(days):
            where = days == day
            first = int(day) * DAY
            index = ((times[where] - first) // self.period).astype(np.int64)
            rng = np.random.default_rng(_seed(self.slug, key, int(day)))
            out[where] = rng.normal(1.0, spread, DAY // self.period)[index]
        return np.clip(out, 0.2, None)

    def _load(self, times: np.ndarray) -> np.ndarray:
        hours = (times % DAY) / 3600
        weekday = ((times // DAY + 3) % 7).astype(int)  # 1970-01-01 was a Thursday
        daily = 1 + 0.55 * np.sin(2 * np.pi * (hours - 9) / 24)
        return daily * np.where(weekday >= 5, 0.7, 1.0)

    def _incident(self, times: np.ndarray) -> np.ndarray:
        """1 outside the week's incident, the incident's severity inside it."""
        factor = np.ones(len(times))
        for week_start in np.unique(times - (times - 4 * DAY) % (7 * DAY)):  # Mondays
            monday = datetime.fromtimestamp(week_start, UTC).date()
            rng = np.random.default_rng(_seed(self.slug, "incident", iso_week(monday)))
            begins = week_start + int(rng.integers(0, 5)) * DAY + int(rng.integers(8, 20)) * 3600
            lasts = int(rng.integers(30, 91)) * 60
            factor[(times >= begins) & (times < begins + lasts)] = float(rng.uniform(20, 60))
        return factor

    # -- metrics -----------------------------------------------------------------------------------
    def requests(self, times: np.ndarray) -> np.ndarray:
        return np.round(self.rate * self.period * self._load(times) * self._noise("req", times, 0.04))

    def errors(self, times: np.ndarray) -> np.ndarray:
        incident = np.where(self._incident(times) > 1, 3.0, 1.0)
        return np.round(self.requests(times) * 0.004 * incident * self._noise("err", times, 0.3))

    def faults(self, times: np.ndarray) -> np.ndarray:
        return np.round(self.requests(times) * 0.0004 * self._incident(times) * self._noise("flt", times, 0.3))

    def median_latency(self, api: int, times: np.ndarray) -> np.ndarray:
        base = 15 + _seed(self.slug, "latency", api) % 60
        slow = np.where(self._incident(times) > 1, 3.5, 1.0)
        return base * (1 + 0.3 * (self._load(times) - 1)) * slow * self._noise(f"lat{api}", times, 0.06)


def metric_data(plan: Plan, slug: str) -> MetricData:
    """Answer ``plan`` the way CloudWatch would, from the sample team called ``slug``."""
    team = SampleTeam(slug, plan.period)
    window = plan.window
    data = MetricData(calls=0, queries_sent=0)
    series = team.times(window.start, window.end)
    weeks = [(window.start.timestamp(), window.split.timestamp()), (window.split.timestamp(), window.end.timestamp())]
    splits: dict[str, dict[str, np.ndarray]] = {}
    for query in plan.queries:
        key = query.id[2:]
        weekly = query.id.startswith("w_")
        times = series
        if isinstance(query, MathQuery):
            data.series["top"] = _top_errors(team, plan, weeks)
            continue
        if key.startswith("lat"):
            api, stat = int(key[3 : key.index("_")]), key.split("_")[-1]
            values = _latency(team, api, stat, series, weekly, weeks)
        elif key.startswith("i"):
            values = _instance(team, plan, key, series, weeks, splits)
        elif key in ("req", "err", "flt"):
            values = getattr(team, {"req": "requests", "err": "errors", "flt": "faults"}[key])(series)
            values = _weekly_sums(series, values, weeks) if weekly else values
        else:
            values = _business(team, query, series, weekly, weeks)
        if weekly:
            times = np.array([w[0] for w in weeks])
        data.series[query.id] = [Series(query.id, _points(times, values))]
    return data


def _points(times: np.ndarray, values: np.ndarray) -> list[tuple[datetime, float]]:
    return [(datetime.fromtimestamp(t, UTC), float(v)) for t, v in zip(times, values, strict=True)]


def _in_week(series: np.ndarray, week: Span) -> np.ndarray:
    """The points of one half of the window."""
    return (series >= week[0]) & (series < week[1])


def _weekly_sums(series: np.ndarray, values: np.ndarray, weeks: list[Span]) -> np.ndarray:
    return np.array([values[_in_week(series, w)].sum() for w in weeks])


def _latency(team: SampleTeam, api: int, stat: str, series: np.ndarray, weekly: bool, weeks: list[Span]) -> np.ndarray:
    medians = team.median_latency(api, series)
    if not weekly:
        return np.round(medians * math.exp(Z[stat] * SIGMA), 1)
    load = team.requests(series)
    return np.array([_mixture_quantile(medians[_in_week(series, w)], load[_in_week(series, w)], stat) for w in weeks])


def _mixture_quantile(medians: np.ndarray, weights: np.ndarray, stat: str) -> float:
    """The ``stat`` percentile of all requests of the week: a request-weighted mix of lognormals."""
    target = {"p50": 0.5, "p90": 0.9, "p99": 0.99, "p99.9": 0.999}[stat]
    weights = weights / weights.sum()
    logs = np.log(medians)
    low, high = float(logs.min()) - 4 * SIGMA, float(logs.max()) + 4 * SIGMA
    for _ in range(50):
        middle = (low + high) / 2
        share = float((weights * 0.5 * (1 + _erf((middle - logs) / (SIGMA * math.sqrt(2))))).sum())
        low, high = (middle, high) if share < target else (low, middle)
    return round(math.exp((low + high) / 2), 1)


def _erf(x: np.ndarray) -> np.ndarray:
    """erf to within 1.5e-7 (Abramowitz and Stegun 7.1.26), vectorised."""
    sign = np.sign(x)
    x = np.abs(x)
    t = 1 / (1 + 0.3275911 * x)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return sign * (1 - poly * np.exp(-x * x))


def _instance_split(team: SampleTeam, plan: Plan, totals: np.ndarray, metric: str) -> dict[str, np.ndarray]:
    """Each instance's weekly share; the bad instance takes a third of the faults and errors."""
    rng = np.random.default_rng(_seed(team.slug, "shares"))
    shares = rng.gamma(20, 1, len(plan.instances))
    shares /= shares.sum()
    out = {name: np.round(totals * share) for name, share in zip(plan.instances, shares, strict=True)}
    if metric in ("err", "flt") and team.bad_instance in out:
        bad = plan.instances.index(team.bad_instance)
        others = 1 - shares[bad]
        for index, name in enumerate(plan.instances):
            part = 0.35 if index == bad else 0.65 * shares[index] / others
            out[name] = np.round(totals * part)
    return out


def _instance(
    team: SampleTeam, plan: Plan, key: str, series: np.ndarray, weeks: list[Span], splits: dict[str, dict[str, np.ndarray]]
) -> np.ndarray:
    metric, index = key[1:4], int(key[4:])
    if metric not in splits:
        source = {"req": team.requests, "err": team.errors, "flt": team.faults}[metric]
        splits[metric] = _instance_split(team, plan, _weekly_sums(series, source(series), weeks), metric)
    return splits[metric][plan.instances[index]]


def _top_errors(team: SampleTeam, plan: Plan, weeks: list[Span]) -> list[Series]:
    series = team.times(plan.window.start, plan.window.end)
    per_instance = _instance_split(team, plan, _weekly_sums(series, team.errors(series), weeks), "err")
    ranked = sorted(per_instance.items(), key=lambda item: -item[1].sum())[: plan.top_n]
    times = np.array([w[0] for w in weeks])
    return [Series(name, _points(times, values)) for name, values in ranked]


def _business(team: SampleTeam, query: MetricQuery, series: np.ndarray, weekly: bool, weeks: list[Span]) -> np.ndarray:
    scale = 5 + _seed(team.slug, query.metric) % 500
    values = np.round(scale * team._load(series) * team._noise(query.metric, series, 0.1), 2)
    if not weekly:
        return values
    reduce = {"Sum": np.sum, "Average": np.mean, "Maximum": np.max, "Minimum": np.min, "SampleCount": np.size}
    pick = reduce.get(query.stat)
    if pick is None:  # a percentile of the period values
        level = float(query.stat.lstrip("p")) if query.stat.startswith("p") else 50.0
        return np.array([np.percentile(values[_in_week(series, w)], level) for w in weeks])
    return np.array([float(pick(values[_in_week(series, w)])) for w in weeks])


def alarms(slug: str) -> list[dict[str, object]]:
    """Three metric alarms and a composite over them; the bad instance keeps one in ALARM."""
    fault_state = "ALARM" if _seed(slug, "fault-alarm") % 3 == 0 else "OK"
    children = [f"{slug}-p99-latency", f"{slug}-fault-rate", f"{slug}-instance-faults"]
    states = ["OK", fault_state, "ALARM"]
    found: list[dict[str, object]] = [
        {"name": name, "state": state, "type": "metric", "children": []} for name, state in zip(children, states, strict=True)
    ]
    found.append({"name": f"{slug}-service-health", "state": "ALARM", "type": "composite", "children": children})
    return found


def instances(slug: str, period: int) -> list[str]:
    return SampleTeam(slug, period).instances

