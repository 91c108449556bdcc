"""Demo data: one FHIR system client for the demo program, with a documented demo secret
(README), so the curl example works against ``make run``."""

from cairn.core.demo import DemoContext

DEMO_CLIENT_ID = "cairn-demo-hie"
DEMO_CLIENT_SECRET = "cairn-demo-fhir-2026"  # noqa: S105  (documented demo credential, README)
DEMO_SCOPES = ["system/*.rs", "system/QuestionnaireResponse.c"]


def seed(ctx: DemoContext) -> None:
    from cairn.fhir.registration import register_client

    program = ctx.data["program"]
    register_client(
        program,
        name="Riverside Health Information Exchange",
        scopes=DEMO_SCOPES,
        purpose="treatment",
        recipient_kind="treating_provider",
        client_id=DEMO_CLIENT_ID,
        secret=DEMO_CLIENT_SECRET,
    )
    ctx.say(f"FHIR: 1 system client ({DEMO_CLIENT_ID})")


def login_lines() -> list[str]:
    return [
        "",
        f"Demo FHIR API client: client id {DEMO_CLIENT_ID}, secret {DEMO_CLIENT_SECRET} "
        f"(scopes {' '.join(DEMO_SCOPES)}; token at /fhir/R4/auth/token).",
    ]
