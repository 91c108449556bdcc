"""Weekly hours against the minimum (issue 6 point 2): scheduled, attended, minimum, the
step-down allowance from configuration rows, at-risk weeks, and a fixed number of queries."""

from datetime import date, timedelta
from decimal import Decimal

from django.db import connection
from django.template import Context, Template
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from cairn.attendance import compliance
from cairn.attendance.models import HoursRule
from cairn.attendance.recording import Mark, record_attendance
from cairn.attendance.rules import default_minimum
from cairn.attendance.tests.helpers import MONDAY, NOW, make_world, session_on
from cairn.clients.models import Client, Episode

WEEKS = [date(2026, 2, 16), date(2026, 2, 23), date(2026, 3, 2)]
P, E, U = "present", "absent_excused", "absent_unexcused"


class BoardTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.program, cls.staff, clients = make_world(clients=3)
        cls.a, cls.b, cls.c = clients
        Episode.objects.update(admitted_on=WEEKS[0])
        plan = {  # Monday, Wednesday, Friday of each past week
            WEEKS[0]: {cls.a: [P, P, P], cls.b: [P, P, P], cls.c: [P, P, E]},
            WEEKS[1]: {cls.a: [P, P, P], cls.b: [P, P, P], cls.c: [P, P, E]},
            WEEKS[2]: {cls.a: [P, P, P], cls.b: [P, P, E], cls.c: [P, P, E]},
        }
        for monday, marks in plan.items():
            for n, offset in enumerate((0, 2, 4)):
                cls._take(monday + timedelta(offset), {c: s[n] for c, s in marks.items()})
        cls._take(MONDAY, {cls.a: P, cls.b: U, cls.c: P})
        for offset in (3, 4):  # Thursday and Friday of this week: still to come
            session_on(cls.program, cls.staff, clients, MONDAY + timedelta(offset))

    @classmethod
    def _take(cls, day, statuses):
        session = session_on(cls.program, cls.staff, list(statuses), day)
        marks = [Mark(client.pk, status) for client, status in statuses.items()]
        record_attendance(session, marks, by=cls.staff, now=NOW)

    def _rows(self):
        board = compliance.board(Client.objects.all(), self.program, now=NOW)
        return {row.client.pk: row for row in board.rows}

    def test_it_shows_scheduled_attended_and_the_minimum_each_week(self):
        row = self._rows()[self.b.pk]
        last = row.last_week
        self.assertEqual(
            (last.monday, last.scheduled, last.attended, last.minimum), (WEEKS[2], 540, 360, 540)
        )
        self.assertEqual((last.under, last.shortfall), (True, 180))
        self.assertEqual(
            (row.current.monday, row.current.attended, row.current.remaining), (MONDAY, 0, 360)
        )

    def test_it_allows_a_week_or_two_under_the_minimum_while_stepping_down(self):
        rows = self._rows()
        self.assertEqual(rows[self.a.pk].status, "meets")
        self.assertEqual((rows[self.b.pk].status, rows[self.b.pk].weeks_under), ("step_down", 1))
        self.assertEqual((rows[self.c.pk].status, rows[self.c.pk].weeks_under), ("review", 3))

    def test_it_reads_the_allowance_from_the_hours_rules(self):
        HoursRule.objects.filter(program=None, level_of_care="2.1").update(step_down_weeks=0)
        self.assertEqual(self._rows()[self.b.pk].status, "review")
        HoursRule.objects.filter(program=None, level_of_care="2.1").update(step_down_weeks=3)
        self.assertEqual(self._rows()[self.c.pk].status, "step_down")

    def test_it_judges_against_the_episodes_own_minimum(self):
        Episode.objects.filter(client=self.c).update(weekly_min_hours=Decimal("6"))
        self.assertEqual(self._rows()[self.c.pk].status, "meets")

    def test_it_flags_a_week_that_cannot_reach_the_minimum_as_scheduled(self):
        rows = self._rows()
        self.assertEqual(
            {pk: row.at_risk for pk, row in rows.items()},
            {self.a.pk: False, self.b.pk: True, self.c.pk: False},
        )

    def test_it_does_not_judge_the_admission_week(self):
        Episode.objects.filter(client=self.c).update(admitted_on=WEEKS[2] + timedelta(2))
        row = self._rows()[self.c.pk]
        self.assertEqual((row.status, row.last_week.under), ("new", False))

    def test_it_puts_those_past_their_allowance_first(self):
        board = compliance.board(Client.objects.all(), self.program, now=NOW)
        self.assertEqual([r.client for r in board.rows], [self.c, self.b, self.a])
        self.assertEqual(board.summary["under"], 2)
        self.assertEqual(
            board.trend[-1], {"monday": WEEKS[2], "judged": 3, "met": 1, "percent": 33}
        )

    def test_it_renders_each_rows_week_cells_as_the_template_loop_did(self):
        """The cells are built in Python for speed; they must match the former template loop."""
        loop = Template(
            '{% load attendance_tags %}{% for w in row.past_weeks %}<li class="{% if w.under %}'
            'is-under{% elif w.counted %}is-met{% endif %}" title="Week of '
            "{{ w.monday|date:'M j' }}\">{{ w.attended|hours_of }}</li>{% endfor %}"
        )
        board = compliance.board(Client.objects.all(), self.program, now=NOW)
        compliance.render_rows(board.rows, board.mondays)
        for row in board.rows:
            with self.subTest(client=row.client.pk):
                self.assertEqual(str(row.week_cells), loop.render(Context({"row": row})))
        self.assertIn('class="is-under"', board.rows[0].week_cells)

    def test_it_renders_each_row_as_the_template_did(self):
        """The rows are built in Python for speed; they must match the former template row."""
        former = Template(
            "{% load attendance_tags %}"
            "<tr><td><a href=\"{% url 'attendance:chart' row.client.pk %}\">"
            "{{ row.client.display_name }}</a></td>"
            '<td>{{ row.episode.primary_clinician.display_name|default:"—" }}</td>'
            '<td class="num">{{ row.minimum_hours|floatformat:"-1" }} h</td>'
            "<td>{{ row.current.attended|hours_of }} h attended{% if row.current.remaining %}, "
            "{{ row.current.remaining|hours_of }} h to come{% endif %}{% if row.at_risk %} "
            '<span class="badge text-bg-warning">At risk</span>{% endif %}</td>'
            "<td>{{ row.last_week.attended|hours_of }} h{% if row.last_week.under %} "
            '<span class="hours-short">({{ row.last_week.shortfall|hours_of }} h short)</span>'
            '{% endif %}</td><td class="status-{{ row.status }}">{{ row.status_label }}</td>'
            '<td><ul class="week-cells" aria-label="Hours attended, oldest week first '
            '({{ row.trend }})">{{ row.week_cells }}</ul><span class="small muted">'
            "{{ row.trend }}</span></td><td>{% if row.open_alerts %}"
            '<span class="badge badge-urgent">{{ row.open_alerts }}</span>{% else %}'
            '<span class="visually-hidden">none</span>{% endif %}</td></tr>'
        )
        Client.objects.filter(pk=self.a.pk).update(preferred_name="<b>Al</b>")
        Episode.objects.filter(client=self.b).update(primary_clinician=self.staff)
        board = compliance.board(Client.objects.all(), self.program, now=NOW)
        html = str(compliance.render_rows(board.rows, board.mondays))
        self.assertEqual(
            html, "\n".join(former.render(Context({"row": row})) for row in board.rows)
        )
        self.assertIn("&lt;b&gt;Al&lt;/b&gt;", html)

    def test_it_makes_the_same_number_of_queries_for_more_clients(self):
        def count():
            with CaptureQueriesContext(connection) as queries:
                compliance.board(Client.objects.all(), self.program, now=NOW)
            return len(queries)

        before = count()
        extra = [
            Client.objects.create(
                organization_id=self.program.organization_id,
                program=self.program,
                mrn=f"X{n}",
                first_name="More",
                last_name=f"Client{n}",
                date_of_birth=date(1990, 1, 1),
            )
            for n in range(12)
        ]
        Episode.objects.bulk_create(
            Episode(client=c, program=self.program, admitted_on=WEEKS[0]) for c in extra
        )
        self._take(MONDAY + timedelta(1), dict.fromkeys(extra, P))
        self.assertEqual(count(), before)
        self.assertEqual(before, 7)


class RulesTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.program, _, _ = make_world(clients=0)

    def test_it_gives_adults_nine_hours_and_adolescents_six_at_level_2_1(self):
        self.assertEqual(default_minimum(self.program, "2.1", 30), Decimal("9"))
        self.assertEqual(default_minimum(self.program, "2.1", 16), Decimal("6"))
        self.assertEqual(default_minimum(self.program, "2.5", 30), Decimal("20"))
        self.assertIsNone(default_minimum(self.program, "1", 30))

    def test_it_prefers_the_programs_own_rule(self):
        HoursRule.objects.create(
            program=self.program, level_of_care="2.1", min_age=18, weekly_min_hours=12
        )
        self.assertEqual(default_minimum(self.program, "2.1", 30), Decimal("12"))
        other, _, _ = make_world(clients=0)
        self.assertEqual(default_minimum(other, "2.1", 30), Decimal("9"))
