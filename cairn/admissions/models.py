"""Pre-admission records: inquiries and their pipeline, follow-ups, screening and the
level-of-care assessment. An inquiry belongs to a program (policy: ProgramAction.VIEW_ADMISSIONS
and MANAGE_ADMISSIONS) until admission links it to the client it became."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from cairn.clients.models import LevelOfCare, ReferralSource


class Substance(models.TextChoices):
    ALCOHOL = "alcohol", "Alcohol"
    OPIOIDS = "opioids", "Opioids (heroin, fentanyl, pain pills)"
    STIMULANTS = "stimulants", "Stimulants (cocaine, methamphetamine)"
    CANNABIS = "cannabis", "Cannabis"
    BENZODIAZEPINES = "benzodiazepines", "Benzodiazepines"
    OTHER = "other", "Other"


class Inquiry(models.Model):
    """First contact about a prospective client, carried through the pipeline
    (``admissions.pipeline.TRANSITIONS``): new → screening → assessment scheduled → assessed →
    admitted / waitlisted / referred elsewhere / closed."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        SCREENING = "screening", "Screening"
        ASSESSMENT_SCHEDULED = "assessment_scheduled", "Assessment scheduled"
        ASSESSED = "assessed", "Assessed"
        ADMITTED = "admitted", "Admitted"
        WAITLISTED = "waitlisted", "Waitlisted"
        REFERRED = "referred", "Referred elsewhere"
        CLOSED = "closed", "Closed"

    class Urgency(models.TextChoices):
        ROUTINE = "routine", "Routine"
        SOON = "soon", "Soon (within a few days)"
        URGENT = "urgent", "Urgent (today)"

    program = models.ForeignKey("core.Program", on_delete=models.PROTECT, related_name="inquiries")
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.NEW)
    status_changed_at = models.DateTimeField(default=timezone.now)
    received_at = models.DateTimeField("received", default=timezone.now)
    # Who called
    caller_name = models.CharField(
        max_length=200, blank=True, help_text="Leave empty when the person called for themself."
    )
    caller_relationship = models.CharField(
        "caller's relationship", max_length=80, blank=True, help_text="e.g. mother, counselor"
    )
    caller_phone = models.CharField(max_length=40, blank=True)
    # The prospective client
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    pronouns = models.CharField(max_length=40, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    # Referral
    referral_source = models.CharField(max_length=20, choices=ReferralSource.choices)
    referring_organization = models.CharField(
        max_length=200, blank=True, help_text="The program, court or employer that referred."
    )
    referring_contact = models.CharField("referring person and phone", max_length=200, blank=True)
    substances = models.JSONField("substances of concern", default=list, blank=True)
    insurance_payer = models.CharField("insurance (as told)", max_length=200, blank=True)
    insurance_member_id = models.CharField("member ID (as told)", max_length=60, blank=True)
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE)
    notes = models.TextField(blank=True)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="coordinated_inquiries",
        help_text="Owns the follow-ups.",
    )
    # Assessment appointment
    assessment_at = models.DateTimeField("assessment appointment", null=True, blank=True)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Outcome
    outcome_note = models.TextField(blank=True)
    referred_to = models.CharField(max_length=200, blank=True)
    client = models.ForeignKey(
        "clients.Client",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inquiries",
    )
    episode = models.OneToOneField(
        "clients.Episode",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inquiry",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, help_text="Optimistic locking.")

    class Meta:
        verbose_name_plural = "inquiries"
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["program", "status", "received_at"], name="inquiry_board_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="admitted") | models.Q(episode__isnull=False),
                name="inquiry_admitted_has_episode",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.preferred_name and self.preferred_name != self.first_name:
            return f"{self.preferred_name} ({self.first_name}) {self.last_name}"
        return f"{self.first_name} {self.last_name}"

    def days_in_status(self, now=None) -> int:
        return ((now or timezone.now()) - self.status_changed_at).days

    @property
    def substance_labels(self) -> list[str]:
        labels = dict(Substance.choices)
        return [labels.get(code, code) for code in self.substances]


class InquiryEvent(models.Model):
    """One step of an inquiry's pipeline history (who moved it, when, why)."""

    inquiry = models.ForeignKey(Inquiry, on_delete=models.PROTECT, related_name="events")
    from_status = models.CharField(max_length=24, choices=Inquiry.Status.choices, blank=True)
    to_status = models.CharField(max_length=24, choices=Inquiry.Status.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.inquiry}: {self.from_status or '—'} → {self.to_status}"


class FollowUp(models.Model):
    """Links a worklist task (owner, due date, completion note) to the inquiry it is about."""

    inquiry = models.ForeignKey(Inquiry, on_delete=models.PROTECT, related_name="follow_ups")
    task = models.OneToOneField(
        "worklist.Task", on_delete=models.PROTECT, related_name="inquiry_follow_up"
    )

    def __str__(self) -> str:
        return f"Follow-up on {self.inquiry}"


class Screening(models.Model):
    """Pre-admission screening for IOP fit (admissions/screening.py holds the questions and
    the rule that turns the answers into a recommendation)."""

    class Recommendation(models.TextChoices):
        FITS_IOP = "fits_iop", "IOP looks right: go on to a level-of-care assessment"
        REFER_HIGHER = "refer_higher", "Refer to a higher level of care"
        REVIEW = "review", "IOP may not fit: review with the client before assessing"

    inquiry = models.ForeignKey(Inquiry, on_delete=models.PROTECT, related_name="screenings")
    screened_at = models.DateTimeField(default=timezone.now)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    stepping_down = models.BooleanField()
    needs_structure = models.BooleanField()
    safe_housing = models.BooleanField()
    withdrawal_risk = models.BooleanField()
    imminent_risk = models.BooleanField()
    can_attend = models.BooleanField()
    notes = models.TextField(blank=True)
    recommendation = models.CharField(max_length=16, choices=Recommendation.choices)
    reasons = models.JSONField(default=list, help_text="Why, one line per answer that counted.")

    class Meta:
        ordering = ["-screened_at"]

    def __str__(self) -> str:
        return f"Screening of {self.inquiry} on {self.screened_at:%Y-%m-%d}"


def _rating_field():
    return models.PositiveSmallIntegerField(choices=[(n, str(n)) for n in range(5)])


class LevelOfCareAssessment(models.Model):
    """The six ASAM dimensions rated 0–4 with a narrative each, the recommended level derived by
    ``admissions.asam.recommend`` (its derivation kept as recorded), and the clinician's
    decision — with the reason whenever it differs from the recommendation."""

    inquiry = models.ForeignKey(Inquiry, on_delete=models.PROTECT, related_name="assessments")
    edition = models.CharField("ASAM edition", max_length=1)
    assessed_on = models.DateField()
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    d1_rating = _rating_field()
    d1_narrative = models.TextField()
    d2_rating = _rating_field()
    d2_narrative = models.TextField()
    d3_rating = _rating_field()
    d3_narrative = models.TextField()
    d4_rating = _rating_field()
    d4_narrative = models.TextField()
    d5_rating = _rating_field()
    d5_narrative = models.TextField()
    d6_rating = _rating_field()
    d6_narrative = models.TextField()
    recommended_level = models.CharField(max_length=4, choices=LevelOfCare.choices)
    derivation = models.JSONField(default=list, help_text="How the recommendation was derived.")
    decided_level = models.CharField(max_length=4, choices=LevelOfCare.choices)
    decision_reason = models.TextField(blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decided_level=models.F("recommended_level"))
                | ~models.Q(decision_reason=""),
                name="assessment_reason_when_decision_differs",
            ),
            *[
                models.CheckConstraint(
                    condition=models.Q(**{f"d{n}_rating__lte": 4}),
                    name=f"assessment_d{n}_rating_0_to_4",
                )
                for n in range(1, 7)
            ],
        ]

    def __str__(self) -> str:
        return f"Assessment of {self.inquiry} on {self.assessed_on:%Y-%m-%d}"

    def ratings(self) -> dict[int, int]:
        return {n: getattr(self, f"d{n}_rating") for n in range(1, 7)}

    def findings(self) -> list[dict]:
        """The recorded derivation rows, each with its dimension's narrative."""
        return [
            {**row, "narrative": getattr(self, f"d{row['dimension']}_narrative")}
            for row in self.derivation
        ]

    @property
    def decision_differs(self) -> bool:
        return self.decided_level != self.recommended_level
