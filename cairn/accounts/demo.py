"""Demo staff: about eight people in the roles of DESIGN.md, plus extra clinicians for large
demo programs. Demo accounts skip the second sign-in factor only while DEBUG is on (README)."""

from datetime import date, timedelta

from django.contrib.auth.hashers import make_password

from cairn.accounts.models import Credential, StaffRole, User
from cairn.accounts.roles import Role
from cairn.core.demo import DEMO_PASSWORD, DemoContext

#: username, first, last, suffix, roles, licence type
STAFF = [
    ("director", "Dana", "Morgan", "LCSW", [Role.DIRECTOR], "LCSW"),
    ("intake", "Isaac", "Walker", "", [Role.INTAKE], None),
    ("supervisor", "Samira", "Patel", "LCSW-C", [Role.SUPERVISOR, Role.CLINICIAN], "LCSW-C"),
    ("clinician", "Carmen", "Ruiz", "LPC, CADC", [Role.CLINICIAN], "LPC"),
    ("jkim", "James", "Kim", "LMFT", [Role.CLINICIAN], "LMFT"),
    ("aokafor", "Amara", "Okafor", "MSW (pre-licensed)", [Role.CLINICIAN], None),
    ("nurse", "Nora", "Hughes", "NP", [Role.PRESCRIBER], "NP"),
    ("biller", "Bo", "Chen", "", [Role.BILLER], None),
    ("admin", "Alex", "Rivera", "", [Role.ADMIN], None),
]

FIRST = [
    "Jordan",
    "Riley",
    "Casey",
    "Morgan",
    "Avery",
    "Quinn",
    "Reese",
    "Taylor",
    "Drew",
    "Jamie",
    "Hayden",
    "Rowan",
    "Emerson",
    "Parker",
    "Sage",
    "Logan",
    "Dakota",
    "Skyler",
    "Kendall",
    "Blair",
]
LAST = [
    "Nguyen",
    "Brooks",
    "Foster",
    "Hayes",
    "Ortiz",
    "Bennett",
    "Coleman",
    "Reyes",
    "Ward",
    "Price",
    "Sanders",
    "Long",
    "Flores",
    "Perry",
    "Powell",
    "Butler",
    "Barnes",
    "Fisher",
    "Ross",
    "Jenkins",
]


def seed(ctx: DemoContext) -> None:
    program = ctx.data["program"]
    password = make_password(DEMO_PASSWORD)
    people = {}
    for username, first, last, suffix, roles, licence in STAFF:
        user = User.objects.create(
            username=username,
            first_name=first,
            last_name=last,
            credentials_suffix=suffix,
            email=f"{username}@demo.cairn.invalid",
            password=password,
            demo_account=True,
        )
        StaffRole.objects.bulk_create(StaffRole(user=user, program=program, role=r) for r in roles)
        if licence:
            Credential.objects.create(
                user=user,
                license_type=licence,
                number=f"{ctx.rng.randint(10000, 99999)}",
                state="NY",
                expires_on=ctx.today + timedelta(days=ctx.rng.randint(90, 700)),
            )
        people[username] = user
    # One licence expired, so the flag shows in the demo.
    Credential.objects.create(
        user=people["jkim"],
        license_type="CADC",
        number="C-40417",
        state="NY",
        expires_on=ctx.today - timedelta(days=12),
        issued_on=date(ctx.today.year - 3, 1, 15),
    )
    people["aokafor"].prelicensed = True
    people["aokafor"].supervisor = people["supervisor"]
    people["aokafor"].save(update_fields=["prelicensed", "supervisor"])
    people["admin"].is_staff = True  # Django admin, for configuration only
    people["admin"].save(update_fields=["is_staff"])
    extra = _extra_clinicians(ctx, program, password, people["supervisor"])
    clinicians = [people[u] for u in ("supervisor", "clinician", "jkim", "aokafor")] + extra
    ctx.data.update(staff=people, clinicians=clinicians, prescriber=people["nurse"])
    ctx.say(f"Staff: {len(people) + len(extra)} accounts")


def _extra_clinicians(ctx, program, password, supervisor) -> list[User]:
    """Large demo programs keep caseloads realistic (about 15 clients per clinician): of the
    active census, with the benchmark's long history (``ctx.data["history"]``)."""
    census = ctx.data["history"]["active"] if "history" in ctx.data else ctx.clients
    count = max(0, census // 15 - 4)
    users = User.objects.bulk_create(
        User(
            username=f"clin{i:04d}",
            first_name=FIRST[i % len(FIRST)],
            last_name=LAST[(i // len(FIRST)) % len(LAST)],
            credentials_suffix="LPC",
            email=f"clin{i:04d}@demo.cairn.invalid",
            password=password,
            demo_account=True,
            supervisor=supervisor if i % 5 == 0 else None,
            prelicensed=i % 5 == 0,
        )
        for i in range(count)
    )
    StaffRole.objects.bulk_create(
        StaffRole(user=u, program=program, role=Role.CLINICIAN) for u in users
    )
    return users


def login_lines() -> list[str]:
    lines = ["", f"Demo logins (password for all: {DEMO_PASSWORD}):"]
    for username, first, last, _suffix, roles, _licence in STAFF:
        labels = ", ".join(Role(r).label for r in roles)
        lines.append(f"  {username:<11} {first} {last} — {labels}")
    lines.append("Demo accounts skip the authenticator step only while DEBUG is on (make run).")
    return lines
