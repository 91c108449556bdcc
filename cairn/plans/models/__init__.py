from cairn.plans.models.base import (
    EditConflict,
    PlanLocked,
    PlanRefused,
    SignatureMethod,
    VersionStatus,
)
from cairn.plans.models.program import PlanSettings
from cairn.plans.models.relapse import RelapsePreventionPlan, RelapsePreventionVersion
from cairn.plans.models.treatment import (
    Goal,
    Intervention,
    Objective,
    ObjectiveProgress,
    Problem,
    ProgressRating,
    TreatmentPlan,
    TreatmentPlanVersion,
)

__all__ = [
    "EditConflict",
    "Goal",
    "Intervention",
    "Objective",
    "ObjectiveProgress",
    "PlanLocked",
    "PlanRefused",
    "PlanSettings",
    "Problem",
    "ProgressRating",
    "RelapsePreventionPlan",
    "RelapsePreventionVersion",
    "SignatureMethod",
    "TreatmentPlan",
    "TreatmentPlanVersion",
    "VersionStatus",
]
