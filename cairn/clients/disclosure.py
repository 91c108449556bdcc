"""Two record categories of a Part 2 disclosure or record export, kept by this app
(``cairn.consents.categories``):

- ``diagnoses``: the client's diagnoses, current and past, never those entered in error. A
  diagnosis belongs to the dates from the day it was recorded to the day it was resolved (its
  last update, for a resolved one); it is included when that span meets the dates asked for.
- ``discharge_summary``: each discharge (type, summary, aftercare plan) of an episode
  discharged within the dates asked for. Active episodes have no discharge record yet.

A fixed number of queries whatever the amount of data; the client was authorized by the door.
"""

from django.db.models import Prefetch
from django.utils import timezone

from cairn.clients.models import AftercareItem, Diagnosis, Episode
from cairn.consents.categories import Content, Entry, Section, Table
from cairn.consents.providers.common import day, iso, ref

#: ICD-10-CM in FHIR (http://hl7.org/fhir/sid/icd-10-cm).
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"

_CLINICAL_STATUS = {
    Diagnosis.Status.ACTIVE: "active",
    Diagnosis.Status.IN_REMISSION: "remission",
    Diagnosis.Status.RESOLVED: "resolved",
}


def _recorded_on(diagnosis: Diagnosis, tz):
    return timezone.localtime(diagnosis.recorded_at, tz).date()


def _resolved_on(diagnosis: Diagnosis, tz):
    if diagnosis.status != Diagnosis.Status.RESOLVED:
        return None
    return timezone.localtime(diagnosis.updated_at or diagnosis.recorded_at, tz).date()


def diagnoses(client, period) -> Content:
    tz = client.program.tz
    rows = [
        d
        for d in Diagnosis.objects.filter(client=client)
        .exclude(status=Diagnosis.Status.ERROR)
        .select_related("recorded_by")
        .order_by("rank", "-recorded_at", "pk")
        if period.overlaps(_recorded_on(d, tz), _resolved_on(d, tz))
    ]
    content = Content(
        sections=[
            Section(
                "Diagnoses",
                table=Table(
                    ["Code", "Diagnosis", "Rank", "Kind", "Status", "Onset", "Recorded"],
                    [
                        [
                            d.code,
                            d.description,
                            d.get_rank_display(),
                            d.get_category_display(),
                            d.get_status_display(),
                            day(d.onset_on),
                            day(_recorded_on(d, tz)),
                        ]
                        for d in rows
                    ],
                ),
            )
        ]
    )
    for d in rows:
        content.records.append(
            {
                "resourceType": "Condition",
                "id": ref(d),
                "code": {"coding": [{"system": ICD10CM, "code": d.code, "display": d.description}]},
                "clinicalStatus": _CLINICAL_STATUS[d.status],
                "category": d.category,
                "rank": d.rank,
                "onsetDate": iso(d.onset_on),
                "recordedDate": iso(_recorded_on(d, tz)),
                "abatementDate": iso(_resolved_on(d, tz)),
                "recorder": d.recorded_by.display_name,
            }
        )
        content.references.append(ref(d))
    return content


def _aftercare_text(item: AftercareItem) -> str:
    parts = [item.description, item.details, day(item.starts_on) if item.starts_on else ""]
    return " — ".join(p for p in parts if p)


def discharge_summary(client, period) -> Content:
    episodes = [
        e
        for e in Episode.objects.filter(client=client, discharged_on__isnull=False)
        .select_related("track", "discharged_by")
        .prefetch_related(
            Prefetch("aftercare", queryset=AftercareItem.objects.order_by("position", "pk"))
        )
        .order_by("discharged_on", "pk")
        if period.contains(e.discharged_on)
    ]
    content = Content(sections=[Section("Discharge summary")])
    for e in episodes:
        aftercare = list(e.aftercare.all())
        facts = [
            ("Admitted", day(e.admitted_on)),
            ("Discharged", day(e.discharged_on)),
            ("Level of care", e.get_level_of_care_display()),
            ("Discharge", e.get_discharge_type_display() or "—"),
        ]
        if e.discharged_by:
            facts.append(("Recorded by", e.discharged_by.display_name))
        texts = [("Summary", e.discharge_summary or "—")]
        texts += [
            (f"Aftercare — {item.get_kind_display()}", _aftercare_text(item)) for item in aftercare
        ]
        if not aftercare:
            texts.append(("Aftercare", "No aftercare recorded."))
        content.sections[0].entries.append(
            Entry(f"Discharge of {day(e.discharged_on)}", facts, texts)
        )
        content.records.append(
            {
                "resourceType": "Composition",
                "id": ref(e),
                "type": "discharge_summary",
                "date": iso(e.discharged_on),
                "episodeOfCare": ref(e),
                "period": {"start": iso(e.admitted_on), "end": iso(e.discharged_on)},
                "levelOfCare": e.level_of_care,
                "dischargeType": e.discharge_type or None,
                "author": e.discharged_by.display_name if e.discharged_by else None,
                "summary": e.discharge_summary,
                "aftercare": [
                    {
                        "kind": item.kind,
                        "description": item.description,
                        "details": item.details or None,
                        "date": iso(item.starts_on),
                    }
                    for item in aftercare
                ],
            }
        )
        content.references.append(ref(e))
    return content
