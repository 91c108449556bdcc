"""Releasing one client's records under a fresh consent and reading the package back: the
tests of every app's record-category provider use this."""

from cairn.consents import disclosing
from cairn.consents.tests.factories import ALL_DATES, make_consent
from cairn.consents.tests.pdfs import text


def release_text(cast, categories, period=ALL_DATES, *, allowed=None) -> str:
    """The words of the package released to the cast client's mother under a consent allowing
    ``allowed`` (default: ``categories``), for ``categories`` and ``period``."""
    consent = make_consent(
        cast.client, cast.clinician, categories=list(allowed or categories), records_from=None
    )
    disclosure = disclosing.release_with_consent(
        cast.client, consent, categories=categories, period=period, by=cast.clinician
    )
    return text(bytes(disclosure.package_pdf))
