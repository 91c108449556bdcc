"""Bench settings: production settings plus the bench urlconf (the trivial view).

The trivial view lives only in ``cairn.bench.urls``; production's ROOT_URLCONF never has it.
The environment (DATABASE_URL, SECRET_KEY, DEBUG=0, ...) is set by ``cairn.bench.run``.
"""

from cairn.settings import *  # noqa: F403

ROOT_URLCONF = "cairn.bench.urls"
# Keep connections: one process serves every request, like a gunicorn worker.
DATABASES["default"]["CONN_MAX_AGE"] = 600  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = False  # noqa: F405
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
