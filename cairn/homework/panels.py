"""The portal home's "To do" panel: open homework and the questionnaires due (issue 11)."""

from django.template.loader import render_to_string

from cairn.homework import queries, questionnaires


def portal_todo(request, client) -> str:
    """``client`` is the portal user's own, already through the door (portal registry)."""
    homework = queries.open_for_client(client)
    due = questionnaires.for_portal(client)
    if not homework and not due:
        return ""
    return render_to_string(
        "homework/_home_panel.html",
        {"homework": homework, "questionnaires": due},
        request=request,
    )
