"""Queries for the consents pages, on top of querysets the door scoped (``access.scope``)."""

from django.db.models import Count

from cairn.consents.models import Consent, Disclosure

CHART_DISCLOSURES = 50


def chart_consents(scoped, client) -> list[Consent]:
    """A client's consents, current ones first (one query)."""
    rows = list(
        scoped.filter(client=client)
        .select_related("episode", "prepared_by")
        .annotate(disclosure_count=Count("disclosures"))
    )
    rank = {
        Consent.Status.AWAITING_SIGNATURE: 0,
        Consent.Status.ACTIVE: 1,
        Consent.Status.NOT_YET: 2,
        Consent.Status.EXPIRED: 3,
        Consent.Status.REVOKED: 4,
        Consent.Status.VOIDED: 5,
    }
    for consent in rows:
        consent.current_status = consent.status
    return sorted(rows, key=lambda c: (rank[c.current_status], -c.prepared_at.timestamp()))


def consent_contacts(client):
    """The people on the client's contact list a consent may name (the client was authorized
    by the door)."""
    return client.contacts.filter(active=True).order_by("name", "pk")


def chart_disclosures(scoped, client):
    return (
        scoped.filter(client=client)
        .defer("package_pdf", "manifest")
        .select_related("released_by", "consent")
        .order_by("-released_at", "-id")[:CHART_DISCLOSURES]
    )


def chart_exports(scoped, client):
    return scoped.filter(client=client).select_related("exported_by")[:10]


def client_consent(scoped, client, consent_id):
    """One of the client's consents (None when the id is not one of them)."""
    try:
        pk = int(consent_id)
    except (TypeError, ValueError):
        return None
    return scoped.filter(client=client, pk=pk).select_related("client", "episode").first()


def consent_detail():
    """Consents with what their pages show (the door narrows it to one)."""
    return Consent.objects.select_related(
        "client__program",
        "episode",
        "contact",
        "prepared_by",
        "signature_recorded_by",
        "revocation_recorded_by",
        "voided_by",
    )


def consent_disclosures(consent):
    return (
        Disclosure.objects.filter(consent=consent)
        .defer("package_pdf", "manifest")
        .select_related("released_by")
    )


def disclosure_detail():
    """Disclosures with what their pages show (the door narrows it to one)."""
    return Disclosure.objects.defer("package_pdf").select_related(
        "client__program", "consent", "released_by", "reviewed_by"
    )


def review_queue(scoped, program):
    """Emergency disclosures of the program: waiting for review first, then the last reviewed."""
    base = (
        scoped.filter(program=program, kind=Disclosure.Kind.EMERGENCY)
        .defer("package_pdf", "manifest")
        .select_related("client", "released_by", "reviewed_by")
    )
    waiting = list(base.filter(reviewed_at__isnull=True).order_by("released_at"))
    reviewed = list(base.filter(reviewed_at__isnull=False).order_by("-reviewed_at")[:20])
    return waiting, reviewed


def waiting_review(scoped, program):
    return list(
        scoped.filter(program=program, kind=Disclosure.Kind.EMERGENCY, reviewed_at__isnull=True)
        .defer("package_pdf", "manifest")
        .select_related("client")
        .order_by("released_at")
    )
