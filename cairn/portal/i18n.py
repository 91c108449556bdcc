"""Compiling translation catalogues (.po → .mo) in pure Python (issue 11.8).

GNU gettext's msgfmt may not be installed on a fresh machine, so Cairn compiles with polib:
every ``locale/<lang>/LC_MESSAGES/*.po`` under each installed app and ``LOCALE_PATHS``. The
compiled .mo files are build products (gitignored); ``make setup``, ``make run`` and the test
run compile them, only when a .po is newer than its .mo."""

from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings


def catalogues() -> list[Path]:
    """Cairn's own catalogues (apps under the project directory; never installed packages,
    which ship their .mo files)."""
    base = (Path(settings.BASE_DIR) / "cairn").resolve()
    roots = [
        Path(config.path) / "locale"
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(base)
    ]
    roots += [Path(p) for p in settings.LOCALE_PATHS]
    found: set[Path] = set()
    for root in roots:
        if root.is_dir():
            found.update(root.glob("*/LC_MESSAGES/*.po"))
    return sorted(found)


def compile_catalogues(force: bool = False) -> list[Path]:
    """Compile each stale catalogue; returns the .mo files written."""
    written = []
    for po_path in catalogues():
        mo_path = po_path.with_suffix(".mo")
        if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        written.append(mo_path)
    return written
