"""Identity: that the person is a client here, with name, date of birth and record number."""

from cairn.consents.categories import Content, Section, Table
from cairn.consents.providers.common import day, iso, ref


def demographics(client, period) -> Content:
    rows = [
        ["Name", f"{client.first_name} {client.last_name}"],
        ["Preferred name", client.preferred_name or "—"],
        ["Pronouns", client.pronouns or "—"],
        ["Date of birth", day(client.date_of_birth)],
        ["Sex assigned at birth", client.get_sex_at_birth_display()],
        ["Record number", client.mrn],
        ["Program", client.program.name],
    ]
    record = {
        "resourceType": "Patient",
        "id": ref(client),
        "identifier": [{"system": "urn:cairn:mrn", "value": client.mrn}],
        "name": [{"family": client.last_name, "given": [client.first_name]}],
        "preferredName": client.preferred_name or None,
        "pronouns": client.pronouns or None,
        "birthDate": iso(client.date_of_birth),
        "sexAtBirth": client.sex_at_birth,
        "program": client.program.name,
    }
    return Content(
        sections=[Section("Identity", table=Table(["", ""], rows))],
        records=[record],
        references=[ref(client)],
    )
