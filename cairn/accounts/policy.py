"""The access policy: who may do what to which client's records, in one table.

DESIGN.md principle 1 and its roles table; ../shared/DOMAIN.md security baseline. The policy is
pure data and pure functions: it knows roles and *relations* (how a user stands to a client) and
answers which actions are allowed. ``accounts/access.py`` (the one door) works out the relations
from the database, asks this module, records the audit event, and answers 404 or 403.

Relations of a user to a client:
- ``team``: an active member of the client's care team (and holding a role in its program);
- ``supervises``: supervises someone on the client's care team;
- ``program``: holds a role in the client's program;
- ``glass``: holds an unexpired break-the-glass grant for the client;
- ``self``: the client's own portal login;
- ``family``: a family member's or support person's portal login the client named (the portal
  also checks, on every page, that a consent allowing it is on file: cairn/portal/door.py).

Visibility: a client is *visible* when any action is allowed; otherwise it does not exist for
the user (404). Visible but not allowed the action at hand: 403 (STYLE.md, convention 3).
"""

from enum import StrEnum

from cairn.accounts.roles import CARE_ROLES, Role

#: The role an API system client holds in its one program (not a staff role: nobody signs in
#: with it). See ``access.SystemPrincipal``.
SYSTEM_ROLE = "system"


class Relation(StrEnum):
    TEAM = "team"
    SUPERVISES = "supervises"
    PROGRAM = "program"
    GLASS = "glass"
    SELF = "self"
    FAMILY = "family"


class Action(StrEnum):
    """Actions on one client's records."""

    VIEW_DEMOGRAPHICS = "view_demographics"  # chart header, demographics, contacts, coverage
    EDIT_REGISTRATION = "edit_registration"  # demographics and contacts (the support network)
    MANAGE_COVERAGE = "manage_coverage"  # insurance coverages
    VIEW_CHART = "view_chart"  # clinical content: notes, plans, assessments, screens
    WRITE_CLINICAL = "write_clinical"  # notes, plans, assessments, attendance, diagnoses
    MANAGE_MEDICATIONS = "manage_medications"  # medication list, allergies, MAT
    MANAGE_EPISODE = "manage_episode"  # level-of-care and track changes, discharge
    SCHEDULE_CLIENT = "schedule_client"  # availability, keep-apart, booking sessions
    VIEW_BILLING = "view_billing"  # coverage, authorizations, billable services — no narratives
    MANAGE_CONSENTS = "manage_consents"  # Part 2 consents and revocations
    RELEASE_RECORDS = "release_records"  # Part 2 disclosures with consent
    EXPORT_RECORD = "export_record"  # the client's whole record (EHI export)
    VIEW_CLIENT_AUDIT = "view_client_audit"  # who saw this chart
    PORTAL = "portal"  # the client's own portal
    PORTAL_FAMILY = "portal_family"  # family education and the family-session schedule
    INVITE_TO_PORTAL = "invite_to_portal"  # invite the client (or a named family member)


class ProgramAction(StrEnum):
    """Actions on a program as a whole (no single client)."""

    VIEW_CENSUS = "view_census"
    VIEW_ADMISSIONS = "view_admissions"  # the admissions board, inquiries, the waitlist
    MANAGE_ADMISSIONS = "manage_admissions"
    VIEW_SCHEDULE = "view_schedule"
    MANAGE_SCHEDULE = "manage_schedule"
    CONFIGURE_PROGRAM = "configure_program"
    VIEW_REPORTS = "view_reports"
    VIEW_AUDIT_REPORT = "view_audit_report"
    VIEW_BILLING_REPORTS = "view_billing_reports"
    BREAK_GLASS = "break_glass"
    COSIGN = "cosign"
    MANAGE_USERS = "manage_users"
    VIEW_ATTENDANCE = "view_attendance"  # attendance lists and the weekly-hours board


_TEAM_CARE = {
    Action.VIEW_DEMOGRAPHICS,
    Action.EDIT_REGISTRATION,
    Action.VIEW_CHART,
    Action.WRITE_CLINICAL,
    Action.MANAGE_EPISODE,
    Action.SCHEDULE_CLIENT,
    Action.MANAGE_CONSENTS,
    Action.RELEASE_RECORDS,
    Action.INVITE_TO_PORTAL,
}

#: (role, relation) → actions. The table a reviewer checks against DESIGN.md's roles.
CLIENT_RULES: dict[tuple[str, Relation], frozenset[Action]] = {
    (Role.CLINICIAN, Relation.TEAM): frozenset(_TEAM_CARE),
    (Role.SUPERVISOR, Relation.TEAM): frozenset(_TEAM_CARE),
    (Role.SUPERVISOR, Relation.SUPERVISES): frozenset(_TEAM_CARE),
    (Role.PRESCRIBER, Relation.TEAM): frozenset(
        {
            Action.VIEW_DEMOGRAPHICS,
            Action.VIEW_CHART,
            Action.WRITE_CLINICAL,
            Action.MANAGE_MEDICATIONS,
        }
    ),
    (Role.DIRECTOR, Relation.PROGRAM): frozenset(
        {
            Action.VIEW_DEMOGRAPHICS,
            Action.EDIT_REGISTRATION,
            Action.MANAGE_COVERAGE,
            Action.VIEW_CHART,
            Action.MANAGE_EPISODE,
            Action.SCHEDULE_CLIENT,
            Action.VIEW_BILLING,
            Action.MANAGE_CONSENTS,
            Action.RELEASE_RECORDS,
            Action.EXPORT_RECORD,
            Action.VIEW_CLIENT_AUDIT,
            Action.INVITE_TO_PORTAL,
        }
    ),
    (Role.INTAKE, Relation.PROGRAM): frozenset(
        {
            Action.VIEW_DEMOGRAPHICS,
            Action.EDIT_REGISTRATION,
            Action.MANAGE_COVERAGE,
            Action.SCHEDULE_CLIENT,
            Action.MANAGE_CONSENTS,
        }
    ),
    (Role.BILLER, Relation.PROGRAM): frozenset(
        {Action.VIEW_DEMOGRAPHICS, Action.MANAGE_COVERAGE, Action.VIEW_BILLING}
    ),
    # Emergency access: read the chart and document the emergency, nothing administrative.
    **{
        (role, Relation.GLASS): frozenset(
            {Action.VIEW_DEMOGRAPHICS, Action.VIEW_CHART, Action.WRITE_CLINICAL}
        )
        for role in CARE_ROLES
    },
    ("client", Relation.SELF): frozenset({Action.PORTAL}),
    ("family", Relation.FAMILY): frozenset({Action.PORTAL_FAMILY}),
    # A registered FHIR system client (issue 13) is bound to one program: it reads the
    # program's charts and submits questionnaire responses; its SMART scopes and the client's
    # Part 2 consents narrow this further (cairn/fhir).
    (SYSTEM_ROLE, Relation.PROGRAM): frozenset(
        {
            Action.VIEW_DEMOGRAPHICS,
            Action.VIEW_CHART,
            Action.WRITE_CLINICAL,
            Action.VIEW_CLIENT_AUDIT,
        }
    ),
}

#: program action → roles that may take it in that program.
PROGRAM_RULES: dict[ProgramAction, frozenset[str]] = {
    ProgramAction.VIEW_CENSUS: frozenset(
        {Role.INTAKE, Role.CLINICIAN, Role.SUPERVISOR, Role.PRESCRIBER, Role.DIRECTOR, Role.BILLER}
    ),
    ProgramAction.VIEW_ADMISSIONS: frozenset(
        {Role.INTAKE, Role.CLINICIAN, Role.SUPERVISOR, Role.PRESCRIBER, Role.DIRECTOR}
    ),
    ProgramAction.MANAGE_ADMISSIONS: frozenset(
        {Role.INTAKE, Role.CLINICIAN, Role.SUPERVISOR, Role.DIRECTOR}
    ),
    ProgramAction.VIEW_SCHEDULE: frozenset(
        {Role.INTAKE, Role.CLINICIAN, Role.SUPERVISOR, Role.PRESCRIBER, Role.DIRECTOR}
    ),
    ProgramAction.MANAGE_SCHEDULE: frozenset({Role.DIRECTOR}),
    ProgramAction.CONFIGURE_PROGRAM: frozenset({Role.DIRECTOR, Role.ADMIN}),
    ProgramAction.VIEW_REPORTS: frozenset({Role.DIRECTOR}),
    ProgramAction.VIEW_AUDIT_REPORT: frozenset({Role.DIRECTOR}),
    ProgramAction.VIEW_BILLING_REPORTS: frozenset({Role.DIRECTOR, Role.BILLER}),
    ProgramAction.BREAK_GLASS: CARE_ROLES,
    ProgramAction.COSIGN: frozenset({Role.SUPERVISOR}),
    ProgramAction.MANAGE_USERS: frozenset({Role.ADMIN}),
    # Each sees the clients the door lets them: directors the program, clinicians their teams.
    ProgramAction.VIEW_ATTENDANCE: frozenset(
        {Role.CLINICIAN, Role.SUPERVISOR, Role.PRESCRIBER, Role.DIRECTOR}
    ),
}


class SessionAction(StrEnum):
    """Actions on one scheduled session."""

    VIEW = "view"  # time, place, type — no names
    VIEW_ROSTER = "view_roster"  # who is booked
    TAKE_ATTENDANCE = "take_attendance"
    DOCUMENT = "document"  # write the session's notes (group note for every member)
    REVIEW_NOTES = "review_notes"  # read the session's group note whole (facilitator, supervisor)
    MANAGE = "manage"  # move, cancel, change the roster


class SessionRelation(StrEnum):
    FACILITATOR = "facilitator"
    SUPERVISES_FACILITATOR = "supervises_facilitator"
    PROGRAM = "program"


#: (role or "*" for any staff role in the program, relation) → session actions.
SESSION_RULES: dict[tuple[str, SessionRelation], frozenset[SessionAction]] = {
    ("*", SessionRelation.FACILITATOR): frozenset(
        {
            SessionAction.VIEW,
            SessionAction.VIEW_ROSTER,
            SessionAction.TAKE_ATTENDANCE,
            SessionAction.DOCUMENT,
            SessionAction.REVIEW_NOTES,
        }
    ),
    # A supervisor reads a supervisee's group notes whole to co-sign them (issue 7.3).
    (Role.SUPERVISOR, SessionRelation.SUPERVISES_FACILITATOR): frozenset(
        {SessionAction.VIEW, SessionAction.VIEW_ROSTER, SessionAction.REVIEW_NOTES}
    ),
    (Role.DIRECTOR, SessionRelation.PROGRAM): frozenset(
        {
            SessionAction.VIEW,
            SessionAction.VIEW_ROSTER,
            SessionAction.TAKE_ATTENDANCE,
            SessionAction.MANAGE,
        }
    ),
    **{
        (role, SessionRelation.PROGRAM): frozenset({SessionAction.VIEW})
        for role in (Role.INTAKE, Role.CLINICIAN, Role.SUPERVISOR, Role.PRESCRIBER)
    },
}


def session_actions(
    program_roles: frozenset[str], relations: set[SessionRelation]
) -> frozenset[SessionAction]:
    allowed: set[SessionAction] = set()
    for (role, relation), actions in SESSION_RULES.items():
        if relation in relations and (role in program_roles or (role == "*" and program_roles)):
            allowed |= actions
    return frozenset(allowed)


def allowed_actions(
    program_roles: frozenset[str], relations: set[Relation], all_roles: frozenset[str] = frozenset()
) -> frozenset[Action]:
    """Every action allowed, given the user's roles in the client's program and their relations.

    Break-the-glass is the one relation that reaches across programs of the organization, so it
    is paired with all the user's roles rather than those in the client's program.
    """
    allowed: set[Action] = set()
    for relation in relations:
        roles = all_roles if relation is Relation.GLASS else program_roles
        for role in roles:
            allowed |= CLIENT_RULES.get((role, relation), frozenset())
    return frozenset(allowed)


def grants(action: Action) -> list[tuple[str, Relation]]:
    """The (role, relation) pairs that allow ``action``: used to build queryset scopes."""
    return [key for key, actions in CLIENT_RULES.items() if action in actions]


def program_allows(roles_in_program: frozenset[str], action: ProgramAction) -> bool:
    return bool(roles_in_program & PROGRAM_RULES[action])
