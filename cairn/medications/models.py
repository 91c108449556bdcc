"""Medications (with medications for addiction treatment), allergies, drug screens, the recovery
date and adherence checks (issue 10).

Nothing here is hard-deleted or silently changed (DESIGN.md principle 2): a dose change is a new
medication row that ``replaces`` the old one (which stops that day), a mistake is marked
"entered in error" with a reason, and the recovery date keeps every earlier value.
FHIR: Medication → MedicationStatement, Allergy → AllergyIntolerance, ScreenResult → Observation.
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from cairn.medications.catalog import catalog


class Route(models.TextChoices):
    ORAL = "oral", "By mouth"
    SUBLINGUAL = "sublingual", "Under the tongue (sublingual)"
    BUCCAL = "buccal", "In the cheek (buccal)"
    INTRAMUSCULAR = "intramuscular", "Injection into muscle"
    SUBCUTANEOUS = "subcutaneous", "Injection under the skin"
    TRANSDERMAL = "transdermal", "Skin patch"
    NASAL = "nasal", "Nasal"
    INHALED = "inhaled", "Inhaled"
    OTHER = "other", "Other"


class Reason(models.TextChoices):
    SUBSTANCE_USE = "substance_use", "Substance use disorder"
    CO_OCCURRING = "co_occurring", "Co-occurring condition"
    OTHER = "other", "Other"


class Medication(models.Model):
    """One medication a client takes, as prescribed from one start date. Active on a day when
    not entered in error, started on or before it and not stopped before it."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="medications"
    )
    name = models.CharField(max_length=200)
    catalog_key = models.CharField(
        max_length=60,
        blank=True,
        help_text="Entry of the program's medication list; blank means free text (not coded).",
    )
    drug_class = models.CharField(max_length=40, blank=True)
    ingredients = models.JSONField(default=list, blank=True)
    strength = models.CharField(max_length=60, blank=True)
    form = models.CharField(max_length=100, blank=True)
    dose = models.CharField(max_length=60, help_text="e.g. 1 film, 16 mg, 2 tablets")
    route = models.CharField(max_length=16, choices=Route.choices)
    frequency = models.CharField(max_length=80, help_text="e.g. once daily, every 28 days")
    prescriber = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="prescribed_medications",
        help_text="A prescriber in this program.",
    )
    outside_prescriber = models.CharField(
        max_length=200, blank=True, help_text="Name and practice, e.g. Dr. Lee, Harbor OTP."
    )
    start_date = models.DateField()
    stop_date = models.DateField(null=True, blank=True)
    stop_reason = models.CharField(max_length=300, blank=True)
    reason = models.CharField(max_length=16, choices=Reason.choices)
    reason_detail = models.CharField(
        max_length=200, blank=True, help_text="e.g. opioid use disorder, depression, sleep"
    )
    is_mat = models.BooleanField("medication for addiction treatment", default=False)
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    entered_in_error = models.BooleanField(default=False)
    error_reason = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1, help_text="Optimistic locking.")

    class Meta:
        ordering = ["-start_date", "name"]
        indexes = [models.Index(fields=["client", "start_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(stop_date__isnull=True) | Q(stop_date__gte=models.F("start_date")),
                name="medication_stop_after_start",
            ),
            models.CheckConstraint(
                condition=(Q(prescriber__isnull=False) & Q(outside_prescriber=""))
                | (Q(prescriber__isnull=True) & ~Q(outside_prescriber="")),
                name="medication_one_prescriber",
            ),
            models.CheckConstraint(
                condition=Q(is_mat=False) | Q(reason="substance_use"),
                name="medication_mat_for_substance_use",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return " ".join(part for part in (self.name, self.strength, self.form) if part)

    @property
    def coded(self) -> bool:
        """On the program's medication list (free text otherwise)."""
        return bool(self.catalog_key)

    @property
    def prescriber_label(self) -> str:
        if self.prescriber_id:
            return f"{self.prescriber.display_name} (this program)"
        return f"{self.outside_prescriber} (outside)"

    def is_active(self, on: date | None = None) -> bool:
        on = on or timezone.localdate()
        return (
            not self.entered_in_error
            and self.start_date <= on
            and (self.stop_date is None or self.stop_date >= on)
        )

    @property
    def mat_for(self) -> str:
        drug = catalog().drugs.get(self.catalog_key)
        return drug.mat if drug else ""


class Allergy(models.Model):
    """An allergy or intolerance, or the record that the client has no known allergies."""

    class Category(models.TextChoices):
        MEDICATION = "medication", "Medication"
        FOOD = "food", "Food"
        ENVIRONMENT = "environment", "Environment (latex, pollen…)"
        OTHER = "other", "Other"

    class Severity(models.TextChoices):
        MILD = "mild", "Mild"
        MODERATE = "moderate", "Moderate"
        SEVERE = "severe", "Severe (life-threatening)"
        UNKNOWN = "unknown", "Unknown"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        INACTIVE = "inactive", "No longer applies"
        ERROR = "entered_in_error", "Entered in error"

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="allergies")
    no_known_allergies = models.BooleanField(default=False)
    substance = models.CharField(max_length=200, blank=True)
    catalog_key = models.CharField(max_length=60, blank=True)
    category = models.CharField(max_length=12, choices=Category.choices, blank=True)
    reaction = models.CharField(max_length=200, blank=True, help_text="e.g. hives, anaphylaxis")
    severity = models.CharField(max_length=10, choices=Severity.choices, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    status_reason = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at"]
        indexes = [models.Index(fields=["client", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(no_known_allergies=True) | ~Q(substance=""),
                name="allergy_names_a_substance",
            )
        ]

    def __str__(self) -> str:
        return "No known allergies" if self.no_known_allergies else self.substance


class ScreenMethod(models.TextChoices):
    URINE_CUP = "urine_cup", "Urine cup (point of care)"
    LAB = "lab", "Laboratory"
    ORAL_FLUID = "oral_fluid", "Oral fluid (saliva)"


class DrugScreen(models.Model):
    """One specimen collected on a day and what it showed."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="drug_screens"
    )
    collected_on = models.DateField("collection date")
    method = models.CharField(max_length=12, choices=ScreenMethod.choices)
    observed = models.BooleanField("collection observed", default=False)
    panel = models.CharField(max_length=40)
    validity = models.JSONField(
        default=dict,
        blank=True,
        help_text="Specimen-validity check code → normal or abnormal; absent means not tested.",
    )
    validity_concern = models.BooleanField(default=False)
    lab_reference = models.CharField("lab accession number", max_length=60, blank=True)
    comment = models.CharField(max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    entered_in_error = models.BooleanField(default=False)
    error_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-collected_on", "-recorded_at"]
        indexes = [models.Index(fields=["client", "collected_on"])]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.collected_on:%Y-%m-%d}"

    @property
    def panel_label(self) -> str:
        panel = catalog().panels.get(self.panel)
        return panel.label if panel else self.panel


class Result(models.TextChoices):
    NEGATIVE = "negative", "Negative"
    POSITIVE = "positive", "Positive"
    INVALID = "invalid", "Invalid"


class Classification(models.TextChoices):
    EXPECTED = "expected", "Expected (explained by a prescription)"
    UNEXPECTED = "unexpected", "Unexpected"


class ScreenResult(models.Model):
    """One substance of a screen. A positive carries its classification: set automatically
    from the client's prescriptions, then confirmed or changed (with a reason) by a clinician."""

    screen = models.ForeignKey(DrugScreen, on_delete=models.PROTECT, related_name="results")
    analyte = models.CharField(max_length=30)
    result = models.CharField(max_length=10, choices=Result.choices)
    auto_classification = models.CharField(
        max_length=10, choices=Classification.choices, blank=True
    )
    explained_by = models.CharField(max_length=300, blank=True)
    classification = models.CharField(max_length=10, choices=Classification.choices, blank=True)
    classification_reason = models.CharField(max_length=500, blank=True)
    classified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    classified_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, help_text="Optimistic locking.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["screen", "analyte"], name="screen_result_unique"),
            models.CheckConstraint(
                condition=Q(result__in=Result.values), name="screen_result_known_value"
            ),
            models.CheckConstraint(
                condition=(Q(result="positive") & Q(classification__in=Classification.values))
                | (~Q(result="positive") & Q(classification="")),
                name="screen_result_positive_classified",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.analyte_label}: {self.get_result_display()}"

    @property
    def analyte_label(self) -> str:
        analyte = catalog().analytes.get(self.analyte)
        return analyte.label if analyte else self.analyte

    @property
    def confirmed(self) -> bool:
        return self.classified_by_id is not None

    @property
    def changed_by_clinician(self) -> bool:
        return self.confirmed and self.classification != self.auto_classification


class RecoveryDate(models.Model):
    """The client's recovery (sobriety) date as the clinician keeps it. Each change or review
    is a new row; the latest row is the current date (issue 10, point 4)."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="recovery_dates"
    )
    recovery_on = models.DateField("recovery date")
    note = models.CharField(max_length=500, blank=True)
    prompted_by = models.ForeignKey(
        DrugScreen, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        indexes = [models.Index(fields=["client", "recorded_at"])]

    def __str__(self) -> str:
        return f"{self.recovery_on:%Y-%m-%d}"

    def days_since(self, on: date | None = None) -> int:
        return ((on or timezone.localdate()) - self.recovery_on) // timedelta(days=1)


class AdherenceCheck(models.Model):
    """What is known about whether the client takes a medication as prescribed, and how it is
    known. Medication-management notes themselves belong to the notes app (see hooks.py)."""

    class Status(models.TextChoices):
        AS_PRESCRIBED = "as_prescribed", "Taking as prescribed"
        MISSED_DOSES = "missed_doses", "Missed some doses"
        NOT_TAKING = "not_taking", "Not taking"
        DOSE_CONFIRMED = "dose_confirmed", "Dose confirmed (dispensed or given)"

    class Source(models.TextChoices):
        CLIENT_REPORT = "client_report", "Client's report"
        COUNT = "count", "Pill or film count"
        DISPENSER = "dispenser", "Opioid treatment program or pharmacy confirmed"
        INJECTION = "injection", "Injection given"
        PDMP = "pdmp", "Prescription monitoring program check"
        SCREEN = "screen", "Drug screen"

    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="adherence_checks"
    )
    medication = models.ForeignKey(
        Medication,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adherence_checks",
    )
    checked_on = models.DateField()
    status = models.CharField(max_length=16, choices=Status.choices)
    source = models.CharField(max_length=16, choices=Source.choices)
    comment = models.CharField(max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-checked_on", "-recorded_at"]
        indexes = [models.Index(fields=["client", "checked_on"])]

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.checked_on:%Y-%m-%d})"
