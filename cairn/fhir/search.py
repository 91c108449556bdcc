"""Search: read the parameters, narrow each source's door-scoped queryset, page, map.

A page makes a fixed number of queries whatever the data: per source a count and a fetch (with
``select_related``), one for each source's extras, one for the consents, one for ``_include``d
patients (tests assert it with two data sizes)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

from django.db.models import DateTimeField, Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from cairn.accounts import access
from cairn.accounts.policy import Action
from cairn.assessments.instruments import all_instruments
from cairn.fhir import mapping
from cairn.fhir.resources import QUESTIONNAIRE_PARAMS, BadParameter, ResourceType, Source

DEFAULT_COUNT = 50
MAX_COUNT = 500
COMMON = {"_count", "_offset", "_include", "_format", "_total"}
DATE = re.compile(
    r"^(eq|ne|gt|lt|ge|le|sa|eb)?(\d{4}(-\d{2}(-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?)?)?)$"
)


@dataclass
class Query:
    filters: dict[str, list[str]] = field(default_factory=dict)
    count: int = DEFAULT_COUNT
    offset: int = 0
    include_patient: bool = False


def parse(kind: ResourceType | None, pairs: list[tuple[str, str]]) -> Query:
    """Check every parameter: unknown names, bad numbers and bad dates are ``BadParameter``."""
    allowed = set(kind.params) if kind else set(QUESTIONNAIRE_PARAMS)
    query = Query()
    for name, value in pairs:
        if "\x00" in name or "\x00" in value:
            raise BadParameter("Search parameters may not contain NUL characters.")
        base = name.split(":", 1)[0]
        if name in ("_count", "_offset"):
            try:
                number = int(value)
            except ValueError:
                raise BadParameter(f"{name} must be a whole number, not {value[:40]!r}.") from None
            if number < 0 or (name == "_count" and number > MAX_COUNT):
                raise BadParameter(f"{name} must be between 0 and {MAX_COUNT}.")
            setattr(query, name[1:], number)
        elif name == "_include":
            if kind is None or not kind.patient_param or not value.endswith(":patient"):
                raise BadParameter(
                    f"_include={value[:60]!r} is not supported; use {kind.name if kind else 'X'}"
                    ":patient on types that have a patient."
                )
            query.include_patient = True
        elif name in ("_format", "_total"):
            continue
        elif base not in allowed or (name != base and base != "patient"):
            known = ", ".join(sorted(allowed | COMMON))
            raise BadParameter(
                f"Unknown search parameter {name[:60]!r} for "
                f"{kind.name if kind else 'Questionnaire'}; supported: {known}."
            )
        else:
            if not value:
                raise BadParameter(f"Search parameter {name!r} has no value.")
            if base == "date":
                _date_q("x", value)  # checked now, built per source
            query.filters.setdefault(base, []).append(value)
    return query


def _bounds(text: str):
    """The instant range ``text`` (a year, month, day or instant) covers."""
    if "T" in text:
        try:
            moment = parse_datetime(text)
        except ValueError:  # well formed, out of range (year 0, hour 25)
            moment = None
        if moment is None:
            raise BadParameter(f"Bad date {text!r}.")
        if timezone.is_naive(moment):
            moment = moment.replace(tzinfo=UTC)
        return moment, moment
    parts = text.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else None
        day = int(parts[2]) if len(parts) > 2 else None
        if month is None:
            start, end = datetime(year, 1, 1), datetime(year + 1, 1, 1)
        elif day is None:
            start = datetime(year, month, 1)
            end = datetime(year + (month == 12), month % 12 + 1, 1)
        else:
            start = datetime(year, month, day)
            end = start + timedelta(days=1)
    except (ValueError, OverflowError):
        raise BadParameter(f"Bad date {text!r}.") from None
    tz = timezone.get_current_timezone()
    return timezone.make_aware(start, tz), timezone.make_aware(end, tz) - timedelta(microseconds=1)


def _date_q(field_name: str, value: str, *, is_datetime: bool = True) -> Q:
    match = DATE.match(value.strip())
    if not match:
        raise BadParameter(
            f"Bad date {value[:40]!r}: use YYYY, YYYY-MM, YYYY-MM-DD or an instant, with an "
            "optional prefix eq, ne, gt, lt, ge, le."
        )
    prefix, text = match.group(1) or "eq", match.group(2)
    if prefix in ("sa", "eb"):
        raise BadParameter("Date prefixes sa and eb are not supported.")
    start, end = _bounds(text)
    if not is_datetime:
        start, end = timezone.localtime(start).date(), timezone.localtime(end).date()
    lookups = {
        "eq": Q(**{f"{field_name}__gte": start, f"{field_name}__lte": end}),
        "ne": ~Q(**{f"{field_name}__gte": start, f"{field_name}__lte": end}),
        "gt": Q(**{f"{field_name}__gt": end}),
        "lt": Q(**{f"{field_name}__lt": start}),
        "ge": Q(**{f"{field_name}__gte": start}),
        "le": Q(**{f"{field_name}__lte": end}),
    }
    return lookups[prefix]


def _is_datetime(model, path: str) -> bool:
    field_obj = None
    for part in path.split("__"):
        field_obj = model._meta.get_field(part)
        model = field_obj.related_model or model
    return isinstance(field_obj, DateTimeField)


def patient_ids(values: list[str]) -> list[int]:
    ids = []
    for value in values:
        for part in value.split(","):
            text = part.strip().rsplit("Patient/", 1)[-1]
            if not text.isdigit():
                raise BadParameter(f"patient must be Patient/<id> or <id>, not {part[:40]!r}.")
            ids.append(int(text))
    return ids


def filtered(source: Source, principal, query: Query, consent=None):
    """The source's queryset, narrowed by the door, the consents and the parameters; ``None``
    when an ``_id`` names another source."""
    qs = source.queryset(principal)
    for name, values in query.filters.items():
        for value in values:
            if name == "_id":
                pks = []
                for part in value.split(","):
                    part = part.strip()
                    if source.prefix and not part.startswith(source.prefix):
                        continue
                    text = part[len(source.prefix) :]
                    if text.isdigit():
                        pks.append(int(text))
                qs = qs.filter(pk__in=pks)
            elif name == "patient":
                qs = qs.filter(**{f"{source.client_field}__in": patient_ids([value])})
            elif name == "date":
                field_name = source.date_field
                qs = qs.filter(
                    _date_q(field_name, value, is_datetime=_is_datetime(source.model, field_name))
                )
            elif name in source.tokens:
                qs = qs.filter(source.tokens[name](value))
            else:  # a parameter of another source of the same type (Observation)
                qs = qs.none()
    if consent is not None and source.category:
        qs = qs.filter(**{f"{source.client_field}__in": consent.allowed(source.category)})
    return qs


def run(kind: ResourceType, principal, query: Query, consent=None):
    """(total, resources of the page, included patients)."""
    querysets = [filtered(s, principal, query, consent) for s in kind.sources]
    counts = [qs.count() for qs in querysets]
    total = sum(counts)
    resources, client_ids = [], []
    start, remaining = query.offset, query.count
    for source, qs, count in zip(kind.sources, querysets, counts, strict=True):
        if remaining <= 0:
            break
        if start >= count:
            start -= count
            continue
        rows = list(
            qs.select_related(*source.related).order_by(*source.order)[start : start + remaining]
        )
        start = 0
        remaining -= len(rows)
        resources += render(source, principal, rows, consent)
        if source.client_field and source.client_field != "pk":
            client_ids += [_client_id(row, source) for row in rows]
    included = []
    if query.include_patient and client_ids:
        patients = access.clients_for(principal, Action.VIEW_DEMOGRAPHICS).filter(
            pk__in=set(client_ids)
        )
        if consent is not None:
            patients = patients.filter(pk__in=consent.allowed("demographics"))
        included = [mapping.patient(c) for c in patients.order_by("pk")]
    return total, resources, included


def _client_id(row, source: Source) -> int:
    value = row
    for part in source.client_field.split("__"):
        value = getattr(value, part)
    return value


def render(source: Source, principal, rows, consent=None) -> list[dict]:
    if source.extras is None:
        return [source.to_fhir(row) for row in rows]
    allowed = consent.allowed("demographics") if consent is not None else None
    extra = source.extras(principal, rows, allowed)
    return [source.to_fhir(row, extra.get(row.pk, [])) for row in rows]


def questionnaires(query: Query) -> list[dict]:
    """Questionnaires come from the instrument data files, not the database."""
    found = []
    for instrument in sorted(all_instruments(), key=lambda i: i.code):
        ok = True
        for name, values in query.filters.items():
            for value in values:
                options = [v.strip() for v in value.split(",")]
                if name == "_id":
                    ok &= instrument.code in options
                elif name == "url":
                    ok &= mapping.questionnaire_url(instrument.code) in [
                        o.split("|")[0] for o in options
                    ]
                elif name == "status":
                    ok &= "active" in options
        if ok:
            found.append(mapping.questionnaire(instrument.code))
    return found


def page_links(base: str, pairs: list[tuple[str, str]], query: Query, total: int) -> list[dict]:
    keep = [(k, v) for k, v in pairs if k not in ("_offset", "_count")]

    def url(offset: int) -> str:
        return f"{base}?{urlencode([*keep, ('_count', query.count), ('_offset', offset)])}"

    links = [{"relation": "self", "url": url(query.offset)}, {"relation": "first", "url": url(0)}]
    if query.count and query.offset + query.count < total:
        links.append({"relation": "next", "url": url(query.offset + query.count)})
    if query.offset > 0:
        links.append({"relation": "previous", "url": url(max(0, query.offset - query.count))})
    if query.count:
        last = max(0, (total - 1) // query.count * query.count)
        links.append({"relation": "last", "url": url(last)})
    return links
