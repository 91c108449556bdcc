"""The demo program's frame: organization, program, sites and tracks.

``manage.py seed_demo`` builds a realistic synthetic program by calling ``seed(ctx)`` in each
installed app's ``demo.py``, in INSTALLED_APPS order. Everything is deterministic for a seed
(and the day it runs), bulk-inserted, and free of real people's data.
"""

import random
from dataclasses import dataclass, field
from datetime import date, time

from cairn.core.models import Organization, Program, Site, Track

DEMO_PASSWORD = "cairn-demo-2026"  # noqa: S105  (documented demo credential, README)


@dataclass
class DemoContext:
    clients: int
    weeks: int
    seed: int
    today: date
    rng: random.Random
    out: list[str] = field(default_factory=list)
    data: dict = field(default_factory=dict)

    def say(self, line: str) -> None:
        self.out.append(line)


TRACKS = [
    ("Morning track", "morning", [1, 2, 3, 4, 5], time(9, 0), time(12, 0)),
    ("Afternoon track", "afternoon", [1, 2, 3, 4], time(13, 0), time(16, 0)),
    ("Evening track", "evening", [1, 2, 4], time(18, 0), time(21, 0)),
]


def seed(ctx: DemoContext) -> None:
    organization = Organization.objects.create(name="Cairn Recovery Services", slug="cairn-demo")
    program = Program.objects.create(
        organization=organization,
        name="Riverside Adult IOP",
        slug="riverside-iop",
        timezone="America/New_York",
        phone="(555) 010-4400",
        address="120 River Street, Suite 300, Springfield",
    )
    Site.objects.create(program=program, name="Riverside clinic", address=program.address)
    tracks = Track.objects.bulk_create(
        Track(program=program, name=name, code=code, days=days, start_time=start, end_time=end)
        for name, code, days, start, end in TRACKS
    )
    ctx.data.update(organization=organization, program=program, tracks=tracks)
    ctx.say(f"Program: {program.name} ({len(tracks)} tracks)")
