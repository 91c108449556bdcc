"""System checks that explain a bad configuration in one line naming the variable."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=False)
def configuration(app_configs, **kwargs):
    problems = []
    if not settings.DEBUG:
        if len(settings.SECRET_KEY) < 50 or settings.SECRET_KEY.startswith("insecure-"):
            problems.append(
                Error(
                    "SECRET_KEY must be a random value of at least 50 characters in production.",
                    hint="python -c 'import secrets; print(secrets.token_urlsafe(64))'",
                    id="cairn.E001",
                )
            )
        if not settings.ALLOWED_HOSTS:
            problems.append(
                Error(
                    "ALLOWED_HOSTS is empty: set it to the host names Cairn is served on.",
                    hint="e.g. ALLOWED_HOSTS=cairn.example.org",
                    id="cairn.E002",
                )
            )
        if "*" in settings.ALLOWED_HOSTS:
            problems.append(
                Warning(
                    "ALLOWED_HOSTS contains '*': any Host header is accepted.",
                    id="cairn.W001",
                )
            )
        if not settings.HTTPS and not getattr(settings, "TESTING", False):
            problems.append(
                Warning(
                    "CAIRN_HTTPS is off with DEBUG off: cookies are not marked secure and no HSTS "
                    "is sent. Serve Cairn over HTTPS and set CAIRN_HTTPS=1.",
                    id="cairn.W002",
                )
            )
        if not settings.MFA_REQUIRED:
            problems.append(
                Warning(
                    "CAIRN_MFA_REQUIRED is off: staff can sign in with a password alone.",
                    id="cairn.W003",
                )
            )
    if settings.DEBUG and settings.HTTPS:
        problems.append(
            Warning(
                "DEBUG is on while CAIRN_HTTPS is on: DEBUG must never be on in production.",
                id="cairn.W004",
            )
        )
    return problems
