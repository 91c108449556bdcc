"""SMART on FHIR v2 system scopes (``system/Patient.rs``, ``system/*.rs``,
``system/QuestionnaireResponse.c``), and the django-oauth-toolkit scopes backend that lets a
registered client ask only for the scopes it was given."""

import re

SCOPE = re.compile(r"^system/(\*|[A-Z][A-Za-z]+)\.([cruds]+|read|write|\*)$")


def parse(scope: str) -> tuple[str, set[str]] | None:
    """``system/Observation.rs`` → ("Observation", {"r", "s"}); SMART v1 ``read``/``write``/``*``
    are read as v2 letters. ``None`` for anything else."""
    match = SCOPE.match(scope.strip())
    if not match:
        return None
    kind, perms = match.groups()
    letters = {"read": "rs", "write": "cud", "*": "cruds"}.get(perms, perms)
    return kind, set(letters)


def is_valid(scope: str) -> bool:
    return parse(scope) is not None


#: Types a wildcard does not reach: the audit trail is for clients given it by name.
NAMED_ONLY = frozenset({"AuditEvent"})
ORDER = "cruds"


def allows(scopes, resource_type: str, letter: str) -> bool:
    """Does any of ``scopes`` grant ``letter`` (c r u d s) on ``resource_type``?"""
    for scope in scopes:
        parsed = parse(scope)
        if not parsed or letter not in parsed[1]:
            continue
        if parsed[0] == resource_type or (parsed[0] == "*" and resource_type not in NAMED_ONLY):
            return True
    return False


def narrower(scopes, types) -> set[str]:
    """Every scope a client holding ``scopes`` may ask for: its own, and any of them narrowed
    to fewer letters or to one type (``system/*.rs`` → ``system/Patient.r`` …)."""
    from itertools import combinations

    found = set(scopes)
    for scope in scopes:
        parsed = parse(scope)
        if not parsed:
            continue
        kinds = [parsed[0]]
        if parsed[0] == "*":
            kinds += [t for t in types if t not in NAMED_ONLY]
        letters = [c for c in ORDER if c in parsed[1]]
        for size in range(1, len(letters) + 1):
            for chosen in combinations(letters, size):
                found |= {f"system/{kind}.{''.join(chosen)}" for kind in kinds}
    return found


class SmartScopes:
    """``OAUTH2_PROVIDER["SCOPES_BACKEND_CLASS"]``: a client may request any of its own
    scopes; by default it gets all of them."""

    def get_all_scopes(self):
        return {"system/*.rs": "Read and search everything the program allows"}

    def _own(self, application):
        client = getattr(application, "cairn_client", None) if application else None
        if client is None or not client.active:
            return []
        return client.scope_list

    def get_available_scopes(self, application=None, request=None, *args, **kwargs):
        from cairn.fhir.resources import TYPES

        return sorted(narrower(self._own(application), [*TYPES, "Questionnaire"]))

    def get_default_scopes(self, application=None, request=None, *args, **kwargs):
        return self._own(application)
