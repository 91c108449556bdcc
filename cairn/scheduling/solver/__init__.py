"""The weekly schedule optimizer: contract format `cairn-schedule/1`, OR-Tools CP-SAT, no Django.

from cairn.scheduling.solver import solve, check
solution = solve(instance_dict, time_limit=60, workers=2, seed=1)
report = check(instance_dict, solution)   # report.ok, report.violations, report.unmet
"""

from .check import CheckReport, Violation, check
from .errors import InstanceError
from .instance import Instance, load_instance
from .solve import solve

__all__ = [
    "CheckReport",
    "Instance",
    "InstanceError",
    "Violation",
    "check",
    "load_instance",
    "solve",
]
