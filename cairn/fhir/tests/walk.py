"""URL-walk registry: a system client of the other program. The API itself (namespace
``fhir_api``, OAuth2 bearer tokens) is walked by this app's own tests."""


def _system_client(cast):
    from cairn.fhir.registration import register_client

    client, _ = register_client(
        cast.other_program,
        name="Elsewhere HIE",
        scopes=["system/Patient.rs"],
        purpose="treatment",
        recipient_kind="treating_provider",
    )
    return client.pk


KWARG_OBJECTS = {"system_client_id": _system_client}
