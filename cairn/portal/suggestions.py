"""Suggested edits to the relapse-prevention plan (issue 11.6).

The client suggests a line for one section of the plan; the clinician accepts it — the line is
appended to that section of the plan's next draft version (``plans.rp_drafting``), which the
clinician then signs and the client co-signs as for any version — or declines it with a short
reply. Signed versions are never touched."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cairn.audit.log import record
from cairn.plans.models.relapse import TEXT_SECTIONS
from cairn.portal.models import PlanSuggestion

#: Sections a client may suggest lines for (the plan's text lists), with portal labels.
SECTIONS = {
    "triggers_people": _("Triggers: people"),
    "triggers_places": _("Triggers: places"),
    "triggers_feelings": _("Triggers: feelings"),
    "triggers_times": _("Triggers: times"),
    "warning_signs": _("Early warning signs"),
    "coping_other": _("Things that work for me"),
    "reasons": _("My reasons for recovery"),
    "green_habits": _("Green: my daily habits"),
    "yellow_actions": _("Yellow: what I will do"),
    "yellow_calls": _("Yellow: whom I will call"),
    "red_steps": _("Red: my immediate steps"),
}
assert set(SECTIONS) <= set(TEXT_SECTIONS)


class SuggestionRefused(Exception):
    pass


def suggest(client, version, *, section: str, text: str, by, request=None) -> PlanSuggestion:
    text = " ".join(text.split())
    if section not in SECTIONS or not text:
        raise SuggestionRefused(_("Choose a part of the plan and write your suggestion."))
    with transaction.atomic():
        suggestion = client.portal_plan_suggestions.create(
            version=version, section=section, text=text[:300], created_by=by
        )
        record(
            "portal.plan_suggest",
            request=request,
            actor=by,
            obj=suggestion,
            client_id=client.pk,
            program_id=client.program_id,
        )
    return suggestion


def accept(suggestion: PlanSuggestion, *, by, request=None):
    """Append the suggested line to its section in the plan's draft (opened if needed)."""
    from cairn.plans.rp_drafting import open_relapse_draft, save_relapse_draft

    client = suggestion.client
    with transaction.atomic():
        locked = PlanSuggestion.objects.select_for_update().get(pk=suggestion.pk)
        if locked.status != PlanSuggestion.Status.PENDING:
            raise SuggestionRefused("This suggestion was already decided.")
        draft = open_relapse_draft(client, by=by, request=request)
        lines = list(getattr(draft, locked.section))
        if locked.text not in lines:
            lines.append(locked.text)
        draft = save_relapse_draft(
            draft,
            by=by,
            revision=draft.revision,
            content={locked.section: lines},
            request=request,
        )
        _decide(locked, PlanSuggestion.Status.ACCEPTED, by=by, accepted_into=draft)
        record(
            "portal.plan_suggestion_accept",
            request=request,
            actor=by,
            obj=locked,
            client_id=client.pk,
            program_id=client.program_id,
            detail={"version": draft.number},
        )
    return draft


def decline(suggestion: PlanSuggestion, *, by, reply: str = "", request=None) -> None:
    with transaction.atomic():
        locked = PlanSuggestion.objects.select_for_update().get(pk=suggestion.pk)
        if locked.status != PlanSuggestion.Status.PENDING:
            raise SuggestionRefused("This suggestion was already decided.")
        _decide(locked, PlanSuggestion.Status.DECLINED, by=by, reply=reply.strip()[:300])
        record(
            "portal.plan_suggestion_decline",
            request=request,
            actor=by,
            obj=locked,
            client_id=locked.client_id,
        )


def _decide(suggestion, status, *, by, reply="", accepted_into=None) -> None:
    suggestion.status = status
    suggestion.decided_by = by
    suggestion.decided_at = timezone.now()
    suggestion.reply = reply
    suggestion.accepted_into = accepted_into
    suggestion.save(update_fields=["status", "decided_by", "decided_at", "reply", "accepted_into"])
