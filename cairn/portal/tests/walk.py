"""URL-walk registry for the portal (cairn/testing/urlwalk.py). The client's own portal pages
take no ids: they are always about the signed-in user's client (``portal/door.py``). The staff
side (the chart's Portal tab) takes a client id and a suggestion id."""

from cairn.portal.models import PlanSuggestion
from cairn.testing.plans import make_relapse_plan


def _suggestion(cast):
    from cairn.plans.models import RelapsePreventionVersion

    version = RelapsePreventionVersion.objects.filter(plan__client=cast.foreign_client).first()
    version = version or make_relapse_plan(cast.foreign_client, by=cast.outsider, signed=True)
    return PlanSuggestion.objects.create(
        client=cast.foreign_client,
        version=version,
        section="reasons",
        text="My dog",
        created_by=cast.outsider,
    ).pk


KWARG_OBJECTS = {"suggestion_id": _suggestion}

#: Open without signing in: switching the language, accepting an invitation.
PUBLIC_URL_NAMES = {"portal:language", "portal:join"}
