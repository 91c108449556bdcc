"""Typed readers for the environment variables that configure Cairn.

Settings come only from the environment (STYLE.md, convention 7). Each reader raises
``EnvError`` with one line naming the variable and what it expects; ``manage.py`` and the
WSGI entry point print that line and stop, so a bad value never turns into a traceback.
"""

import os
import zoneinfo


class EnvError(Exception):
    """A configuration value in the environment is missing or malformed."""


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    return None if value is None else value.strip()


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise EnvError(f"{name} must be a boolean (1/0, true/false, yes/no, on/off); got {value!r}")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise EnvError(f"{name} must be a whole number; got {value!r}") from None
    if minimum is not None and number < minimum:
        raise EnvError(f"{name} must be at least {minimum}; got {number}")
    return number


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str | None:
    value = _raw(name)
    if value:
        return value
    if required:
        raise EnvError(f"{name} is required but not set")
    return default


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = _raw(name)
    if not value:
        return default
    if value not in choices:
        raise EnvError(f"{name} must be one of {', '.join(choices)}; got {value!r}")
    return value


def env_timezone(name: str, default: str) -> str:
    value = _raw(name) or default
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise EnvError(
            f"{name} must be an IANA time zone such as America/New_York; got {value!r}"
        ) from None
    return value


def env_database(name: str, default: str) -> dict:
    """Parse DATABASE_URL: sqlite:///path or postgres://user@host:port/name (psycopg 3)."""
    import dj_database_url

    value = _raw(name) or default
    scheme = value.split(":", 1)[0]
    if scheme not in ("sqlite", "postgres", "postgresql", "pgsql"):
        raise EnvError(f"{name} must start with sqlite:/// or postgres://; got a {scheme!r} URL")
    try:
        config = dj_database_url.parse(value, conn_max_age=60, conn_health_checks=True)
    except ValueError as error:
        raise EnvError(f"{name} is not a valid database URL: {error}") from None
    if not config.get("NAME"):
        raise EnvError(f"{name} must name a database (sqlite:///var/cairn.sqlite3 or .../cairn)")
    return config
