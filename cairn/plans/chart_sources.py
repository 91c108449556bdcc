"""What the plans read from the rest of the chart: the clients app's diagnoses and contacts.

Problems link to the chart's current diagnoses (copied into the problem as written, so a signed
plan reads the same whatever later happens to the diagnosis list); the relapse-prevention plan's
support network offers the chart's contacts (copied in with the contact's id). The caller has
already authorized the client through the door.
"""

from dataclasses import dataclass

from django.db.models import Case, IntegerField, Value, When

from cairn.clients.models import Contact, Diagnosis


@dataclass(frozen=True)
class DiagnosisRef:
    id: int
    code: str
    description: str

    @property
    def label(self) -> str:
        return f"{self.code} — {self.description}"

    def as_json(self) -> dict:
        return {"id": self.id, "code": self.code, "description": self.description}


@dataclass(frozen=True)
class ContactRef:
    id: int
    name: str
    relationship: str
    phone: str

    @property
    def label(self) -> str:
        parts = [self.name, self.relationship, self.phone or "no phone on file"]
        return " · ".join(p for p in parts if p)


#: Diagnoses a problem may cite: current ones (not resolved, never those entered in error).
CURRENT = (Diagnosis.Status.ACTIVE, Diagnosis.Status.IN_REMISSION)


def chart_diagnoses(client) -> list[DiagnosisRef]:
    """The client's current diagnoses (active or in remission), primary first, then by code."""
    rows = Diagnosis.objects.filter(client=client, status__in=CURRENT).order_by(
        Case(
            When(rank=Diagnosis.Rank.PRIMARY, then=Value(0)), default=1, output_field=IntegerField()
        ),
        "code",
        "pk",
    )
    return [DiagnosisRef(row.pk, row.code, row.description) for row in rows]


def chart_contacts(client) -> list[ContactRef]:
    """The client's current contacts (not removed), sober supports first, then by name."""
    rows = Contact.objects.filter(client=client, active=True).order_by(
        Case(
            When(kind=Contact.Kind.SOBER_SUPPORT, then=Value(0)),
            default=1,
            output_field=IntegerField(),
        ),
        "name",
        "pk",
    )
    return [ContactRef(row.pk, row.name, row.relationship, row.phone) for row in rows]
