"""The words of a Part 2 consent: kinds of information, recipients, purposes, expiry events,
signers, and the notices (42 CFR 2.31, 2.32; ../shared/DOMAIN.md).

Kinds of information ("categories") are fixed here because a client signs up to them by name;
what each one *contains* is supplied by the app that keeps those records (``categories.py``).
"""

from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    description: str  # as printed on the consent form ("specific and meaningful", §2.31(a)(3))
    order: int
    #: Released only under a consent naming this category alone (SUD counseling notes).
    separate: bool = False


COUNSELING_NOTES = "counseling_notes"

CATEGORIES: dict[str, Category] = {
    c.key: c
    for c in [
        Category(
            "demographics",
            "Identity",
            "that I am a client of this program, my name, date of birth and record number",
            0,
        ),
        Category(
            "attendance",
            "Attendance and dates",
            "my dates of admission and discharge and the dates and times of the sessions I "
            "was scheduled for and attended",
            10,
        ),
        Category("diagnoses", "Diagnoses", "my diagnoses (ICD-10-CM codes and names)", 20),
        Category(
            "treatment_plan",
            "Treatment plan",
            "my treatment plan: problems, goals, objectives and services",
            30,
        ),
        Category(
            "progress_notes",
            "Progress notes",
            "signed notes of my individual, group and family sessions (not SUD counseling notes)",
            40,
        ),
        Category(
            "assessments",
            "Assessments",
            "standardized questionnaires I completed (such as PHQ-9, GAD-7) and their scores",
            50,
        ),
        Category(
            "drug_screens",
            "Drug screen results",
            "the dates, kinds and results of my drug screens",
            60,
        ),
        Category(
            "medications",
            "Medications",
            "my medications (including medications for addiction treatment) and allergies",
            70,
        ),
        Category(
            "discharge_summary",
            "Discharge summary",
            "my discharge summary and aftercare plan",
            80,
        ),
        Category(
            COUNSELING_NOTES,
            "SUD counseling notes",
            "my counselor's separate notes analyzing the conversations in my counseling "
            "sessions (SUD counseling notes)",
            90,
            separate=True,
        ),
    ]
}


def category_choices(*, include_separate: bool = True) -> list[tuple[str, str]]:
    return [
        (c.key, c.label)
        for c in sorted(CATEGORIES.values(), key=lambda c: c.order)
        if include_separate or not c.separate
    ]


def ordered(keys) -> list[str]:
    """Category keys in the consent form's order (unknown keys dropped)."""
    return [k for k in sorted(set(keys), key=lambda k: CATEGORIES[k].order) if k in CATEGORIES]


def labels(keys) -> list[str]:
    return [CATEGORIES[k].label for k in ordered(keys)]


class RecipientKind(models.TextChoices):
    FAMILY = "family", "Family member"
    SOBER_SUPPORT = "sober_support", "Sober support (sponsor, peer, mentor)"
    FRIEND = "friend", "Friend"
    TREATING_PROVIDER = "treating_provider", "Treating provider"
    REFERRING_PROGRAM = "referring_program", "Referring program"
    INSURER = "insurer", "Health plan or payer"
    COURT = "court", "Court, probation or parole"
    EMPLOYER = "employer", "Employer"
    TPO_CLASS = "tpo", "Treatment, payment and operations (class of recipients)"
    MEDICAL_PERSONNEL = "medical", "Medical personnel in an emergency"
    OTHER = "other", "Other"


#: Recipients a single TPO consent covers (§2.31(a)(4)(i)).
TPO_RECIPIENT_KINDS = frozenset(
    {
        RecipientKind.TREATING_PROVIDER,
        RecipientKind.REFERRING_PROGRAM,
        RecipientKind.INSURER,
        RecipientKind.TPO_CLASS,
    }
)

#: The recipient wording of a single consent for treatment, payment and health care operations.
TPO_RECIPIENTS = (
    "my treating providers, health plans, third-party payers, and people helping to operate "
    "this program"
)

#: §2.31(a)(4)(iii): a TPO consent to covered entities says records may be redisclosed under HIPAA.
TPO_REDISCLOSURE = (
    "My records may be redisclosed by recipients that are covered entities or business "
    "associates as the HIPAA rules allow, except for uses and disclosures in civil, criminal, "
    "administrative or legislative proceedings against me."
)


class Purpose(models.TextChoices):
    PATIENT_REQUEST = "patient_request", "At the request of the client"
    TPO = "tpo", "Treatment, payment and health care operations"
    TREATMENT = "treatment", "Treatment and coordination of care"
    PAYMENT = "payment", "Payment"
    OPERATIONS = "operations", "Health care operations"
    FAMILY_SUPPORT = "family_support", "Family involvement and recovery support"
    LEGAL = "legal", "Court, probation or parole (criminal justice)"
    EMPLOYMENT = "employment", "Employment (return to work, fitness for duty)"
    MEDICAL_EMERGENCY = "medical_emergency", "Medical emergency (42 CFR 2.51)"
    OTHER = "other", "Other (describe)"


#: Purposes a TPO consent covers.
TPO_PURPOSES = frozenset({Purpose.TPO, Purpose.TREATMENT, Purpose.PAYMENT, Purpose.OPERATIONS})

#: Purposes a consent may state (an emergency disclosure needs no consent).
CONSENT_PURPOSES = [(v, label) for v, label in Purpose.choices if v != Purpose.MEDICAL_EMERGENCY]


class ExpiryEvent(models.TextChoices):
    NONE_SET = "", "A date (below)"
    END_OF_TREATMENT = "end_of_treatment", "End of treatment (discharge from this episode)"
    OTHER = "other", "Another event (describe)"
    NO_EXPIRY = "none", "None (TPO consents only)"


class SignerKind(models.TextChoices):
    CLIENT = "client", "The client"
    REPRESENTATIVE = "representative", "An authorized representative"


class SignatureMethod(models.TextChoices):
    ON_SCREEN = "on_screen", "On screen, in the program"
    PAPER = "paper", "On paper (kept in the paper record)"
    PORTAL = "portal", "In the client portal"


class RevocationHow(models.TextChoices):
    IN_PERSON = "in_person", "Written and signed in person"
    LETTER = "letter", "By letter"
    PORTAL = "portal", "Through the client portal"
    EMAIL = "email", "By e-mail (signed statement attached)"
    FAX = "fax", "By fax"


def revocation_statement(program) -> str:
    """The default wording of the right to revoke and how (§2.31(a)(6))."""
    where = f"{program.name}, {program.address}" if program.address else program.name
    return (
        "I may revoke this consent at any time, in writing: by giving or sending a signed "
        f"statement to {where}, or through the client portal. Revoking it stops any later "
        "disclosure at once; it does not undo disclosures already made in reliance on it."
    )


def discloser(program) -> str:
    """Who may disclose (§2.31(a)(2)): the program that keeps the record."""
    return f"{program.name}, {program.address}" if program.address else program.name


# The notice that accompanies each disclosure made with consent (42 CFR 2.32(a), as amended by
# the 2024 final rule, 89 FR 12472). Statement 2, the short form, is printed on every page of a
# package; Statement 1, the full form, on its cover.
NOTICE_SHORT = "42 CFR part 2 prohibits unauthorized use or disclosure of these records."
NOTICE_FULL = (
    "This record which has been disclosed to you is protected by Federal confidentiality rules "
    "(42 CFR part 2). These rules prohibit you from using or disclosing this record, or "
    "testimony that describes the information contained in this record, in any civil, "
    "criminal, administrative, or legislative proceedings by any Federal, State, or local "
    "authority, against the patient, unless authorized by the consent of the patient, except "
    "as provided at 42 CFR 2.12(c)(5) or as authorized by a court in accordance with 42 CFR "
    "2.64 or 2.65. In addition, the Federal rules prohibit you from making any other use or "
    "disclosure of this record unless at least one of the following applies: (i) Further use "
    "or disclosure is expressly permitted by the written consent of the individual whose "
    "information is being disclosed in this record or as otherwise permitted by 42 CFR part 2. "
    "(ii) You are a covered entity or business associate and have received the record for "
    "treatment, payment, or health care operations, or (iii) You have received the record "
    "from a covered entity or business associate as permitted by 45 CFR part 164, subparts A "
    "and E. A general authorization for the release of medical or other information is NOT "
    "sufficient to meet the required elements of written consent to further use or redisclose "
    "the record (see 42 CFR 2.31)."
)

#: FHIR security labels for records exported under Part 2 (DOMAIN.md; DS4P).
SECURITY_LABELS = [
    {
        "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
        "code": "42CFRPart2",
        "display": "42 CFR Part2",
    },
    {
        "system": "http://terminology.hl7.org/CodeSystem/v3-Confidentiality",
        "code": "R",
        "display": "restricted",
    },
    {
        "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
        "code": "NORDSCLCD",
        "display": "no redisclosure without consent directive",
    },
]
