"""URL-walk registry (cairn/testing/urlwalk.py): ids of plan objects in another program."""

from cairn.plans.models import Objective, RelapsePreventionVersion, TreatmentPlanVersion
from cairn.testing.plans import make_relapse_plan, make_treatment_plan


def _version(cast) -> TreatmentPlanVersion:
    found = TreatmentPlanVersion.objects.filter(plan__client=cast.foreign_client).first()
    return found or make_treatment_plan(cast.foreign_client, by=cast.outsider)


def _objective(cast) -> Objective:
    return Objective.objects.filter(version=_version(cast)).first()


def _rp_version(cast) -> RelapsePreventionVersion:
    found = RelapsePreventionVersion.objects.filter(plan__client=cast.foreign_client).first()
    return found or make_relapse_plan(cast.foreign_client, by=cast.outsider)


KWARG_OBJECTS = {
    "version_id": lambda cast: _version(cast).pk,
    "kind": lambda cast: "goal",
    "item_id": lambda cast: _objective(cast).goal_id,
    "objective_id": lambda cast: _objective(cast).pk,
    "rp_version_id": lambda cast: _rp_version(cast).pk,
}
