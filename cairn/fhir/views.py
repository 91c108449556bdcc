"""Staff pages: the program's registered FHIR system clients (program directors and admins,
``ProgramAction.CONFIGURE_PROGRAM``)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cairn.accounts import access
from cairn.accounts.decorators import staff_required
from cairn.accounts.policy import ProgramAction
from cairn.fhir import registration
from cairn.fhir.forms import SystemClientForm
from cairn.fhir.models import SystemClient


@staff_required
@require_safe
def client_list(request):
    program = access.program_for(request, ProgramAction.CONFIGURE_PROGRAM)
    clients = SystemClient.objects.filter(program=program).select_related("application")
    return render(request, "fhir/client_list.html", {"clients": clients, "program": program})


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def client_new(request):
    program = access.program_for(request, ProgramAction.CONFIGURE_PROGRAM)
    form = SystemClientForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        client, secret = registration.register_client(
            program,
            name=data["name"],
            scopes=data["scopes"],
            purpose=data["purpose"],
            recipient_kind=data["recipient_kind"],
            by=request.user,
            request=request,
        )
        response = render(request, "fhir/client_secret.html", {"client": client, "secret": secret})
        response["Cache-Control"] = "no-store"
        return response
    status = 400 if request.method == "POST" else 200
    return render(request, "fhir/client_form.html", {"form": form}, status=status)


@staff_required
@require_POST
def client_turn_off(request, system_client_id):
    program = access.program_for(request, ProgramAction.CONFIGURE_PROGRAM)
    client = SystemClient.objects.filter(program=program, pk=system_client_id).first()
    if client is None:
        from django.http import Http404

        raise Http404("Not found")
    registration.turn_off(client, by=request.user, request=request)
    messages.success(request, f"{client.name} can no longer use the API.")
    return redirect("fhir:clients")
