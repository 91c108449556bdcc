"""What the plans read from the rest of the chart, through two small functions.

The chart's diagnoses and contacts belong to the clients app (the admissions issue adds the
``Diagnosis`` and ``Contact`` models). Until those models exist these functions answer empty
lists, and the plans still work: problems without diagnoses, support people typed in. The
caller has already authorized the client through the door.
"""

from dataclasses import dataclass

from django.apps import apps


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


def _model(name: str):
    try:
        return apps.get_model("clients", name)
    except LookupError:
        return None


def chart_diagnoses(client) -> list[DiagnosisRef]:
    """The client's current diagnoses (active or in remission), primary first."""
    model = _model("Diagnosis")
    if model is None:
        return []
    rows = model.objects.filter(client=client).exclude(status__in=["resolved", "entered_in_error"])
    return [
        DiagnosisRef(row.pk, row.code, row.description)
        for row in rows.order_by("rank", "code")  # "primary" sorts before "secondary"
    ]


def chart_contacts(client) -> list[ContactRef]:
    """The client's current contacts (family, sober supports, friends…) with phone numbers."""
    model = _model("Contact")
    if model is None:
        return []
    rows = model.objects.filter(client=client, active=True).order_by("name")
    return [ContactRef(row.pk, row.name, row.relationship, row.phone) for row in rows]
