"""The ``attendance`` record category of a Part 2 disclosure or record export
(``cairn.consents.categories``): the client's episodes of care (admission and discharge dates,
level of care, track) and the attendance taken at each session (status and minutes attended).

What the consent form promises: "my dates of admission and discharge and the dates and times of
the sessions I was scheduled for and attended". A session counts once attendance was recorded
for it (present, late, left early, or absent); bookings nobody took attendance for are not
records of attendance and are left out. Corrected rows show their current values.

Two queries whatever the amount of data; the client was authorized by the door.
"""

from cairn.attendance.models import ATTENDED, AttendanceRecord
from cairn.clients.models import Episode
from cairn.consents.categories import Content, Section, Table
from cairn.consents.providers.common import clock, day, iso, local, ref, within


def _episodes(client, period) -> list[Episode]:
    return [
        e
        for e in Episode.objects.filter(client=client)
        .select_related("track")
        .order_by("admitted_on", "pk")
        if period.overlaps(e.admitted_on, e.discharged_on)
    ]


def _records(client, period, tz) -> list[AttendanceRecord]:
    return list(
        within(
            AttendanceRecord.objects.filter(client=client)
            .select_related("session__group_type")
            .order_by("session__starts_at", "pk"),
            "session__starts_at",
            period,
            tz,
        )
    )


def _minutes(record: AttendanceRecord) -> str:
    text = f"{record.minutes} of {record.session.minutes}"
    if record.late_minutes:
        text += f" ({record.late_minutes} late)"
    if record.early_minutes:
        text += f" (left {record.early_minutes} early)"
    return text


def _episode_resource(episode: Episode) -> dict:
    return {
        "resourceType": "EpisodeOfCare",
        "id": ref(episode),
        "status": "finished" if episode.discharged_on else "active",
        "period": {"start": iso(episode.admitted_on), "end": iso(episode.discharged_on)},
        "levelOfCare": episode.level_of_care,
        "track": episode.track.name if episode.track else None,
    }


def _record_resource(record: AttendanceRecord) -> dict:
    """An attended session is an Encounter; a missed one the Appointment the client did not
    keep (FHIR ``noshow``), as DOMAIN.md maps bookings to Appointment."""
    session = record.session
    common = {
        "id": ref(record),
        "serviceType": session.kind,
        "description": session.label,
        "attendance": record.status,
        "minutesAttended": record.minutes,
        "minutesLate": record.late_minutes,
        "minutesLeftEarly": record.early_minutes,
        "episodeOfCare": f"clients.episode:{record.episode_id}" if record.episode_id else None,
    }
    if record.status in ATTENDED:
        return {
            "resourceType": "Encounter",
            "status": "finished",
            "period": {"start": session.starts_at.isoformat(), "end": session.ends_at.isoformat()},
            **common,
        }
    return {
        "resourceType": "Appointment",
        "status": "noshow",
        "start": session.starts_at.isoformat(),
        "end": session.ends_at.isoformat(),
        "minutesDuration": session.minutes,
        **common,
    }


def attendance(client, period) -> Content:
    tz = client.program.tz
    episodes = _episodes(client, period)
    records = _records(client, period, tz)
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
            note="Attendance as recorded at each session; minutes attended of the session's "
            "length.",
            table=Table(
                ["Date", "Time", "Session", "Attendance", "Minutes"],
                [
                    [
                        day(local(r.session.starts_at, tz).date()),
                        f"{clock(r.session.starts_at, tz)}–{clock(r.session.ends_at, tz)}",
                        r.session.label,
                        r.get_status_display(),
                        _minutes(r),
                    ]
                    for r in records
                ],
            ),
        )
    )
    for episode in episodes:
        content.records.append(_episode_resource(episode))
        content.references.append(ref(episode))
    for record in records:
        content.records.append(_record_resource(record))
        content.references.append(ref(record))
    return content
