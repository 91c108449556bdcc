"""pytest plugin (loaded with ``-p cairn.testing.env`` before Django starts): the test
environment's settings, set explicitly as environment variables (STYLE.md, convention 7).
A DATABASE_URL already in the environment is kept, so CI runs the suite on PostgreSQL too."""

import os

os.environ["CAIRN_TESTING"] = "1"
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "test-secret-key-" + "x" * 48)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("CAIRN_HTTPS", "0")
os.environ.setdefault("CAIRN_TASKS", "immediate")
# Playwright's driver talks to the browser over localhost; never let it fetch anything else.
os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")

# SQLite test databases are files under var/ (settings.py explains why).
os.makedirs(os.path.join(os.path.dirname(__file__), "..", "..", "var"), exist_ok=True)


def pytest_sessionstart(session):
    """Compile translation catalogues (.po → .mo, pure Python) so portal pages are tested in
    Spanish too; .mo files are build products (cairn/portal/i18n.py)."""
    from cairn.portal.i18n import compile_catalogues

    compile_catalogues()
