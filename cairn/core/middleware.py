"""Per-request program context: ``request.program`` and its time zone (DESIGN.md principle 7:
store UTC, show the program's local time)."""

from django.utils import timezone


def _current_program(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    from cairn.accounts.access import current_program_id
    from cairn.core.models import Program

    program_id = current_program_id(request)
    if program_id is None:
        return None
    return Program.objects.select_related("organization").filter(pk=program_id).first()


class ProgramTimezoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.program = _current_program(request)
        # The door's ``program_for`` reuses it rather than reading the program again.
        request._cairn_program = request.program
        if request.program is not None:
            timezone.activate(request.program.tz)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
