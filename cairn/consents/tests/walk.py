"""URL-walk registry (cairn/testing/urlwalk.py): ids of consents and disclosures in another
program."""

from cairn.consents.tests.factories import make_consent


def _disclosure(cast):
    from cairn.consents import disclosing
    from cairn.consents.categories import Period

    consent = make_consent(cast.foreign_client, cast.outsider)
    return disclosing.release_with_consent(
        cast.foreign_client, consent, categories=["demographics"], period=Period(), by=cast.outsider
    ).pk


KWARG_OBJECTS = {
    "consent_id": lambda cast: make_consent(cast.foreign_client, cast.outsider).pk,
    "disclosure_id": _disclosure,
}
