"""Shared helpers for the attendance tests: a small program with a fixed clock."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from cairn.accounts.roles import Role
from cairn.attendance.recording import Mark, record_attendance
from cairn.testing.factories import add_to_team, make_client, make_episode, make_program, make_user
from cairn.testing.sessions import make_session

NY = ZoneInfo("America/New_York")
#: A Wednesday afternoon in the program's zone: "now" for tests that fix the clock.
NOW = datetime(2026, 3, 11, 15, 0, tzinfo=NY)
MONDAY = date(2026, 3, 9)


def make_world(clients: int = 3, **program_overrides):
    """A program, a facilitator who is every client's primary clinician, ``clients`` clients
    with episodes admitted well before the fixed clock."""
    program = make_program(**program_overrides)
    facilitator = make_user(roles=[Role.CLINICIAN], program=program, first_name="Fran")
    people = []
    for _ in range(clients):
        client = make_client(program)
        make_episode(client, admitted_on=date(2026, 1, 5), primary_clinician=facilitator)
        add_to_team(client, facilitator, role="primary")
        people.append(client)
    return program, facilitator, people


def session_on(program, facilitator, clients, day: date, start=time(9), hours=3, **kw):
    return make_session(
        program, facilitator, clients=clients, day=day, start=start, hours=hours, **kw
    )


def mark_all(session, clients, status="present", *, by, now=NOW, **values):
    marks = [Mark(client_id=c.pk, status=status, **values) for c in clients]
    return record_attendance(session, marks, by=by, now=now)


def days_before(day: date, n: int) -> date:
    return day - timedelta(days=n)


def audited(queries: int, events: int = 1) -> int:
    """A page's query count when it writes ``events`` audit events: on PostgreSQL each one
    also takes the audit chain's advisory lock (audit/chain.py)."""
    from django.db import connection

    return queries + (events if connection.vendor == "postgresql" else 0)
