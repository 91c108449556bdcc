"""Plain factories with good defaults (STYLE.md, convention 5): ``make_*(**overrides)``."""

import itertools
from datetime import date, timedelta

from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from cairn.accounts.models import StaffRole, User
from cairn.clients.models import CareTeamMember, Client, Episode
from cairn.core.models import Organization, Program, Track

_seq = itertools.count(1)

PASSWORD = "correct-horse-battery-staple"  # noqa: S105


def make_organization(**overrides) -> Organization:
    n = next(_seq)
    return Organization.objects.create(**{"name": f"Org {n}", "slug": f"org-{n}", **overrides})


def make_program(organization: Organization | None = None, **overrides) -> Program:
    n = next(_seq)
    organization = organization or make_organization()
    return Program.objects.create(
        **{
            "organization": organization,
            "name": f"Program {n}",
            "slug": f"program-{n}",
            **overrides,
        }
    )


def make_track(program: Program, **overrides) -> Track:
    from datetime import time

    n = next(_seq)
    values = {
        "program": program,
        "name": f"Track {n}",
        "code": f"track-{n}",
        "days": [1, 2, 4],
        "start_time": time(9, 0),
        "end_time": time(12, 0),
    }
    return Track.objects.create(**{**values, **overrides})


def make_user(*, roles=(), program: Program | None = None, **overrides) -> User:
    n = next(_seq)
    values = {
        "username": f"user{n}",
        "first_name": "Test",
        "last_name": f"User{n}",
        "email": f"user{n}@example.test",
    }
    values.update(overrides)
    user = User(**values)
    user.set_password(PASSWORD)
    user.save()
    for role in roles:
        StaffRole.objects.create(user=user, program=program, role=role)
    return user


def make_client(program: Program, **overrides) -> Client:
    n = next(_seq)
    values = {
        "organization_id": program.organization_id,
        "program": program,
        "mrn": f"T{n:06d}",
        "first_name": "Client",
        "last_name": f"Number{n}",
        "date_of_birth": date(1990, 5, 17),
        "sex_at_birth": "female",
    }
    values.update(overrides)
    return Client.objects.create(**values)


def make_episode(client: Client, **overrides) -> Episode:
    values = {
        "client": client,
        "program_id": client.program_id,
        "admitted_on": timezone.localdate() - timedelta(days=20),
    }
    values.update(overrides)
    return Episode.objects.create(**values)


def add_to_team(client: Client, user: User, role: str = "clinician") -> CareTeamMember:
    return CareTeamMember.objects.create(client=client, user=user, role=role)


def make_portal_user(client: Client, **overrides) -> User:
    return make_user(kind=User.Kind.CLIENT, client=client, **overrides)


def verified_login(test_client, user: User) -> None:
    """Sign ``user`` in with the second factor done, as after a real TOTP step."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="test", defaults={"confirmed": True}
    )
    test_client.force_login(user)
    session = test_client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


# --- clients and admissions (issue 4) --------------------------------------------------------


def make_inquiry(program: Program, **overrides):
    from cairn.admissions.models import Inquiry

    n = next(_seq)
    values = {
        "program": program,
        "first_name": "Jordan",
        "last_name": f"Caller{n}",
        "date_of_birth": date(1988, 3, 9),
        "referral_source": "self",
        "phone": "555-0100",
    }
    values.update(overrides)
    return Inquiry.objects.create(**values)


def make_contact(client: Client, **overrides):
    from cairn.clients.models import Contact

    values = {
        "client": client,
        "name": "Lee Support",
        "kind": "family",
        "relationship": "sister",
        "phone": "555-0111",
    }
    values.update(overrides)
    return Contact.objects.create(**values)


def make_coverage(client: Client, **overrides):
    from cairn.clients.models import Coverage

    values = {"client": client, "payer_name": "Aetna", "member_id": f"M{next(_seq):07d}"}
    values.update(overrides)
    return Coverage.objects.create(**values)


def make_diagnosis(client: Client, *, recorded_by: User, code: str = "F10.20", **overrides):
    from cairn.clients import icd
    from cairn.clients.models import Diagnosis

    entry = icd.lookup(code)
    values = {
        "client": client,
        "code": entry.code,
        "description": entry.description,
        "category": icd.suggest_category(code),
        "recorded_by": recorded_by,
    }
    values.update(overrides)
    return Diagnosis.objects.create(**values)


def make_task(owner: User, program: Program, **overrides):
    from cairn.worklist.models import Task

    values = {
        "program": program,
        "owner": owner,
        "kind": "follow_up",
        "title": "Call back",
        "due_at": timezone.now() + timedelta(days=1),
    }
    values.update(overrides)
    return Task.objects.create(**values)


def make_administration(
    client: Client,
    instrument: str = "phq9",
    answers: dict | None = None,
    *,
    by: User | None = None,
    administered_at=None,
    status: str = "submitted",
    **overrides,
):
    """An administration of ``instrument`` (assessments), scored like ``scoring.score`` would;
    ``answers`` defaults to the lowest answer everywhere (every yes/no item "no"). Written
    directly: no alert or task is raised (use the operations for that)."""
    from cairn.assessments.instruments import get_instrument
    from cairn.assessments.models import Administration
    from cairn.assessments.scoring import is_critical, score

    definition = get_instrument(instrument)
    if answers is None:
        answers = {
            item.link_id: False if item.type == "boolean" else min(item.allowed_values())
            for item in definition.items
            if item.enable_when is None
        }
    values = {
        "client": client,
        "program_id": client.program_id,
        "episode": client.episodes.filter(status="active").first(),
        "instrument": instrument,
        "instrument_version": definition.version,
        "occasion": "follow_up",
        "method": "staff",
        "status": status,
        "answers": answers,
        "started_by": by or make_user(),
    }
    if status in ("submitted", "entered_in_error"):
        sex = client.sex_at_birth if client.sex_at_birth in ("male", "female") else None
        result = score(instrument, answers, sex=sex)
        when = administered_at or timezone.now()
        values.update(
            total=result.total,
            band=result.band,
            flags=result.flags,
            subscales=result.subscales,
            critical=is_critical(result),
            submitted_by=values["started_by"],
            submitted_at=when,
            administered_at=when,
        )
    values.update(overrides)
    return Administration.objects.create(**values)
