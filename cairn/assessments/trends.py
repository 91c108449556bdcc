"""Each client's scores over time, per instrument (issue 8, point 6).

- The baseline is the first administration of the instrument in the episode the trend shows
  (the episode of the latest administration): the intake score.
- Reliable change: where the data file gives a reliable-change index (PHQ-9: 6 points, GAD-7:
  4), a score that differs from the baseline by at least that much is marked reliably improved
  or reliably worse. Lower is better on every instrument in the library.
- "Not improving" (DOMAIN.md: flag no improvement after 4 weeks): the latest score is at least
  28 days after the baseline and is not lower than it. A latest score already in the
  instrument's lowest band (or at its minimum) is not flagged: there is nothing left to improve.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.formats import date_format

from cairn.assessments.instruments import Band, Instrument, get_instrument
from cairn.assessments.models import Administration
from cairn.assessments.scoring import bands as band_table
from cairn.assessments.scoring import reliable_change

NOT_IMPROVING_AFTER = timedelta(days=28)


@dataclass(frozen=True)
class Point:
    administration_id: int
    at: datetime
    total: int
    band: str
    change: int  # since the baseline
    reliable: str  # "improved", "worse" or ""
    critical: bool
    occasion: str


@dataclass
class Trend:
    instrument: Instrument
    points: list[Point]
    bands: tuple[Band, ...]
    rci: int | None
    not_improving: bool = False

    @property
    def code(self) -> str:
        return self.instrument.code

    @property
    def baseline(self) -> Point:
        return self.points[0]

    @property
    def latest(self) -> Point:
        return self.points[-1]

    def chart_data(self) -> dict:
        """What static/assessments/trends.js draws (a JSON block in the page, CSP-safe)."""
        return {
            "title": self.instrument.short_name,
            "labels": [date_format(timezone.localtime(p.at), "M j") for p in self.points],
            "totals": [p.total for p in self.points],
            "pointBands": [p.band for p in self.points],
            "reliable": [p.reliable for p in self.points],
            "min": self.instrument.total_min,
            "max": self.instrument.total_max,
            "bands": [{"lower": b.lower, "upper": b.upper, "label": b.label} for b in self.bands],
            "rci": self.rci,
        }


def reliable_mark(change: int, rci: int | None) -> str:
    if rci is None:
        return ""
    if change <= -rci:
        return "improved"
    if change >= rci:
        return "worse"
    return ""


def is_not_improving(instrument: Instrument, bands, baseline: Point, latest: Point) -> bool:
    if latest.at - baseline.at < NOT_IMPROVING_AFTER or latest.total < baseline.total:
        return False
    floor = bands[0].upper if len(bands) > 1 else instrument.total_min
    return latest.total > floor


def build_trend(instrument: Instrument, rows: list[Administration], sex: str | None) -> Trend:
    """``rows``: one episode's submitted administrations of ``instrument``, oldest first."""
    rci = reliable_change(instrument.code)
    first = rows[0].total
    points = [
        Point(
            administration_id=row.pk,
            at=row.administered_at,
            total=row.total,
            band=row.band,
            change=row.total - first,
            reliable=reliable_mark(row.total - first, rci),
            critical=row.critical,
            occasion=row.get_occasion_display(),
        )
        for row in rows
    ]
    bands = band_table(instrument.code, sex=sex if instrument.bands_by_sex else None)
    trend = Trend(instrument, points, bands, rci)
    trend.not_improving = is_not_improving(instrument, bands, points[0], points[-1])
    return trend


def trends_for(administrations: Iterable[Administration], sex: str | None = None) -> list[Trend]:
    """Trends from one client's submitted administrations (any order), one per instrument,
    in the library's order; each covers the episode of its latest administration."""
    by_code: dict[str, list[Administration]] = {}
    scored = [a for a in administrations if a.status == Administration.Status.SUBMITTED]
    for row in sorted(scored, key=lambda a: (a.administered_at, a.pk)):
        by_code.setdefault(row.instrument, []).append(row)
    trends = []
    for code in sorted(by_code, key=_library_order):
        rows = by_code[code]
        episode_id = rows[-1].episode_id
        rows = [row for row in rows if row.episode_id == episode_id]
        trends.append(build_trend(get_instrument(code), rows, sex))
    return trends


#: Measurement-based care first (DOMAIN.md: depression, anxiety, PTSD, then use and craving).
ORDER = ("phq9", "gad7", "pcl5", "bam", "pacs", "cssrs", "auditc", "audit", "dast10")


def _library_order(code: str) -> int:
    return ORDER.index(code) if code in ORDER else len(ORDER)
