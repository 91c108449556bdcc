"""What the URL-walk tests (core/tests/test_url_walk.py) need to know about every URL pattern.

Every URL keyword argument needs an entry in ``KWARG_OBJECTS``: a function that, given the
cast, returns the id of an object belonging to ``cast.other_program``. The walk signs in a
stranger who holds every role in ``cast.program`` and none in the other program, and proves
each such URL answers 404 and writes nothing. A URL whose kwarg is missing here fails the
walk, so a new view cannot skip the door unnoticed.
"""

import importlib
import importlib.util
from datetime import timedelta

from django.apps import apps
from django.utils import timezone

from cairn.accounts.models import BreakGlassGrant


def _grant(cast):
    return BreakGlassGrant.objects.create(
        user=cast.outsider,
        client=cast.foreign_client,
        reason="walk",
        expires_at=timezone.now() + timedelta(hours=1),
    ).pk


#: kwarg name → function(cast) returning an id from the *other* program. Apps add theirs in
#: ``cairn/<app>/tests/walk.py`` (a ``KWARG_OBJECTS`` dict), collected by ``kwarg_objects()``.
KWARG_OBJECTS = {
    "client_id": lambda cast: cast.foreign_client.pk,
    "grant_id": _grant,
    "user_id": lambda cast: cast.outsider.pk,
}


def kwarg_objects() -> dict:
    found = dict(KWARG_OBJECTS)
    for config in apps.get_app_configs():
        module = f"{config.name}.tests.walk"
        if config.name.startswith("cairn.") and importlib.util.find_spec(module):
            extra = importlib.import_module(module)
            found.update(getattr(extra, "KWARG_OBJECTS", {}))
            PUBLIC_URL_NAMES.update(getattr(extra, "PUBLIC_URL_NAMES", set()))
    return found


#: URL names anyone may open without signing in.
PUBLIC_URL_NAMES = {
    "accounts:login",
    "core:healthz",
}

#: URL namespaces the walk leaves to their own tests (their own authentication).
SKIP_NAMESPACES = {"admin", "fhir_api"}  # fhir_api: OAuth2 bearer tokens, its own tests
