"""``record()``: the one way anything writes an audit event."""

from typing import Any

from django.conf import settings
from django.db import models

from cairn.audit.chain import append
from cairn.audit.models import AuditEvent

_KIND_BY_USER_KIND = {"staff": "staff", "client": "client", "family": "family"}


def _actor(request, actor) -> tuple[int | None, str, str]:
    user = actor if actor is not None else getattr(request, "user", None)
    if getattr(request, "api_client_label", None):
        return None, request.api_client_label, AuditEvent.ActorKind.API
    if user is None or not getattr(user, "is_authenticated", False):
        return None, "", AuditEvent.ActorKind.ANONYMOUS if request else AuditEvent.ActorKind.SYSTEM
    kind = _KIND_BY_USER_KIND.get(getattr(user, "kind", "staff"), "staff")
    return user.pk, user.get_username(), kind


def client_ip(request) -> str | None:
    """The client's address. Behind a proxy, REMOTE_ADDR is the proxy's; deployments that set
    CAIRN_HTTPS sit behind a TLS proxy that appends the real address to X-Forwarded-For."""
    if request is None:
        return None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and settings.SECURE_PROXY_SSL_HEADER:
        return forwarded.split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def record(
    action: str,
    *,
    request=None,
    actor=None,
    obj: models.Model | None = None,
    client_id: int | None = None,
    program_id: int | None = None,
    object_type: str = "",
    object_id: Any = "",
    outcome: str = AuditEvent.Outcome.OK,
    detail: dict | None = None,
) -> AuditEvent:
    """Append one audit event, in the caller's transaction when there is one.

    ``action`` is a dotted name such as ``chart.view`` or ``note.sign``. ``detail`` holds small
    facts (ids, field names, reasons) — never clinical narrative.
    """
    actor_id, actor_label, actor_kind = _actor(request, actor)
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
        if client_id is None:
            client_id = obj.pk if obj._meta.label_lower == "clients.client" else None
            client_id = client_id or getattr(obj, "client_id", None)
        if program_id is None:
            program_id = getattr(obj, "program_id", None)
    user_agent = request.META.get("HTTP_USER_AGENT", "")[:300] if request is not None else ""
    event = AuditEvent(
        actor_id=actor_id,
        actor_label=actor_label[:150],
        actor_kind=actor_kind,
        program_id=program_id,
        client_id=client_id,
        action=action,
        object_type=object_type,
        object_id=str(object_id) if object_id not in (None, "") else "",
        outcome=outcome,
        ip_address=client_ip(request),
        user_agent=user_agent,
        detail=detail or {},
    )
    return append(event)
