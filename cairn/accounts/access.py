"""The one door to client data (DESIGN.md principle 1).

Every view, API endpoint, export and report that touches a client's records goes through these
functions. They work out how the user stands to the client (care team, supervision, program,
break-the-glass, own portal record), ask the access policy (``policy.py``), record the audit
event, and answer:

- out of scope → ``Http404`` (the record's existence stays hidden, STYLE.md convention 3);
- visible but not allowed this action → ``PermissionDenied`` (403).

Lists use ``clients_for`` / ``scope``; single records use ``client_for`` / ``owned_for``;
program-wide pages use ``program_for``. A test walks every URL pattern to prove views use them,
and another fails when a view module queries a client-scoped model directly.
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, Model, OuterRef, Q, QuerySet, Value
from django.http import Http404
from django.utils import timezone

from cairn.accounts.models import BreakGlassGrant, User
from cairn.accounts.policy import (
    SESSION_RULES,
    SYSTEM_ROLE,
    Action,
    ProgramAction,
    Relation,
    SessionAction,
    SessionRelation,
    allowed_actions,
    grants,
    program_allows,
    session_actions,
)
from cairn.audit.log import record
from cairn.clients.models import CareTeamMember, Client
from cairn.core.models import Program


@dataclass(frozen=True)
class Subject:
    """What the policy needs to know about a user, loaded once per request."""

    user_id: int
    kind: str
    roles_by_program: dict[int, frozenset[str]]
    all_roles: frozenset[str]
    supervisee_ids: frozenset[int]
    portal_client_id: int | None

    def roles_in(self, program_id: int) -> frozenset[str]:
        return self.roles_by_program.get(program_id, frozenset())


def subject(user: User) -> Subject:
    cached = getattr(user, "_cairn_subject", None)
    if cached is not None:
        return cached
    by_program: dict[int, set[str]] = {}
    supervisees: frozenset[int] = frozenset()
    if user.is_authenticated and user.kind == User.Kind.STAFF:
        for assignment in user.staff_roles:
            by_program.setdefault(assignment.program_id, set()).add(assignment.role)
        if any("supervisor" in roles for roles in by_program.values()):
            supervisees = frozenset(user.supervisees.values_list("pk", flat=True))
    result = Subject(
        user_id=user.pk,
        kind=user.kind if user.is_authenticated else "anonymous",
        roles_by_program={pid: frozenset(r) for pid, r in by_program.items()},
        all_roles=frozenset().union(*by_program.values()) if by_program else frozenset(),
        supervisee_ids=supervisees,
        portal_client_id=user.client_id if user.is_authenticated else None,
    )
    user._cairn_subject = result
    return result


class SystemPrincipal:
    """A registered API system client (the FHIR API's OAuth2 client-credentials clients) as the
    door sees it: it holds the policy's ``system`` role in its one program, with the program
    relation. ``scope``/``clients_for`` take it where they take a user, so the API reads
    through the same door and the same table (``policy.CLIENT_RULES``)."""

    is_authenticated = True
    pk = None
    kind = "system"

    def __init__(self, program_id: int, label: str):
        self.program_id = program_id
        self.label = label
        self._cairn_subject = Subject(
            user_id=0,
            kind=User.Kind.STAFF,
            roles_by_program={program_id: frozenset({SYSTEM_ROLE})},
            all_roles=frozenset({SYSTEM_ROLE}),
            supervisee_ids=frozenset(),
            portal_client_id=None,
        )

    def may(self, action: Action) -> bool:
        return Action(action) in allowed_actions(
            frozenset({SYSTEM_ROLE}), {Relation.PROGRAM}, frozenset({SYSTEM_ROLE})
        )


# ---------------------------------------------------------------------------------------------
# Relations and permissions for one client


def _relation_annotations(subj: Subject, prefix: str = "") -> dict:
    ref = OuterRef(prefix.removesuffix("__") or "pk")
    team = CareTeamMember.objects.filter(client=ref, active=True)
    glass = BreakGlassGrant.objects.filter(
        client=ref, user_id=subj.user_id, expires_at__gt=timezone.now()
    )
    return {
        "_rel_team": Exists(team.filter(user_id=subj.user_id)),
        "_rel_supervises": Exists(team.filter(user_id__in=subj.supervisee_ids))
        if subj.supervisee_ids
        else Value(False),
        "_rel_glass": Exists(glass),
    }


def relations(subj: Subject, client: Client) -> set[Relation]:
    """How the subject stands to ``client`` (the client must carry the ``_rel_*`` annotations)."""
    found: set[Relation] = set()
    if subj.kind != User.Kind.STAFF:
        if subj.portal_client_id == client.pk:
            if subj.kind == User.Kind.CLIENT:
                found.add(Relation.SELF)
            elif subj.kind == User.Kind.FAMILY:
                found.add(Relation.FAMILY)
        return found
    if subj.roles_in(client.program_id):
        found.add(Relation.PROGRAM)
        if client._rel_team:
            found.add(Relation.TEAM)
        if client._rel_supervises:
            found.add(Relation.SUPERVISES)
    if client._rel_glass:
        found.add(Relation.GLASS)
    return found


def _roles_for(subj: Subject, client: Client) -> frozenset[str]:
    """A portal user's "role" is its kind ("client" or "family"); staff hold program roles."""
    if subj.kind in (User.Kind.CLIENT, User.Kind.FAMILY):
        return frozenset({subj.kind})
    return subj.roles_in(client.program_id)


def permissions(subj: Subject, client: Client) -> frozenset[Action]:
    return allowed_actions(_roles_for(subj, client), relations(subj, client), subj.all_roles)


def _load_client(user: User, client_id) -> Client | None:
    try:
        pk = int(client_id)
    except (TypeError, ValueError):
        return None
    subj = subject(user)
    return (
        Client.objects.select_related("program")
        .annotate(**_relation_annotations(subj))
        .filter(pk=pk)
        .first()
    )


def _deny(request, action: str, *, client_id=None, program_id=None, detail=None, status=404):
    record(
        f"access.{action}",
        request=request,
        client_id=client_id,
        program_id=program_id,
        outcome="denied",
        detail={"path": request.path[:200], "status": status, **(detail or {})},
    )
    if status == 404:
        raise Http404("Not found")
    raise PermissionDenied


def authorize(request, client: Client, action: Action) -> Client:
    """Check ``action`` on an already loaded, annotated client; 404/403 and audit on refusal.

    Sets ``client.allowed_actions`` (for templates) and ``client.via_break_glass`` (the action
    is allowed only because of an emergency-access grant; the chart shows a banner).
    """
    subj = subject(request.user)
    rels = relations(subj, client)
    roles = _roles_for(subj, client)
    allowed = allowed_actions(roles, rels, subj.all_roles)
    client.allowed_actions = allowed
    if not allowed:
        _deny(request, action, client_id=client.pk, program_id=client.program_id)
    if action not in allowed:
        _deny(request, action, client_id=client.pk, program_id=client.program_id, status=403)
    without_glass = allowed_actions(roles, rels - {Relation.GLASS}, subj.all_roles)
    client.via_break_glass = action not in without_glass
    return client


def client_for(
    request, client_id, action: Action = Action.VIEW_CHART, *, audit: str = ""
) -> Client:
    """The client ``client_id`` if ``request.user`` may take ``action`` on it.

    Reads (GET/HEAD) are audited as ``audit`` (default ``chart.<action>``); writes are audited
    by the operation that performs them, in its own transaction.
    """
    client = _load_client(request.user, client_id)
    if client is None:
        _deny(request, action, detail={"client_ref": str(client_id)[:40]})
    authorize(request, client, action)
    if request.method in ("GET", "HEAD"):
        record(
            audit or f"chart.{action}",
            request=request,
            client_id=client.pk,
            program_id=client.program_id,
            detail={"path": request.path[:200]},
        )
    return client


def can(user: User, client: Client, action: Action) -> bool:
    """For templates and menus: may ``user`` take ``action`` on ``client``? No audit."""
    allowed = getattr(client, "allowed_actions", None)
    if allowed is None:
        loaded = _load_client(user, client.pk)
        allowed = permissions(subject(user), loaded) if loaded else frozenset()
    return action in allowed


# ---------------------------------------------------------------------------------------------
# Lists


def scope_q(user: User, action: Action = Action.VIEW_CHART, *, prefix: str = "") -> Q:
    """A filter selecting exactly the clients (or rows of clients, via ``prefix``) on which
    ``user`` may take ``action``. ``prefix`` is the path to the client, e.g. ``"client__"``."""
    subj = subject(user)
    if subj.kind in (User.Kind.CLIENT, User.Kind.FAMILY):
        relation = Relation.SELF if subj.kind == User.Kind.CLIENT else Relation.FAMILY
        if relation in {rel for _, rel in grants(action)} and subj.portal_client_id:
            return Q(
                **{f"{prefix}pk" if not prefix else f"{prefix[:-2]}_id": subj.portal_client_id}
            )
        return Q(pk__in=[])
    if subj.kind != User.Kind.STAFF:
        return Q(pk__in=[])
    ref = OuterRef(prefix.removesuffix("__") or "pk")
    program_field = f"{prefix}program_id"
    parts: list[Q] = []
    for program_id, roles in subj.roles_by_program.items():
        for role, relation in grants(action):
            if role not in roles:
                continue
            in_program = Q(**{program_field: program_id})
            if relation is Relation.PROGRAM:
                parts.append(in_program)
            elif relation is Relation.TEAM:
                team = CareTeamMember.objects.filter(client=ref, active=True, user_id=subj.user_id)
                parts.append(in_program & Q(Exists(team)))
            elif relation is Relation.SUPERVISES and subj.supervisee_ids:
                team = CareTeamMember.objects.filter(
                    client=ref, active=True, user_id__in=subj.supervisee_ids
                )
                parts.append(in_program & Q(Exists(team)))
    if any(rel is Relation.GLASS and role in subj.all_roles for role, rel in grants(action)):
        glass = BreakGlassGrant.objects.filter(
            client=ref, user_id=subj.user_id, expires_at__gt=timezone.now()
        )
        parts.append(Q(Exists(glass)))
    return reduce(or_, parts) if parts else Q(pk__in=[])


def clients_for(user: User, action: Action = Action.VIEW_CHART) -> QuerySet[Client]:
    """The clients ``user`` may take ``action`` on — the only way to list clients."""
    return Client.objects.filter(scope_q(user, action))


def scope(queryset: QuerySet, user: User, action: Action = Action.VIEW_CHART, *, via="client"):
    """Restrict a queryset of client-owned rows (``via`` is the path to the client)."""
    return queryset.filter(scope_q(user, action, prefix=f"{via}__"))


def owned_for(
    request,
    queryset: QuerySet | type[Model],
    pk,
    action: Action = Action.VIEW_CHART,
    *,
    via: str = "client",
    audit: str = "",
):
    """One client-owned row by id, through the door: 404 when it does not exist or its client
    is out of scope, 403 when visible but ``action`` is not allowed. Reads are audited."""
    if isinstance(queryset, type):
        queryset = queryset._default_manager.all()
    try:
        obj = queryset.select_related(via).get(pk=int(pk))
    except (queryset.model.DoesNotExist, TypeError, ValueError):
        _deny(request, action, detail={"object": queryset.model._meta.label_lower})
    client_id = _resolve(obj, via).pk
    client = _load_client(request.user, client_id)
    authorize(request, client, action)
    if request.method in ("GET", "HEAD"):
        record(
            audit or f"{queryset.model._meta.model_name}.view",
            request=request,
            obj=obj,
            client_id=client.pk,
            program_id=client.program_id,
        )
    obj.door_client = client
    return obj


def _resolve(obj: Model, path: str):
    for part in path.split("__"):
        obj = getattr(obj, part)
    return obj


# ---------------------------------------------------------------------------------------------
# Sessions (a group's roster names several clients: its own rules, policy.SESSION_RULES)


def _session_relations(subj: Subject, session) -> set[SessionRelation]:
    found: set[SessionRelation] = set()
    if not subj.roles_in(session.program_id):
        return found
    found.add(SessionRelation.PROGRAM)
    if session.facilitator_id == subj.user_id:
        found.add(SessionRelation.FACILITATOR)
    if session.facilitator_id in subj.supervisee_ids:
        found.add(SessionRelation.SUPERVISES_FACILITATOR)
    return found


def session_permissions(user: User, session) -> frozenset[SessionAction]:
    subj = subject(user)
    return session_actions(subj.roles_in(session.program_id), _session_relations(subj, session))


def session_for(request, session_id, action: SessionAction = SessionAction.VIEW_ROSTER):
    """One session if the user may take ``action`` on it: 404 outside the user's programs,
    403 when visible but not allowed. Roster views are audited."""
    from cairn.scheduling.models import Session

    try:
        session = Session.objects.select_related(
            "program", "group_type", "room", "facilitator", "track"
        ).get(pk=int(session_id))
    except (Session.DoesNotExist, TypeError, ValueError):
        _deny(request, action, detail={"session_ref": str(session_id)[:40]})
    allowed = session_permissions(request.user, session)
    session.allowed_actions = allowed
    if not allowed:
        _deny(request, action, program_id=session.program_id)
    if action not in allowed:
        _deny(request, action, program_id=session.program_id, status=403)
    if request.method in ("GET", "HEAD") and action is not SessionAction.VIEW:
        record(f"session.{action}", request=request, obj=session, program_id=session.program_id)
    return session


def sessions_for(user: User, action: SessionAction = SessionAction.VIEW) -> QuerySet:
    """Sessions the user may take ``action`` on (lists, calendars, today's sessions)."""
    from cairn.scheduling.models import Session

    subj = subject(user)
    parts: list[Q] = []
    for program_id, roles in subj.roles_by_program.items():
        for (role, relation), actions in SESSION_RULES.items():
            if action not in actions or not (role in roles or role == "*"):
                continue
            in_program = Q(program_id=program_id)
            if relation is SessionRelation.PROGRAM:
                parts.append(in_program)
            elif relation is SessionRelation.FACILITATOR:
                parts.append(in_program & Q(facilitator_id=subj.user_id))
            elif relation is SessionRelation.SUPERVISES_FACILITATOR and subj.supervisee_ids:
                parts.append(in_program & Q(facilitator_id__in=subj.supervisee_ids))
    return Session.objects.filter(reduce(or_, parts) if parts else Q(pk__in=[]))


# ---------------------------------------------------------------------------------------------
# Program-wide pages


def programs_for(user: User, action: ProgramAction) -> list[Program]:
    subj = subject(user)
    ids = [pid for pid, roles in subj.roles_by_program.items() if program_allows(roles, action)]
    return list(Program.objects.filter(pk__in=ids).order_by("name"))


def program_for(request, action: ProgramAction, program_id=None) -> Program:
    """The program the page is about (the user's current one unless given), if the user may
    take ``action`` in it: 404 when the user has no role there, 403 when the role doesn't allow
    the action."""
    subj = subject(request.user)
    if program_id is None:
        program_id = current_program_id(request)
    try:
        program_id = int(program_id)
    except (TypeError, ValueError):
        _deny(request, action)
    roles = subj.roles_in(program_id)
    if not roles:
        _deny(request, action, program_id=program_id)
    if not program_allows(roles, action):
        _deny(request, action, program_id=program_id, status=403)
    program = getattr(request, "_cairn_program", None)
    if program is None or program.pk != program_id:
        program = Program.objects.select_related("organization").get(pk=program_id)
        request._cairn_program = program
    return program


def current_program_id(request) -> int | None:
    """The program the user is working in: chosen in the menu, else their first."""
    subj = subject(request.user)
    chosen = request.session.get("program_id") if hasattr(request, "session") else None
    if chosen in subj.roles_by_program:
        return chosen
    if subj.kind != User.Kind.STAFF and subj.portal_client_id:
        return getattr(getattr(request.user, "client", None), "program_id", None)
    return min(subj.roles_by_program) if subj.roles_by_program else None


def may(request, action: ProgramAction, program_id=None) -> bool:
    """For menus: may the user take a program action (in the current program)? No audit."""
    subj = subject(request.user)
    pid = program_id if program_id is not None else current_program_id(request)
    return pid is not None and program_allows(subj.roles_in(pid), action)


def break_glass_target(user: User, mrn: str) -> Client | None:
    """The client with record number ``mrn`` in an organization where ``user`` holds a care
    role — the only lookup outside the user's scope, used by emergency access alone."""
    subj = subject(user)
    care_programs = [
        pid
        for pid, roles in subj.roles_by_program.items()
        if program_allows(roles, ProgramAction.BREAK_GLASS)
    ]
    if not care_programs:
        return None
    organizations = Program.objects.filter(pk__in=care_programs).values("organization_id")
    return (
        Client.objects.filter(organization_id__in=organizations, mrn=mrn.strip())
        .select_related("program")
        .annotate(**_relation_annotations(subj))
        .first()
    )


# ---------------------------------------------------------------------------------------------
# Inquiries (pre-admission records: program-scoped until admission links them to a client)


def inquiries_for(user: User, action: ProgramAction = ProgramAction.VIEW_ADMISSIONS) -> QuerySet:
    """Inquiries in the programs where ``user`` may take ``action`` (board, lists, waitlist)."""
    from cairn.admissions.models import Inquiry

    subj = subject(user)
    ids = [pid for pid, roles in subj.roles_by_program.items() if program_allows(roles, action)]
    return Inquiry.objects.filter(program_id__in=ids)


def inquiry_for(request, inquiry_id, action: ProgramAction = ProgramAction.VIEW_ADMISSIONS):
    """One inquiry if the user may take ``action`` in its program: 404 when it does not exist
    or the user holds no role there, 403 when the role doesn't allow the action. Reads are
    audited; ``inquiry.may_manage`` tells templates whether to offer the pipeline's buttons."""
    from cairn.admissions.models import Inquiry

    try:
        inquiry = Inquiry.objects.select_related("program", "client", "episode").get(
            pk=int(inquiry_id)
        )
    except (Inquiry.DoesNotExist, TypeError, ValueError):
        _deny(request, action, detail={"inquiry_ref": str(inquiry_id)[:40]})
    roles = subject(request.user).roles_in(inquiry.program_id)
    if not roles:
        _deny(request, action, program_id=inquiry.program_id)
    if not program_allows(roles, action):
        _deny(request, action, program_id=inquiry.program_id, status=403)
    inquiry.may_manage = program_allows(roles, ProgramAction.MANAGE_ADMISSIONS)
    if request.method in ("GET", "HEAD"):
        record(
            "inquiry.view",
            request=request,
            obj=inquiry,
            client_id=inquiry.client_id,
            program_id=inquiry.program_id,
        )
    return inquiry


# ---------------------------------------------------------------------------------------------
# Tasks (the worklist): each belongs to its owner


def tasks_for(user: User) -> QuerySet:
    """The user's own tasks, in programs where they still hold a role; a task about a client
    also needs that client to be visible to them (so a task never leaks a name)."""
    from cairn.worklist.models import Task

    subj = subject(user)
    if subj.kind != User.Kind.STAFF:
        return Task.objects.none()
    visible_client = Q(client__isnull=True) | scope_q(
        user, Action.VIEW_DEMOGRAPHICS, prefix="client__"
    )
    return Task.objects.filter(
        visible_client, owner_id=subj.user_id, program_id__in=list(subj.roles_by_program)
    )


def task_for(request, task_id):
    """One of the user's own tasks (``tasks_for``), else 404. Completing it is audited by
    ``worklist.operations.complete_task``."""
    from cairn.worklist.models import Task

    try:
        return tasks_for(request.user).select_related("client").get(pk=int(task_id))
    except (Task.DoesNotExist, TypeError, ValueError):
        _deny(request, "task", detail={"task_ref": str(task_id)[:40]})
