"""A program's assessment configuration: its schedule and its settings (issue 8, points 4-5).

Both are program configuration, changed by the director or an administrator; each change is
one transaction with its audit event, which records what the schedule became.
"""

from __future__ import annotations

from django.db import transaction

from cairn.assessments.instruments import get_instrument
from cairn.assessments.models import AssessmentSettings, ScheduleRule
from cairn.assessments.scoring import score_cssrs
from cairn.audit.log import record


def save_schedule(
    program, rules: dict[str, tuple[bool, int | None, bool, str]], *, by, request=None
) -> list[ScheduleRule]:
    """Set when each instrument is due: ``{code: (at intake, every N days or None, at
    discharge, after the safety flag of instrument code or "")}``. Instruments left out are
    not scheduled. Once saved, the program no longer follows the defaults."""
    for code, (_, every, _, after) in rules.items():
        get_instrument(code)
        if after and (after == code or not get_instrument(after).critical_flags):
            raise ValueError(f"{code}: {after!r} raises no safety flag to follow")
        if every is not None and not 1 <= every <= 365:
            raise ValueError(f"{code}: repeat every 1 to 365 days")
    with transaction.atomic():
        ScheduleRule.objects.filter(program=program).exclude(instrument__in=rules).delete()
        saved = []
        for code, (intake, every, discharge, after) in rules.items():
            rule, _ = ScheduleRule.objects.update_or_create(
                program=program,
                instrument=code,
                defaults={
                    "at_intake": intake,
                    "every_days": every,
                    "at_discharge": discharge,
                    "after_critical": after,
                },
            )
            saved.append(rule)
        record(
            "assessment.schedule_change",
            request=request,
            actor=by,
            program_id=program.pk,
            object_type="core.program",
            object_id=program.pk,
            detail={"rules": {code: list(values) for code, values in rules.items()}},
        )
    return saved


def save_settings(
    program,
    *,
    by,
    on_call_clinician=None,
    grace_days: int = 3,
    cssrs_risk_by_item: dict[str, str] | None = None,
    request=None,
) -> AssessmentSettings:
    if cssrs_risk_by_item is not None:  # refuses a mapping that is incomplete or unknown
        score_cssrs({"1": False, "2": False, "6": False}, risk_by_item=cssrs_risk_by_item)
    with transaction.atomic():
        settings, _ = AssessmentSettings.objects.update_or_create(
            program=program,
            defaults={
                "on_call_clinician": on_call_clinician,
                "grace_days": grace_days,
                "cssrs_risk_by_item": cssrs_risk_by_item,
            },
        )
        record(
            "assessment.settings_change",
            request=request,
            actor=by,
            obj=settings,
            program_id=program.pk,
            detail={
                "on_call_clinician": on_call_clinician.pk if on_call_clinician else None,
                "grace_days": grace_days,
                "cssrs_custom": cssrs_risk_by_item is not None,
            },
        )
    return settings
