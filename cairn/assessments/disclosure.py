"""The ``assessments`` record category of a Part 2 disclosure or record export
(``cairn.consents.categories``): "standardized questionnaires I completed (such as PHQ-9, GAD-7)
and their scores".

Only submitted administrations are records: drafts, discarded drafts and administrations marked
entered in error are left out. Each is dated by when the client answered (``administered_at``,
in the program's zone). One query whatever the amount of data; the client was authorized by the
door.
"""

from cairn.assessments.instruments import get_instrument
from cairn.assessments.models import Administration
from cairn.consents.categories import Content, Section, Table
from cairn.consents.providers.common import day, local, ref, within

LOINC = "http://loinc.org"


def _result(administration: Administration) -> str:
    parts = [administration.band] if administration.band else []
    if administration.subscales:
        parts.append(", ".join(f"{k} {v}" for k, v in administration.subscales.items()))
    if administration.critical:
        parts.append("safety flag")
    return "; ".join(parts) or "—"


def _resource(administration: Administration, instrument) -> dict:
    code = {"text": instrument.short_name}
    if instrument.loinc_total:
        code["coding"] = [{"system": LOINC, "code": instrument.loinc_total}]
    return {
        "resourceType": "Observation",
        "id": ref(administration),
        "status": "final",
        "category": "survey",
        "code": code,
        "questionnaire": f"{instrument.code} {administration.instrument_version}",
        "effectiveDateTime": administration.administered_at.isoformat(),
        "valueInteger": administration.total,
        "interpretation": administration.band or None,
        "subscales": administration.subscales or None,
        "flags": list(administration.flags),
        "safetyFlag": administration.critical,
        "occasion": administration.occasion,
        "method": administration.method,
        "answers": administration.answers,
    }


def assessments(client, period) -> Content:
    tz = client.program.tz
    rows = within(
        Administration.objects.filter(
            client=client, status=Administration.Status.SUBMITTED
        ).order_by("administered_at", "pk"),
        "administered_at",
        period,
        tz,
    )
    content = Content(
        sections=[
            Section(
                "Assessments",
                table=Table(["Date", "Questionnaire", "Occasion", "Score", "Result"], []),
            )
        ]
    )
    for administration in rows:
        instrument = get_instrument(administration.instrument)
        content.sections[0].table.rows.append(
            [
                day(local(administration.administered_at, tz).date()),
                instrument.short_name,
                administration.get_occasion_display(),
                f"{administration.total} of {instrument.total_max}",
                _result(administration),
            ]
        )
        content.records.append(_resource(administration, instrument))
        content.references.append(ref(administration))
    return content
