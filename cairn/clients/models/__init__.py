"""The client registry, episodes of care and care teams, the support network, coverage and
diagnoses. The access policy (accounts/policy.py) needs only a client's program, care team and
supervision; everything else here is the chart."""

from cairn.clients.models.diagnoses import Diagnosis
from cairn.clients.models.episodes import (
    AftercareItem,
    DischargeType,
    Episode,
    EpisodeChange,
    HoursMinimum,
    LevelOfCare,
    ReferralSource,
    level_rank,
)
from cairn.clients.models.network import Contact, Coverage
from cairn.clients.models.registry import CareTeamMember, Client, RecordNumberSequence

__all__ = [
    "AftercareItem",
    "CareTeamMember",
    "Client",
    "Contact",
    "Coverage",
    "Diagnosis",
    "DischargeType",
    "Episode",
    "EpisodeChange",
    "HoursMinimum",
    "LevelOfCare",
    "RecordNumberSequence",
    "ReferralSource",
    "level_rank",
]
