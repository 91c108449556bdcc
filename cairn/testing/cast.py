"""The fixed cast of test users (STYLE.md, convention 4), built once per test class.

- ``clinician``: on the client's care team (primary clinician)
- ``colleague``: a clinician in the same program, not on the team
- ``outsider``: a clinician and director in another organization's program
- ``supervisor``: supervises the pre-licensed ``supervisee``, who is on the team too
- ``director``, ``intake``, ``biller``, ``prescriber`` (on the team), ``admin``: same program
- ``portal``: the client's own portal login; ``other_portal``: another client's
- ``client`` (the record), ``other_client`` (same program, nobody's on the team), and
  ``foreign_client`` (the outsider's program)
"""

from dataclasses import dataclass

from cairn.accounts.models import User
from cairn.accounts.roles import Role
from cairn.clients.models import Client
from cairn.core.models import Program
from cairn.testing.factories import (
    add_to_team,
    make_client,
    make_episode,
    make_portal_user,
    make_program,
    make_track,
    make_user,
)


@dataclass
class Cast:
    program: Program
    other_program: Program
    client: Client
    other_client: Client
    foreign_client: Client
    clinician: User
    colleague: User
    outsider: User
    supervisor: User
    supervisee: User
    director: User
    intake: User
    biller: User
    prescriber: User
    admin: User
    portal: User
    other_portal: User

    def staff(self) -> dict[str, User]:
        return {
            name: getattr(self, name)
            for name in (
                "clinician",
                "colleague",
                "outsider",
                "supervisor",
                "supervisee",
                "director",
                "intake",
                "biller",
                "prescriber",
                "admin",
            )
        }


def build_cast() -> Cast:
    program = make_program(name="Riverside IOP")
    other_program = make_program(name="Elsewhere IOP")
    track = make_track(program, name="Morning", code="morning")
    client = make_client(program, first_name="Robin", last_name="Castillo")
    make_episode(client, track=track)
    other_client = make_client(program, first_name="Sasha", last_name="Lind")
    make_episode(other_client, track=track)
    foreign_client = make_client(other_program, first_name="Pat", last_name="Faraway")
    make_episode(foreign_client)

    clinician = make_user(username="clinician", roles=[Role.CLINICIAN], program=program)
    colleague = make_user(username="colleague", roles=[Role.CLINICIAN], program=program)
    outsider = make_user(
        username="outsider", roles=[Role.CLINICIAN, Role.DIRECTOR], program=other_program
    )
    supervisor = make_user(username="supervisor", roles=[Role.SUPERVISOR], program=program)
    supervisee = make_user(
        username="supervisee",
        roles=[Role.CLINICIAN],
        program=program,
        prelicensed=True,
        supervisor=supervisor,
    )
    director = make_user(username="director", roles=[Role.DIRECTOR], program=program)
    intake = make_user(username="intake", roles=[Role.INTAKE], program=program)
    biller = make_user(username="biller", roles=[Role.BILLER], program=program)
    prescriber = make_user(username="prescriber", roles=[Role.PRESCRIBER], program=program)
    admin = make_user(username="admin", roles=[Role.ADMIN], program=program)
    add_to_team(client, clinician, role="primary")
    add_to_team(client, supervisee)
    add_to_team(client, prescriber, role="prescriber")
    add_to_team(foreign_client, outsider, role="primary")
    portal = make_portal_user(client, username="portal")
    other_portal = make_portal_user(other_client, username="other_portal")
    return Cast(
        program=program,
        other_program=other_program,
        client=client,
        other_client=other_client,
        foreign_client=foreign_client,
        clinician=clinician,
        colleague=colleague,
        outsider=outsider,
        supervisor=supervisor,
        supervisee=supervisee,
        director=director,
        intake=intake,
        biller=biller,
        prescriber=prescriber,
        admin=admin,
        portal=portal,
        other_portal=other_portal,
    )
