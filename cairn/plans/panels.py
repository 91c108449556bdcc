"""The clinician's home panel: their clients' treatment plans that need them — reviews due or
overdue, versions waiting for the client's signature, and episodes with no signed plan yet."""

from django.template.loader import render_to_string

from cairn.accounts import access
from cairn.accounts.roles import CARE_ROLES
from cairn.plans.queries import plans_needing_attention


def plans_due_panel(request) -> str:
    program_id = access.current_program_id(request)
    if program_id is None or not (request.user.roles_in(program_id) & CARE_ROLES):
        return ""
    program = getattr(request, "program", None)  # the middleware's, when it is this one
    if program is None or program.pk != program_id:
        from cairn.core.models import Program

        program = Program.objects.get(pk=program_id)
    rows = plans_needing_attention(request.user, program)
    if not rows:
        return ""
    return render_to_string("plans/_home_panel.html", {"rows": rows}, request=request)
