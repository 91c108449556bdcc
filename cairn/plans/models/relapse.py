"""The relapse-prevention plan: one per client, co-written with the client, in versions like the
treatment plan. Its sections are short lists in the client's words, so each is a JSON list of
strings (support people are small objects with a phone number)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from cairn.plans.models.base import OPEN_STATUSES, SignedVersion, VersionStatus

#: Section field → heading, in the order the plan reads. Each is a list of short texts.
TEXT_SECTIONS = {
    "triggers_people": "People",
    "triggers_places": "Places",
    "triggers_feelings": "Feelings",
    "triggers_times": "Times",
    "warning_signs": "Early warning signs",
    "coping_other": "Other things that work for me",
    "reasons": "My reasons for recovery",
    "green_habits": "Green — doing well: my daily habits",
    "yellow_actions": "Yellow — warning signs: what I will do",
    "yellow_calls": "Yellow — whom I will call",
    "red_steps": "Red — using or about to: my immediate steps",
}
TRIGGER_FIELDS = ("triggers_people", "triggers_places", "triggers_feelings", "triggers_times")


class RelapsePreventionPlan(models.Model):
    client = models.OneToOneField(
        "clients.Client", on_delete=models.PROTECT, related_name="relapse_prevention_plan"
    )
    program = models.ForeignKey("core.Program", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"Relapse-prevention plan — {self.client}"


class RelapsePreventionVersion(SignedVersion):
    plan = models.ForeignKey(
        RelapsePreventionPlan, on_delete=models.PROTECT, related_name="versions"
    )
    triggers_people = models.JSONField(default=list, blank=True)
    triggers_places = models.JSONField(default=list, blank=True)
    triggers_feelings = models.JSONField(default=list, blank=True)
    triggers_times = models.JSONField(default=list, blank=True)
    warning_signs = models.JSONField(default=list, blank=True)
    coping_skills = models.JSONField(
        default=list, blank=True, help_text="Codes of skills from the library (skills.json)."
    )
    coping_other = models.JSONField(default=list, blank=True)
    supports = models.JSONField(
        default=list,
        blank=True,
        help_text='Sober support network: [{"contact_id", "name", "relationship", "phone"}].',
    )
    reasons = models.JSONField(default=list, blank=True)
    green_habits = models.JSONField(default=list, blank=True)
    yellow_actions = models.JSONField(default=list, blank=True)
    yellow_calls = models.JSONField(default=list, blank=True)
    red_steps = models.JSONField(default=list, blank=True)
    crisis_lines = models.JSONField(
        default=list,
        blank=True,
        help_text='[{"name", "phone"}]; 988 is always among them.',
    )

    class Meta(SignedVersion.Meta):
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="rp_version_number_unique"),
            models.UniqueConstraint(
                fields=["plan"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="rp_one_open_version",
            ),
            models.UniqueConstraint(
                fields=["plan"],
                condition=models.Q(status=VersionStatus.ACTIVE),
                name="rp_one_active_version",
            ),
        ]

    @property
    def client_id(self) -> int:
        return self.plan.client_id

    @property
    def triggers(self) -> list[tuple[str, list[str]]]:
        return [(TEXT_SECTIONS[name], getattr(self, name)) for name in TRIGGER_FIELDS]

    @property
    def coping_skill_names(self) -> list[str]:
        from cairn.plans.library import skills

        known = skills()
        return [known[code].name for code in self.coping_skills if code in known]
