"""The staff roles of DESIGN.md. A user may hold several, each in a given program."""

from django.db import models


class Role(models.TextChoices):
    INTAKE = "intake", "Intake coordinator"
    CLINICIAN = "clinician", "Clinician"
    SUPERVISOR = "supervisor", "Clinical supervisor"
    PRESCRIBER = "prescriber", "Prescriber / nurse"
    DIRECTOR = "director", "Program director"
    BILLER = "biller", "Biller"
    ADMIN = "admin", "Administrator"


#: Roles that provide care and so may be on a care team or open a chart in an emergency.
CARE_ROLES = frozenset({Role.CLINICIAN, Role.SUPERVISOR, Role.PRESCRIBER})
