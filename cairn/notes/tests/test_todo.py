"""The to-do lists of My notes and the home panel, written in Python for speed: they must read
as the former template did (``FORMER``: notes/_todo_lists.html without the indentation and line
breaks between its tags)."""

from datetime import timedelta

from django.template import Context, Template
from django.utils import timezone

from cairn.notes import group, timeliness
from cairn.notes.tests.factories import make_note
from cairn.notes.todo import todo_lists
from cairn.testing.cases import CastTestCase
from cairn.testing.sessions import make_session

FORMER = Template(
    "{% if drafts or group_drafts %}"
    '<h3 class="h6 mt-2">Drafts</h3>\n<ul class="list-unstyled todo-list">'
    "{% for note in group_drafts %}<li><a href=\"{% url 'notes:group' note.session_id %}\">"
    'Group: {{ note.session.label }}</a> <span class="muted">{{ note.starts_at|date:"D M j" }}'
    '</span> {% if note.is_overdue %}<span class="badge badge-urgent">Overdue</span>{% else %}'
    '<span class="muted small">due {{ note.due_at|date:"D M j, H:i" }}</span>{% endif %}</li>'
    "{% endfor %}{% for note in drafts %}<li><a href=\"{% url 'notes:edit' note.pk %}\">"
    "{{ note.client.display_name }}: {{ note.type_label|lower }}</a> "
    '<span class="muted">{{ note.starts_at|date:"D M j" }}</span> {% if note.is_overdue %}'
    '<span class="badge badge-urgent">Overdue</span>{% else %}<span class="muted small">due '
    '{{ note.due_at|date:"D M j, H:i" }}</span>{% endif %}</li>{% endfor %}</ul>\n{% endif %}'
    "{% if needing %}"
    '<h3 class="h6 mt-2">Sessions needing a note</h3>\n<ul class="list-unstyled todo-list">'
    '{% for item in needing %}<li>{% if item.session.kind == "group" %}'
    "<a href=\"{% url 'notes:group' item.session.pk %}\">Group: {{ item.session.label }}</a>"
    "{% else %}{% for booking in item.session.booked %}"
    "<a href=\"{% url 'notes:new' booking.client_id %}?session={{ item.session.pk }}\">"
    "{{ booking.client.display_name }}: {{ item.session.label|lower }}</a>"
    "{% if not forloop.last %}, {% endif %}{% endfor %}{% endif %} "
    '<span class="muted">{{ item.session.starts_at|date:"D M j, H:i" }}</span> '
    '{% if item.is_overdue %}<span class="badge badge-urgent">Overdue</span>{% else %}'
    '<span class="muted small">due {{ item.due_at|date:"D M j, H:i" }}</span>{% endif %}</li>'
    "{% endfor %}</ul>\n{% endif %}"
)


class TodoListsTest(CastTestCase):
    def test_it_reads_as_the_former_template(self):
        c = self.cast
        c.client.preferred_name = "<i>Jo</i>"
        c.client.save()
        make_note(c.client, c.clinician, ends_at=timezone.now() - timedelta(days=5))  # overdue
        make_note(c.client, c.clinician)
        session = make_session(c.program, c.clinician, clients=[c.client])
        group.start_group_note(session, by=c.clinician, fmt="GIRP")
        for day, kind in ((2, "group"), (3, "individual"), (4, "family")):
            make_session(
                c.program,
                c.clinician,
                clients=[c.client, c.other_client],
                day=timezone.localdate() - timedelta(days=day),
                kind=kind,
            )
        drafts = timeliness.my_draft_notes(c.clinician)
        groups = timeliness.my_draft_group_notes(c.clinician)
        needing = timeliness.sessions_needing_note(c.clinician)
        self.assertTrue(drafts and groups and needing)
        context = {"drafts": drafts, "group_drafts": groups, "needing": needing}
        html = str(todo_lists(drafts, groups, needing))
        self.assertEqual(html, FORMER.render(Context(context)))
        self.assertIn("&lt;i&gt;Jo&lt;/i&gt;", html)
        self.assertIn("Overdue", html)

    def test_it_is_empty_when_there_is_nothing_to_write(self):
        self.assertEqual(str(todo_lists([], [], [])), FORMER.render(Context({})))
