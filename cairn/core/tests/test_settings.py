"""Settings come from the environment; a bad value stops start-up with one line (issue 2,
points 4 and "bad input")."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from cairn.core.checks import configuration
from cairn.env import EnvError, env_bool, env_database, env_int, env_timezone

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    ("reader", "value", "message"),
    [
        (lambda: env_bool("X_BOOL", False), "maybe", "X_BOOL must be a boolean"),
        (lambda: env_int("X_INT", 1), "ten", "X_INT must be a whole number"),
        (lambda: env_int("X_INT", 1, minimum=2), "1", "X_INT must be at least 2"),
        (lambda: env_timezone("X_TZ", "UTC"), "Mars/Olympus", "X_TZ must be an IANA time zone"),
        (lambda: env_database("X_DB", "sqlite:///x"), "mysql://h/db", "X_DB must start with"),
    ],
)
def test_it_names_the_variable_and_what_it_expects(monkeypatch, reader, value, message):
    for name in ("X_BOOL", "X_INT", "X_TZ", "X_DB"):
        monkeypatch.setenv(name, value)
    with pytest.raises(EnvError, match=message):
        reader()


def test_it_reads_good_values(monkeypatch):
    monkeypatch.setenv("X_BOOL", "yes")
    monkeypatch.setenv("X_INT", "15")
    assert env_bool("X_BOOL", False) is True
    assert env_int("X_INT", 1) == 15
    assert env_database("X_DB_UNSET", "postgres://u@h:5432/cairn")["NAME"] == "cairn"


def _manage(env_overrides: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "CAIRN_TESTING")}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_it_stops_with_one_line_when_the_secret_key_is_missing():
    result = _manage({"DEBUG": "0"})
    assert result.returncode == 1
    assert result.stderr.strip() == "cairn: configuration error: SECRET_KEY is required but not set"


def test_it_stops_with_one_line_on_a_malformed_value():
    result = _manage({"DEBUG": "1", "CAIRN_IDLE_TIMEOUT_MINUTES": "soon"})
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "cairn: configuration error: CAIRN_IDLE_TIMEOUT_MINUTES must be a whole number; got 'soon'"
    ]


@override_settings(DEBUG=False, SECRET_KEY="short", ALLOWED_HOSTS=[], HTTPS=True)
def test_it_explains_an_insecure_production_configuration():
    ids = {problem.id for problem in configuration(None)}
    assert {"cairn.E001", "cairn.E002"} <= ids


@override_settings(
    DEBUG=False, SECRET_KEY="k" * 60, ALLOWED_HOSTS=["cairn.example.org"], HTTPS=True
)
def test_it_is_quiet_about_a_sound_configuration():
    assert [p.id for p in configuration(None)] == []


def test_it_defaults_to_production_safe_values():
    from django.conf import settings

    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.X_FRAME_OPTIONS == "DENY"
    assert settings.PASSWORD_HASHERS[-2].endswith("Argon2PasswordHasher")
