"""Attendance and dates, interim: episodes of care and the sessions the client was booked
into, from the scheduling app. The attendance app replaces this with what was attended."""

from cairn.clients.models import Episode
from cairn.consents.categories import Content, Section, Table
from cairn.consents.providers.common import clock, day, iso, local, ref, within
from cairn.scheduling.models import Session, SessionParticipant

NOTE = (
    "Sessions the client was booked into. Attendance itself (present, late, absent) is not "
    "recorded in Cairn yet; “held” means the session took place."
)


def attendance(client, period) -> Content:
    tz = client.program.tz
    episodes = [
        e
        for e in Episode.objects.filter(client=client)
        .select_related("track")
        .order_by("admitted_on")
        if period.overlaps(e.admitted_on, e.discharged_on)
    ]
    bookings = within(
        SessionParticipant.objects.filter(client=client, cancelled=False)
        .exclude(session__status=Session.Status.CANCELLED)
        .select_related("session__group_type")
        .order_by("session__starts_at"),
        "session__starts_at",
        period,
        tz,
    )
    content = Content()
    content.sections.append(
        Section(
            "Episodes of care",
            table=Table(
                ["Admitted", "Discharged", "Level of care", "Track"],
                [
                    [
                        day(e.admitted_on),
                        day(e.discharged_on) if e.discharged_on else "still in treatment",
                        e.get_level_of_care_display(),
                        e.track.name if e.track else "—",
                    ]
                    for e in episodes
                ],
            ),
        )
    )
    content.sections.append(
        Section(
            "Sessions",
            note=NOTE,
            table=Table(
                ["Date", "Time", "Session", "Minutes", "Status"],
                [
                    [
                        day(local(b.session.starts_at, tz).date()),
                        f"{clock(b.session.starts_at, tz)}–{clock(b.session.ends_at, tz)}",
                        b.session.label,
                        str(b.session.minutes),
                        b.session.get_status_display(),
                    ]
                    for b in bookings
                ],
            ),
        )
    )
    for e in episodes:
        content.records.append(
            {
                "resourceType": "EpisodeOfCare",
                "id": ref(e),
                "status": e.status,
                "period": {"start": iso(e.admitted_on), "end": iso(e.discharged_on)},
                "levelOfCare": e.level_of_care,
                "track": e.track.name if e.track else None,
            }
        )
        content.references.append(ref(e))
    for b in bookings:
        s = b.session
        content.records.append(
            {
                "resourceType": "Appointment",
                "id": ref(b),
                "status": s.status,
                "serviceType": s.kind,
                "description": s.label,
                "start": s.starts_at.isoformat(),
                "end": s.ends_at.isoformat(),
                "minutesDuration": s.minutes,
                "mode": s.mode,
            }
        )
        content.references.append(ref(b))
    return content
