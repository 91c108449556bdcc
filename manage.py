#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cairn.settings")
    from cairn.env import EnvError

    try:
        from django.core.management import execute_from_command_line

        from cairn import settings  # noqa: F401  (reads the environment once, here)
    except EnvError as error:
        sys.exit(f"cairn: configuration error: {error}")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
