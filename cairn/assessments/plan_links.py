"""Assessment scores under treatment-plan objectives (``cairn.plans.links``).

Which scores relate to an objective — one rule, from data the clinician controls:

1. the instruments its "how we'll measure it" names (``Objective.measure``, e.g. "PHQ-9 every 2
   weeks", "Craving log; PACS score"): a short name or code, case, spaces and hyphens ignored;
2. when it names none, the instruments the library lists for its problem
   (``instruments`` in ``plans/library/problems.json``: depression → PHQ-9, anxiety → GAD-7,
   alcohol use → BAM and AUDIT-C…); a problem written by hand lists none.

Of those instruments, the client's submitted administrations in the plan's episode of care are
listed (never drafts or entries in error), with score and band, linking to the result. Two
queries for any number of objectives; the client was authorized by the door.
"""

import re
from collections.abc import Iterator
from functools import cache

from django.urls import reverse
from django.utils import timezone

from cairn.assessments.instruments import all_instruments, get_instrument
from cairn.assessments.models import Administration
from cairn.plans import library
from cairn.plans.links import RelatedRecord
from cairn.plans.models import Objective


def _token(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.casefold())


@cache
def _names() -> dict[str, str]:
    """Normalized short name or code → instrument code ("phq9" → "phq9", "cssrs" → "cssrs")."""
    found = {}
    for instrument in all_instruments():
        found[_token(instrument.short_name)] = instrument.code
        found[_token(instrument.code)] = instrument.code
    return found


def instruments_named(measure: str) -> list[str]:
    """Instrument codes a measure names, in the order it names them ("PHQ-9 and GAD-7")."""
    words = re.findall(r"[\w]+(?:-[\w]+)*", measure or "")
    codes = [_names().get(_token(word)) for word in words]
    return list(dict.fromkeys(code for code in codes if code))


def instruments_for(objective: Objective) -> list[str]:
    """The rule above, for one objective (its ``goal.problem`` loaded)."""
    named = instruments_named(objective.measure)
    if named:
        return named
    entry = library.problems().get(objective.goal.problem.library_code)
    known = set(_names().values())
    return [code for code in entry.instruments if code in known] if entry else []


def scores_for_objectives(client, objectives) -> Iterator[RelatedRecord]:
    rows = list(
        Objective.objects.filter(pk__in=[o.pk for o in objectives]).select_related(
            "goal__problem", "version__plan"
        )
    )
    wanted: dict = {}  # objective key → (instrument codes, episode ids)
    for objective in rows:
        codes, episodes = wanted.setdefault(objective.key, (set(), set()))
        codes.update(instruments_for(objective))
        episodes.add(objective.version.plan.episode_id)
    all_codes = set().union(*(codes for codes, _ in wanted.values()))
    if not all_codes:
        return
    tz = client.program.tz
    scores = list(
        Administration.objects.filter(
            client=client,
            status=Administration.Status.SUBMITTED,
            instrument__in=sorted(all_codes),
            episode_id__in=sorted(set().union(*(e for _, e in wanted.values()))),
        ).order_by("-administered_at", "-pk")
    )
    for key, (codes, episodes) in wanted.items():
        for score in scores:
            if score.instrument in codes and score.episode_id in episodes:
                yield _record(key, score, tz, client)


def _record(key, score: Administration, tz, client) -> RelatedRecord:
    instrument = get_instrument(score.instrument)
    return RelatedRecord(
        key,
        timezone.localtime(score.administered_at, tz).date(),
        "Assessment",
        f"{instrument.short_name}: {score.total} of {instrument.total_max}",
        reverse(
            "assessments:administration",
            kwargs={"client_id": client.pk, "administration_id": score.pk},
        ),
        score.band + (" · safety flag" if score.critical else ""),
    )
