"""Demo plans: active clients' treatment plans at realistic stages — drafts for the newly
admitted, signed plans with monthly reviews (some due, some overdue), versions waiting for the
client's signature, a review in progress — and relapse-prevention plans, most signed.

Everything is bulk-inserted. Versions are inserted with their final status but unsigned, their
content added, and the signatures written last: the same order the database trigger allows."""

import uuid
from datetime import timedelta

from django.apps import apps
from django.db import connection
from django.utils import timezone

from cairn.core.demo import DemoContext
from cairn.plans import library
from cairn.plans.documents import content_hash, relapse_rows, treatment_rows
from cairn.plans.models import (
    Goal,
    Intervention,
    Objective,
    ObjectiveProgress,
    Problem,
    ProgressRating,
    RelapsePreventionPlan,
    RelapsePreventionVersion,
    SignatureMethod,
    TreatmentPlan,
    TreatmentPlanVersion,
    VersionStatus,
)
from cairn.plans.rp_drafting import crisis_lines

REVIEW_DAYS = 30
STRENGTHS = [
    "Steady job; a sister who checks in daily.",
    "Motivated by their children; good sense of humor.",
    "Finished PHP; knows the 12 steps; a sponsor for two weeks.",
    "Loves cooking and running; insightful in group.",
]
PEOPLE = [
    "My old crew from the warehouse",
    "My ex",
    "My cousin who still uses",
    "The guys at the bar",
]
PLACES = [
    "The Anchor Bar on 5th",
    "My old dealer's street",
    "Friday poker nights",
    "Gas station near work",
]
FEELINGS = [
    "Lonely on Sunday nights",
    "Angry after calls with my ex",
    "Bored",
    "Anxious before work",
]
TIMES = ["Payday Fridays", "After 9 pm", "The anniversary of my dad's death", "Long weekends"]
SIGNS = ["Skipping meetings", "Not sleeping", "Lying about small things", "Isolating in my room"]
REASONS = ["My daughter", "Keeping my job", "Being healthy", "Proving to myself I can"]
HABITS = ["Morning walk", "Call my sponsor at 6 pm", "Meeting every evening", "Eat three meals"]
YELLOW = ["Go to an extra meeting", "Tell my counselor", "Leave the situation", "Use my HALT check"]
RED = [
    "Leave the place right away",
    "Call my sponsor",
    "Go to the ER if I used opioids",
    "Call 988",
]
SUPPORT_NAMES = ["Dana (sponsor)", "Luis (brother)", "Kim (friend)", "Grace (aunt)"]
RATING_WEIGHTS = [
    (ProgressRating.PROGRESSING, 50),
    (ProgressRating.MET, 20),
    (ProgressRating.NOT_PROGRESSING, 15),
    (ProgressRating.REVISED, 15),
]


class _Builder:
    """Collects the rows of every plan, then inserts them in a fixed number of statements."""

    def __init__(self, ctx: DemoContext):
        self.ctx, self.rng, self.today = ctx, ctx.rng, ctx.today
        self.plans, self.versions, self.problems, self.goals = [], [], [], []
        self.objectives, self.interventions, self.progress = [], [], []
        self.signatures = []  # (version, clinician, signed_on, client_signed)
        self.new_draft = False  # the first client admitted this week always has a draft plan
        self.awaiting_shown = False  # and one established client's plan awaits a signature

    # -- treatment plans ------------------------------------------------------------------

    def treatment_plan(self, episode, clinician, diagnoses, *, late=False):
        """``late``: the clinician hasn't done the review yet (due or overdue today)."""
        days_in = (self.today - episode.admitted_on).days
        plan = TreatmentPlan(
            client=episode.client,
            episode=episode,
            program_id=episode.program_id,
            created_by=clinician,
        )
        self.plans.append(plan)
        plan_date = min(self.today, episode.admitted_on + timedelta(days=self.rng.randint(2, 6)))
        new = episode.status == "active" and days_in < 7
        if new and (self.rng.random() < 0.5 or not self.new_draft):
            self.new_draft = True
            self._first_version(plan, clinician, plan_date, diagnoses, signed=False)
            return
        version = self._first_version(plan, clinician, plan_date, diagnoses, signed=True)
        end = episode.discharged_on or self.today
        # Reviews every ~30 days; some clinicians are late (a review due or overdue today).
        while True:
            review_on = version.plan_date + timedelta(days=REVIEW_DAYS - self.rng.randint(0, 4))
            skipped = episode.status == "active" and (late or self.rng.random() < 0.35)
            if review_on > end or skipped:
                break
            version = self._review(plan, version, clinician, review_on)
        if episode.status != "active":
            return
        stage = self.rng.random()
        if stage < 0.1 or not self.awaiting_shown:  # the last version waits for the client
            self.awaiting_shown = True
            self._awaiting(version)
        elif stage < 0.17 and version.plan_date + timedelta(days=23) <= self.today:
            self._review(plan, version, clinician, self.today, signed=False)

    def _first_version(self, plan, clinician, plan_date, diagnoses, *, signed):
        version = TreatmentPlanVersion(
            plan=plan,
            number=1,
            plan_date=plan_date,
            created_by=clinician,
            strengths=self.rng.choice(STRENGTHS),
            discharge_criteria="Abstinent 30 days, a working relapse-prevention plan, "
            "a support network and outpatient follow-up scheduled.",
            status=VersionStatus.ACTIVE if signed else VersionStatus.DRAFT,
        )
        self.versions.append(version)
        codes = self.rng.sample(list(library.problems()), k=self.rng.randint(2, 3))
        version.problem_list = [
            self._library_problem(version, code, position, clinician, diagnoses)
            for position, code in enumerate(codes)
        ]
        if signed:
            self.signatures.append((version, clinician, plan_date, True))
        return version

    def _key(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def _library_problem(self, version, code, position, clinician, diagnoses):
        entry = library.problems()[code]
        linked = [diagnoses[0]] if diagnoses and position == 0 else []
        problem = Problem(
            version=version,
            key=self._key(),
            position=position,
            title=entry.title,
            statement=entry.statement,
            asam_dimensions=list(entry.asam_dimensions),
            diagnoses=linked,
            library_code=code,
        )
        goal = Goal(
            version=version,
            problem=problem,
            key=self._key(),
            position=position,
            statement=entry.goal,
        )
        problem.goals_list = [goal]
        goal.objectives_list = [
            Objective(
                version=version,
                goal=goal,
                key=self._key(),
                position=n,
                text=o.text,
                measure=o.measure,
                target_date=version.plan_date + timedelta(days=o.target_days),
            )
            for n, o in enumerate(entry.objectives)
        ]
        goal.interventions_list = [
            Intervention(
                version=version,
                goal=goal,
                key=self._key(),
                position=n,
                modality=i.modality,
                setting=i.setting,
                frequency=i.frequency,
                description=i.description,
                responsible=clinician,
            )
            for n, i in enumerate(entry.interventions)
        ]
        self.problems.append(problem)
        self.goals.append(goal)
        self.objectives.extend(goal.objectives_list)
        self.interventions.extend(goal.interventions_list)
        return problem

    def _review(self, plan, source, clinician, review_on, *, signed=True):
        version = TreatmentPlanVersion(
            plan=plan,
            number=source.number + 1,
            plan_date=review_on,
            created_by=clinician,
            strengths=source.strengths,
            discharge_criteria=source.discharge_criteria,
            review_summary="Attending consistently; working on the objectives below.",
            status=VersionStatus.ACTIVE if signed else VersionStatus.DRAFT,
        )
        version.source = source  # review_of, set once both are saved
        version.rating_list = []
        if signed:
            source.status = VersionStatus.SUPERSEDED
        self.versions.append(version)
        version.problem_list = []
        for old_problem in source.problem_list:
            problem = Problem(
                version=version,
                key=old_problem.key,
                position=old_problem.position,
                title=old_problem.title,
                statement=old_problem.statement,
                asam_dimensions=old_problem.asam_dimensions,
                diagnoses=old_problem.diagnoses,
                library_code=old_problem.library_code,
            )
            problem.goals_list = [
                self._copy_goal(version, problem, g, review_on) for g in old_problem.goals_list
            ]
            version.problem_list.append(problem)
            self.problems.append(problem)
        if signed:
            self.signatures.append((version, clinician, review_on, True))
        return version

    def _copy_goal(self, version, problem, old, review_on):
        goal = Goal(
            version=version,
            problem=problem,
            key=old.key,
            position=old.position,
            statement=old.statement,
        )
        self.goals.append(goal)
        goal.objectives_list = []
        for o in old.objectives_list:
            objective = Objective(
                version=version,
                goal=goal,
                key=o.key,
                position=o.position,
                text=o.text,
                measure=o.measure,
                target_date=o.target_date,
                met_on=o.met_on,
            )
            if o.met_on is None:
                rating = self._rating()
                progress = ObjectiveProgress(version=version, objective=o, rating=rating)
                self.progress.append(progress)
                version.rating_list.append(progress)
                if rating == ProgressRating.MET:
                    objective.met_on = review_on
                elif rating == ProgressRating.REVISED:
                    objective.text = o.text.rstrip(".") + ", with help from my sponsor."
                if objective.met_on is None and objective.target_date < review_on:
                    objective.target_date = review_on + timedelta(days=30)
            goal.objectives_list.append(objective)
        goal.interventions_list = [
            Intervention(
                version=version,
                goal=goal,
                key=i.key,
                position=i.position,
                modality=i.modality,
                setting=i.setting,
                frequency=i.frequency,
                description=i.description,
                responsible=i.responsible,
            )
            for i in old.interventions_list
        ]
        self.objectives.extend(goal.objectives_list)
        self.interventions.extend(goal.interventions_list)
        return goal

    def _rating(self) -> str:
        choices, weights = zip(*RATING_WEIGHTS, strict=True)
        return self.rng.choices(choices, weights)[0]

    def _awaiting(self, version):
        for index, (v, clinician, signed_on, _) in enumerate(self.signatures):
            if v is version:
                self.signatures[index] = (v, clinician, signed_on, False)
        version.status = VersionStatus.AWAITING_CLIENT
        previous = getattr(version, "source", None)
        if previous is not None:
            previous.status = VersionStatus.ACTIVE

    # -- writing ----------------------------------------------------------------------------

    def save(self):
        # bulk_create fills each foreign key from its saved parent, keeping the cached object.
        TreatmentPlan.objects.bulk_create(self.plans)
        TreatmentPlanVersion.objects.bulk_create(self.versions, batch_size=1000)
        reviews = [v for v in self.versions if getattr(v, "source", None)]
        for version in reviews:
            version.review_of = version.source
        write_columns(TreatmentPlanVersion, reviews, ["review_of"])
        Problem.objects.bulk_create(self.problems, batch_size=2000)
        Goal.objects.bulk_create(self.goals, batch_size=2000)
        Objective.objects.bulk_create(self.objectives, batch_size=2000)
        Intervention.objects.bulk_create(self.interventions, batch_size=2000)
        ObjectiveProgress.objects.bulk_create(self.progress, batch_size=2000)
        self._sign_all()

    def _sign_all(self):
        last_signed = {}
        for version, clinician, signed_on, client_signed in self.signatures:
            rows = treatment_rows(version, version.problem_list)
            sign(version, clinician, signed_on, client_signed, rows, self.rng)
            if getattr(version, "source", None) and version.status == VersionStatus.ACTIVE:
                version.source.superseded_at = version.activated_at
            plan = version.plan
            last_signed[plan.pk] = max(last_signed.get(plan.pk, signed_on), signed_on)
        signed = [s[0] for s in self.signatures]
        write_columns(TreatmentPlanVersion, signed, SIGNATURE_FIELDS)
        for plan in self.plans:
            plan.last_signed_on = last_signed.get(plan.pk)
        write_columns(TreatmentPlan, self.plans, ["last_signed_on"])


def write_columns(model, objs, names) -> None:
    """UPDATE these columns of these rows, one prepared statement for all (Django's
    bulk_update builds a CASE per row and is slow at demo sizes). The rows are unsigned
    drafts when this runs, so the PostgreSQL triggers let the signatures in."""
    fields = [model._meta.get_field(name) for name in names]
    sets = ", ".join(f"{connection.ops.quote_name(f.column)} = %s" for f in fields)
    sql = f"UPDATE {connection.ops.quote_name(model._meta.db_table)} SET {sets} WHERE id = %s"  # noqa: S608 — names from the model
    rows = [
        [f.get_db_prep_value(getattr(obj, f.attname), connection) for f in fields] + [obj.pk]
        for obj in objs
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


SIGNATURE_FIELDS = [
    "content_hash",
    "clinician_signed_at",
    "clinician_signed_by",
    "client_signed_at",
    "client_signature_name",
    "client_signature_method",
    "client_signature_witness",
    "activated_at",
    "superseded_at",
]


def sign(version, clinician, signed_on, client_signed, rows, rng) -> None:
    """Write the signatures into an unsaved-signature version (the caller bulk-updates)."""
    at = timezone.make_aware(
        timezone.datetime.combine(signed_on, timezone.datetime.min.time())
    ) + timedelta(hours=rng.randint(10, 17))
    version.content_hash = content_hash(rows, version.plan_date)
    version.clinician_signed_at, version.clinician_signed_by = at, clinician
    if client_signed:
        client = version.plan.client
        version.client_signed_at = at + timedelta(minutes=12)
        version.client_signature_name = f"{client.first_name} {client.last_name}"
        version.client_signature_method = SignatureMethod.IN_PERSON
        version.client_signature_witness = clinician
        version.activated_at = version.client_signed_at


# ---------------------------------------------------------------------------------------------
# Relapse-prevention plans


def _pick(rng, items, low=1, high=3) -> list[str]:
    return rng.sample(items, k=rng.randint(low, min(high, len(items))))


def _supports(rng, contacts) -> list[dict]:
    with_phone = [c for c in contacts if c.phone]
    if with_phone:
        return [
            {"contact_id": c.pk, "name": c.name, "relationship": c.relationship, "phone": c.phone}
            for c in with_phone[:3]
        ]
    return [
        {
            "contact_id": None,
            "name": name.split(" (")[0],
            "relationship": name.split("(")[1].rstrip(")"),
            "phone": f"(555) 01{rng.randint(0, 9)}-{rng.randint(1000, 9999)}",
        }
        for name in _pick(rng, SUPPORT_NAMES, 2, 3)
    ]


def _relapse_content(rng, contacts, program, skills) -> dict:
    supports = _supports(rng, contacts)
    return {
        "triggers_people": _pick(rng, PEOPLE),
        "triggers_places": _pick(rng, PLACES),
        "triggers_feelings": _pick(rng, FEELINGS),
        "triggers_times": _pick(rng, TIMES, 1, 2),
        "warning_signs": _pick(rng, SIGNS, 2, 3),
        "coping_skills": rng.sample(skills, k=4),
        "coping_other": ["Text my sister a photo of my dog"] if rng.random() < 0.3 else [],
        "supports": supports,
        "reasons": _pick(rng, REASONS, 2, 3),
        "green_habits": _pick(rng, HABITS, 2, 3),
        "yellow_actions": _pick(rng, YELLOW, 2, 3),
        "yellow_calls": [p["name"] for p in supports[:2]],
        "red_steps": _pick(rng, RED, 2, 3),
        "crisis_lines": crisis_lines(program),
    }


def seed_relapse_plans(ctx: DemoContext, episodes, contacts_by_client) -> int:
    rng, today = ctx.rng, ctx.today
    program = ctx.data["program"]
    skills = list(library.skills())
    plans, versions, signatures = [], [], []
    drafted = False
    for episode in episodes:
        days_in = (today - episode.admitted_on).days
        if days_in < 8 and episode.status == "active":
            continue
        clinician = episode.primary_clinician
        plan = RelapsePreventionPlan(
            client_id=episode.client_id, program_id=episode.program_id, created_by=clinician
        )
        plan.client = episode.client
        plans.append(plan)
        content = _relapse_content(
            rng, contacts_by_client.get(episode.client_id, []), program, skills
        )
        written = episode.admitted_on + timedelta(days=rng.randint(5, 9))
        stage = rng.random() if episode.status == "active" else 0.5
        if episode.status == "active" and not drafted:
            stage, drafted = 0.0, True  # the demo always shows one plan being written
        first = RelapsePreventionVersion(
            plan=plan, number=1, plan_date=written, created_by=clinician, **content
        )
        versions.append(first)
        if stage < 0.12:
            first.status = VersionStatus.DRAFT
            continue
        first.status = VersionStatus.ACTIVE
        signatures.append((first, clinician, written))
        if stage > 0.75 and days_in > 30:
            revised = {**content, "triggers_places": [*content["triggers_places"], "Concerts"]}
            revised["red_steps"] = [*content["red_steps"], "Go to my sister's house"]
            second = RelapsePreventionVersion(
                plan=plan,
                number=2,
                plan_date=written + timedelta(days=rng.randint(14, 28)),
                created_by=clinician,
                status=VersionStatus.ACTIVE,
                **revised,
            )
            first.status = VersionStatus.SUPERSEDED
            second.source = first
            versions.append(second)
            signatures.append((second, clinician, second.plan_date))
    RelapsePreventionPlan.objects.bulk_create(plans)
    RelapsePreventionVersion.objects.bulk_create(versions, batch_size=1000)
    for version, clinician, signed_on in signatures:
        sign(version, clinician, signed_on, True, relapse_rows(version), rng)
    for version, _, _ in signatures:
        if getattr(version, "source", None):
            version.source.superseded_at = version.activated_at
    write_columns(RelapsePreventionVersion, [s[0] for s in signatures], SIGNATURE_FIELDS)
    return len(plans)


# ---------------------------------------------------------------------------------------------


def _by_client(model_name: str, client_ids, **filters) -> dict:
    """The chart's diagnoses or contacts per client, when the clients app has them."""
    try:
        model = apps.get_model("clients", model_name)
    except LookupError:
        return {}
    found: dict = {}
    for row in model.objects.filter(client_id__in=client_ids, **filters).order_by("pk"):
        found.setdefault(row.client_id, []).append(row)
    return found


def seed(ctx: DemoContext) -> None:
    episodes = [e for e in ctx.data.get("episodes", []) if e.primary_clinician_id]
    client_ids = [e.client_id for e in episodes]
    diagnoses = _by_client("Diagnosis", client_ids, status="active")
    contacts = _by_client("Contact", client_ids, active=True)
    builder = _Builder(ctx)
    late_count: dict[int, int] = {}
    for episode in episodes:
        linked = [
            {"id": d.pk, "code": d.code, "description": d.description}
            for d in diagnoses.get(episode.client_id, [])
        ]
        # Every clinician has a couple of reviews waiting, so the home panel shows them.
        eligible = episode.status == "active" and (ctx.today - episode.admitted_on).days >= 30
        late = eligible and late_count.get(episode.primary_clinician_id, 0) < 2
        if late:
            late_count[episode.primary_clinician_id] = (
                late_count.get(episode.primary_clinician_id, 0) + 1
            )
        builder.treatment_plan(episode, episode.primary_clinician, linked, late=late)
    builder.save()
    relapse = seed_relapse_plans(ctx, episodes, contacts)
    drafts = sum(1 for v in builder.versions if v.status == VersionStatus.DRAFT)
    ctx.say(
        f"Plans: {len(builder.plans)} treatment plans ({len(builder.versions)} versions, "
        f"{drafts} drafts), {relapse} relapse-prevention plans"
    )
