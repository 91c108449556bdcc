"""The standard IOP group catalog (DOMAIN.md: process, relapse prevention, coping skills, 12-step
and non-12-step support, family education, and the holistic options). Rules as data: a program
loads it once and then edits its own copy (sizes, qualifications, what is required)."""

from cairn.scheduling.models import BASE_QUALIFICATIONS

#: code, name, qualification, min size, max size, required per week, description
CATALOG = [
    ("process", "Process group", "group", 3, 12, 0, "Members work through what comes up."),
    (
        "relapse_prevention",
        "Relapse prevention",
        "group",
        3,
        12,
        1,
        "Triggers, warning signs and a personal action plan.",
    ),
    ("coping_skills", "Coping-skills training", "group", 3, 12, 0, "CBT and DBT skills practice."),
    ("twelve_step", "12-step support", "group", 3, 15, 0, "Step work and sponsorship."),
    (
        "non_twelve_step",
        "Non-12-step support",
        "group",
        3,
        15,
        0,
        "SMART Recovery and other mutual-help approaches.",
    ),
    (
        "family_education",
        "Family education",
        "family",
        3,
        16,
        0,
        "Addiction as a family illness, enabling and boundaries.",
    ),
    ("mindfulness", "Mindfulness and meditation", "mindfulness", 3, 14, 0, ""),
    ("yoga", "Yoga and exercise", "yoga", 3, 12, 0, ""),
    ("expressive_arts", "Art or music therapy", "expressive_arts", 3, 10, 0, ""),
    ("nutrition", "Nutrition", "nutrition", 3, 14, 0, "Nutritional counseling in recovery."),
]

QUALIFICATION_LABELS = {
    **BASE_QUALIFICATIONS,
    "mindfulness": "Mindfulness or meditation teacher",
    "yoga": "Yoga or fitness instructor",
    "expressive_arts": "Art or music therapist",
    "nutrition": "Nutritionist or dietitian",
}


def qualification_choices(program) -> list[tuple[str, str]]:
    """Every qualification the program's staff may hold: the base ones, the catalog's, and any
    a group type of the program names."""
    from cairn.scheduling.models import GroupType

    codes = dict(QUALIFICATION_LABELS)
    for code in GroupType.objects.filter(program=program).values_list("qualification", flat=True):
        codes.setdefault(code, code.replace("_", " ").capitalize())
    return list(codes.items())
