"""No view reads client-scoped data except through the door (issue 3, point 3).

A model is client-scoped when it is the Client or reaches a Client through a foreign key
(directly, or through one client-scoped model). Modules that face users — views, the portal,
the FHIR API, reports and exports — must not query such a model's manager directly; they use
``cairn.accounts.access`` (``client_for``, ``clients_for``, ``scope``, ``owned_for``)."""

import re
from pathlib import Path

from django.apps import apps
from django.db import models

import cairn

ROOT = Path(cairn.__file__).parent
#: The portal is held to the rule like any app: its faces (views/, door, layout, panels) go
#: through the door; its operations modules (checkins, invitations…) are called with a client
#: the door already authorized.
FACING = re.compile(
    r"(^|/)(views[^/]*\.py|views/.*\.py|portal/(door|layout|panels|staff_panels)\.py"
    r"|fhir/.*\.py|reports/.*\.py|exports?\.py)$"
)


def client_scoped_models() -> set[str]:
    """The User model links a portal login to its client but is not client data itself."""
    client = apps.get_model("clients", "Client")
    user = apps.get_model("accounts", "User")
    scoped = {client}
    for _ in range(3):
        for model in apps.get_models():
            if model is user:
                continue
            for field in model._meta.get_fields():
                if isinstance(field, models.ForeignKey) and field.related_model in scoped:
                    scoped.add(model)
    return {model.__name__ for model in scoped}


#: A query handed straight to the door, or a prefetch under rows the door already scoped.
_THROUGH_THE_DOOR = re.compile(r"access\.(scope|owned_for)\(|Prefetch\(")


def facing_modules():
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if "/tests/" in relative or "/migrations/" in relative or relative.startswith("testing/"):
            continue
        if FACING.search(relative):
            yield relative, path.read_text()


def test_it_finds_the_client_scoped_models():
    scoped = client_scoped_models()
    assert {"Client", "Episode", "CareTeamMember", "Task", "Alert", "BreakGlassGrant"} <= scoped
    assert not {"User", "StaffRole", "Program"} & scoped


def test_it_allows_no_direct_query_of_client_scoped_models_in_facing_modules():
    names = "|".join(sorted(client_scoped_models()))
    direct = re.compile(rf"\b({names})\.(objects|_default_manager|_base_manager)\b")
    shortcut = re.compile(rf"get_(object|list)_or_404\(\s*({names})\b")
    offenders = [
        f"{relative}:{number}: {line.strip()}"
        for relative, text in facing_modules()
        for number, line in enumerate(text.splitlines(), 1)
        if (direct.search(line) or shortcut.search(line)) and not _THROUGH_THE_DOOR.search(line)
    ]
    assert not offenders, "Query through cairn.accounts.access instead:\n" + "\n".join(offenders)
