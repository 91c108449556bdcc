"""Scheduling models, split by topic (STYLE.md convention 1)."""

from cairn.scheduling.models.clients import ClientScheduleNeeds, ClientUnavailability, KeepApart
from cairn.scheduling.models.config import (
    BASE_QUALIFICATIONS,
    RoomClosure,
    ScheduleSettings,
    StaffAvailability,
    StaffProfile,
    StaffTimeOff,
)
from cairn.scheduling.models.plans import CalendarFeed, SchedulePlan, hash_token
from cairn.scheduling.models.sessions import (
    GroupType,
    Room,
    Session,
    SessionKind,
    SessionParticipant,
)

__all__ = [
    "BASE_QUALIFICATIONS",
    "CalendarFeed",
    "ClientScheduleNeeds",
    "ClientUnavailability",
    "GroupType",
    "KeepApart",
    "Room",
    "RoomClosure",
    "SchedulePlan",
    "ScheduleSettings",
    "Session",
    "SessionKind",
    "SessionParticipant",
    "StaffAvailability",
    "StaffProfile",
    "StaffTimeOff",
    "hash_token",
]
