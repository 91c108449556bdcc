"""Typed readers for JSON fields; every failure is an InstanceError naming the field path."""

import math
from collections.abc import Iterable, Mapping
from datetime import date, datetime

from .errors import InstanceError


def as_dict(value: object, path: str) -> dict:
    if not isinstance(value, dict):
        raise InstanceError(path, f"expected an object, got {_kind(value)}")
    return value


def as_list(value: object, path: str) -> list:
    if not isinstance(value, list):
        raise InstanceError(path, f"expected a list, got {_kind(value)}")
    return value


def check_keys(obj: Mapping, path: str, *, required: Iterable[str], optional: Iterable[str] = ()):
    """Reject missing and unknown keys: a typo such as 'unavailble' must not be silently ignored."""
    required = tuple(required)
    allowed = set(required) | set(optional)
    for key in required:
        if key not in obj:
            raise InstanceError(_join(path, key), "missing required field")
    for key in obj:
        if key not in allowed:
            raise InstanceError(_join(path, str(key)), "unknown field")


def text(value: object, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InstanceError(path, f"expected a non-empty string, got {_show(value)}")
    return value


def choice(value: object, path: str, options: Iterable[str]) -> str:
    options = tuple(options)
    if value not in options:
        raise InstanceError(path, f"expected one of {', '.join(options)}, got {_show(value)}")
    return value


def number(value: object, path: str) -> float | int:
    """A finite, non-negative JSON number (booleans are not numbers here)."""
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    if not ok or not math.isfinite(value):
        raise InstanceError(path, f"expected a number, got {_show(value)}")
    if value < 0:
        raise InstanceError(path, f"must not be negative, got {_show(value)}")
    return value


def integer(value: object, path: str, *, minimum: int = 0, maximum: int | None = None) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool):
        raise InstanceError(path, f"expected a whole number, got {_show(value)}")
    if value < minimum:
        raise InstanceError(path, f"must be at least {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise InstanceError(path, f"must be at most {maximum}, got {value}")
    return value


def iso_date(value: object, path: str) -> date:
    try:
        return date.fromisoformat(text(value, path))
    except ValueError:
        raise InstanceError(path, f"expected a date like 2027-01-04, got {_show(value)}") from None


def local_time(value: object, path: str) -> datetime:
    """An ISO 8601 local wall-clock time; an offset would make "local" ambiguous."""
    try:
        moment = datetime.fromisoformat(text(value, path))
    except ValueError:
        raise InstanceError(
            path, f"expected a time like 2027-01-04T09:00, got {_show(value)}"
        ) from None
    if moment.tzinfo is not None:
        raise InstanceError(path, "must be a local time without a UTC offset")
    return moment


def unique_ids(items: list, path: str) -> list[str]:
    """Read every item's `id`; ids must be unique within their list."""
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        ident = text(as_dict(item, f"{path}[{index}]").get("id"), f"{path}[{index}].id")
        if ident in seen:
            raise InstanceError(f"{path}[{index}].id", f"duplicate id {ident!r}")
        seen[ident] = index
    return list(seen)


def ref(value: object, path: str, known: Mapping | set, what: str) -> str:
    ident = text(value, path)
    if ident not in known:
        raise InstanceError(path, f"unknown {what} id {ident!r}")
    return ident


def ref_list(value: object, path: str, known: Mapping | set, what: str) -> tuple[str, ...]:
    """A list of distinct references, e.g. a client's `unavailable` slot ids."""
    idents = []
    for index, item in enumerate(as_list(value, path)):
        ident = ref(item, f"{path}[{index}]", known, what)
        if ident in idents:
            raise InstanceError(f"{path}[{index}]", f"{what} id {ident!r} listed twice")
        idents.append(ident)
    return tuple(idents)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _kind(value: object) -> str:
    return "null" if value is None else type(value).__name__


def _show(value: object) -> str:
    shown = repr(value)
    return shown if len(shown) <= 40 else shown[:37] + "..."
