"""WSGI entry point (gunicorn cairn.wsgi)."""

import os
import sys

from django.core.wsgi import get_wsgi_application

from cairn.env import EnvError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cairn.settings")

try:
    application = get_wsgi_application()
except EnvError as error:
    sys.exit(f"cairn: configuration error: {error}")
