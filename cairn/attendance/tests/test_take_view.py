"""The attendance screen (issue 6 point 1, bad input): who may open it, one submit for the
whole roster, field-level messages, nothing saved on refusal."""

from datetime import timedelta
from types import SimpleNamespace

from django.template import Context as TemplateContext
from django.template import Template
from django.test import SimpleTestCase
from django.urls import reverse
from django.utils import timezone

from cairn.attendance.forms import RowForm
from cairn.attendance.models import AttendanceCorrection, AttendanceRecord
from cairn.attendance.queries import RosterRow
from cairn.attendance.tests.helpers import audited
from cairn.audit.models import AuditEvent
from cairn.clients.models import Client
from cairn.core.forms import CairnRenderer
from cairn.scheduling.models import Session
from cairn.testing.cases import CastTestCase
from cairn.testing.factories import make_client, make_episode
from cairn.testing.sessions import make_session


def yesterday(program):
    return timezone.localdate(timezone=program.tz) - timedelta(days=1)


class TakeViewTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cast = cls.cast
        cls.session = make_session(
            cast.program,
            cast.clinician,
            clients=[cast.client, cast.other_client],
            day=yesterday(cast.program),
        )
        cls.url = reverse("attendance:take", args=[cls.session.pk])

    def _row(self, client, status="present", **values):
        prefix = f"c{client.pk}"
        data = {f"{prefix}-status": status}
        data.update({f"{prefix}-{name}": value for name, value in values.items()})
        return data

    def _post(self, *rows, reason=""):
        data = {"reason": reason}
        for row in rows:
            data.update(row)
        return self.client.post(self.url, data)

    def test_it_shows_the_roster_to_the_facilitator_and_the_director(self):
        for member in ("clinician", "director"):
            with self.subTest(member=member):
                self.login(getattr(self.cast, member))
                response = self.client.get(self.url)
                self.assertContains(response, "Robin Castillo")
                self.assertContains(response, "Sasha Lind")
                self.assertContains(response, "Save attendance")

    def test_it_answers_403_to_staff_of_the_program_who_do_not_run_the_session(self):
        for member in ("colleague", "supervisor", "intake", "prescriber"):
            with self.subTest(member=member):
                self.login(getattr(self.cast, member))
                self.assertEqual(self.client.get(self.url).status_code, 403)
                self.assertEqual(self._post(self._row(self.cast.client)).status_code, 403)
        self.assertFalse(AttendanceRecord.objects.exists())

    def test_it_answers_404_outside_the_program_and_to_roles_without_sessions(self):
        for member in ("outsider", "biller", "admin", "portal"):
            with self.subTest(member=member):
                self.login(getattr(self.cast, member))
                self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_sends_anonymous_visitors_to_sign_in(self):
        response = self.client.get(self.url)
        self.assertRedirects(
            response, f"{reverse('accounts:login')}?next={self.url}", fetch_redirect_response=False
        )

    def test_it_refuses_other_methods(self):
        self.login(self.cast.clinician)
        self.assertEqual(self.client.put(self.url).status_code, 405)

    def test_it_saves_the_whole_roster_in_one_submit(self):
        self.login(self.cast.clinician)
        response = self._post(
            self._row(self.cast.client, "late", late_minutes=20, minutes=160),
            self._row(self.cast.other_client, "absent_unexcused", minutes=0),
        )
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        self.assertEqual(
            set(AttendanceRecord.objects.values_list("client_id", "status", "minutes")),
            {
                (self.cast.client.pk, "late", 160),
                (self.cast.other_client.pk, "absent_unexcused", 0),
            },
        )
        page = self.client.get(self.url)
        self.assertContains(page, "Saved attendance for 2 clients.")

    def test_it_defaults_blank_minutes_to_the_session_length(self):
        self.login(self.cast.clinician)
        self._post(self._row(self.cast.client, minutes=""))
        self.assertEqual(AttendanceRecord.objects.get().minutes, 180)

    def test_it_changes_nothing_when_the_same_form_is_submitted_twice(self):
        self.login(self.cast.clinician)
        row = self._row(self.cast.client, minutes=180)
        self._post(row)
        events = AuditEvent.objects.filter(action__startswith="attendance.").count()
        response = self._post(row | {f"c{self.cast.client.pk}-version": "1"})
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        self.assertEqual(AttendanceRecord.objects.count(), 1)
        self.assertEqual(
            AuditEvent.objects.filter(action__startswith="attendance.").count(), events
        )
        self.assertContains(self.client.get(self.url), "Nothing changed")

    def test_it_refuses_minutes_above_the_session_length_and_saves_nothing(self):
        self.login(self.cast.clinician)
        response = self._post(
            self._row(self.cast.client, minutes=200), self._row(self.cast.other_client)
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "The session is 180 minutes long", status_code=400)
        self.assertContains(
            response, f'id="id_c{self.cast.client.pk}-minutes_error"', status_code=400
        )
        self.assertFalse(AttendanceRecord.objects.exists())

    def test_it_refuses_negative_minutes_and_saves_nothing(self):
        self.login(self.cast.clinician)
        response = self._post(self._row(self.cast.client, "late", late_minutes=-5))
        self.assertContains(response, "can&#x27;t be negative", status_code=400)
        self.assertFalse(AttendanceRecord.objects.exists())

    def test_it_refuses_a_cancelled_session_and_saves_nothing(self):
        Session.objects.filter(pk=self.session.pk).update(status=Session.Status.CANCELLED)
        self.login(self.cast.clinician)
        response = self._post(self._row(self.cast.client))
        self.assertContains(response, "This session was cancelled", status_code=400)
        self.assertFalse(AttendanceRecord.objects.exists())

    def test_it_shows_a_future_session_read_only_and_refuses_attendance(self):
        later = make_session(
            self.cast.program,
            self.cast.clinician,
            clients=[self.cast.client],
            day=timezone.localdate(timezone=self.cast.program.tz) + timedelta(days=2),
        )
        self.login(self.cast.clinician)
        url = reverse("attendance:take", args=[later.pk])
        page = self.client.get(url)
        self.assertContains(page, "Take attendance once it has started")
        self.assertNotContains(page, "Save attendance")
        response = self.client.post(url, self._row(self.cast.client))
        self.assertEqual(response.status_code, 400)
        self.assertFalse(AttendanceRecord.objects.exists())

    def test_it_asks_for_a_reason_to_change_saved_attendance(self):
        self.login(self.cast.clinician)
        self._post(self._row(self.cast.client, minutes=180))
        change = self._row(self.cast.client, "absent_excused", minutes=0, version=1)
        response = self._post(change)
        self.assertContains(response, "Say why you are changing", status_code=400)
        self.assertEqual(AttendanceRecord.objects.get().status, "present")
        self._post(change, reason="Left a message at 8:50: sick.")
        self.assertEqual(AttendanceRecord.objects.get().status, "absent_excused")
        page = self.client.get(self.url)
        self.assertContains(page, "Originally Present, 180 min")
        self.assertContains(page, "Left a message at 8:50: sick.")
        self.assertEqual(AttendanceCorrection.objects.count(), 1)

    def test_it_reports_a_conflict_when_the_page_was_out_of_date(self):
        self.login(self.cast.clinician)
        self._post(self._row(self.cast.client, minutes=180))
        response = self._post(self._row(self.cast.client, "absent_excused", minutes=0))
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        self.assertContains(self.client.get(self.url), "Someone else changed this attendance")
        self.assertEqual(AttendanceRecord.objects.get().status, "present")

    def test_it_asks_to_mark_someone_when_nothing_is_marked(self):
        self.login(self.cast.clinician)
        response = self._post({})
        self.assertContains(response, "mark at least one person", status_code=400)

    def test_it_makes_the_same_number_of_queries_for_a_bigger_group(self):
        self.login(self.cast.clinician)
        self.client.get(self.url)  # warm the session and the program
        with self.assertNumQueries(self._queries()):
            self.client.get(self.url)
        for _ in range(13):
            client = make_client(self.cast.program)
            make_episode(client)
            self.session.participants.create(client=client)
        with self.assertNumQueries(self._queries()):
            self.client.get(self.url)

    def _queries(self) -> int:
        return audited(12)


class RowRenderingTest(SimpleTestCase):
    """The roster row's inputs and status buttons, written without a template per widget
    (issue 14), are exactly what Django's widget templates and the earlier template loop wrote:
    new, saved and invalid rows, escaping included."""

    OLD_BUTTONS = Template(
        '{% for radio in row.status %}<input type="radio" class="btn-check" '
        'name="{{ radio.data.name }}" id="{{ radio.id_for_label }}" value="{{ radio.data.value }}"'
        '{% if radio.data.selected %} checked{% endif %}><label class="btn btn-status '
        'btn-status-{{ radio.data.value }}" for="{{ radio.id_for_label }}">'
        "{{ radio.choice_label }}</label>{% endfor %}"
    )

    OLD_MINUTES = Template(
        "{% for field, when in row.minute_fields %}"
        '<div class="attendance-minute-field"{% if when %} data-when="{{ when }}"{% endif %}>\n'
        '  <label class="form-label small mb-0" for="{{ field.id_for_label }}">'
        "{{ field.label }}</label>\n"
        "  {{ field }}\n"
        '  {% if field.errors %}<div class="invalid-feedback d-block" '
        'id="{{ field.auto_id }}_error">{% for error in field.errors %}{{ error }} {% endfor %}'
        "</div>{% endif %}\n"
        "</div>{% if not forloop.last %}\n{% endif %}{% endfor %}"
    )

    def forms(self):
        client = Client(pk=7, first_name="Robin", last_name="Castillo")
        saved = SimpleNamespace(
            status="late", minutes=80, late_minutes=10, early_minutes=0, version=3
        )
        bad = {"c7-status": "bogus", "c7-minutes": "-5", "c7-late_minutes": "abc"}
        good = {"c7-status": "left_early", "c7-minutes": "60", "c7-early_minutes": "30"}
        return {
            "new": RowForm(row=RosterRow(client, None, None), length=90),
            "saved": RowForm(row=RosterRow(client, None, saved), length=90),
            "invalid": RowForm(bad, row=RosterRow(client, None, saved), length=90),
            "valid": RowForm(good, row=RosterRow(client, None, None), length=90),
        }

    def test_inputs_match_djangos_widget_templates(self):
        for state, form in self.forms().items():
            if form.is_bound:
                form.is_valid()  # the errors, as after a refused submit
            form.fields["minutes"].widget.attrs["data-note"] = 'a "quoted" <note> & more'
            for name in ("late_minutes", "early_minutes", "minutes", "version"):
                with self.subTest(state=state, field=name):
                    fast = str(form[name])
                    form.renderer = CairnRenderer()
                    try:
                        self.assertEqual(fast, str(form[name]))
                    finally:
                        form.renderer = RowForm.default_renderer
                    self.assertIn("<input", fast)
            if state == "invalid":
                self.assertIn('aria-invalid="true"', str(form["minutes"]))

    def test_status_buttons_match_the_template_loop(self):
        for state, form in self.forms().items():
            if form.is_bound:
                form.is_valid()  # the errors, as after a refused submit
            with self.subTest(state=state):
                self.assertEqual(
                    str(form.status_buttons),
                    self.OLD_BUTTONS.render(TemplateContext({"row": form})),
                )
        self.assertIn(' value="late" checked>', str(self.forms()["saved"].status_buttons))

    def test_minute_fields_match_the_template_loop(self):
        for state, form in self.forms().items():
            if form.is_bound:
                form.is_valid()  # the errors, as after a refused submit
            with self.subTest(state=state):
                self.assertEqual(
                    str(form.minute_fields_html),
                    self.OLD_MINUTES.render(TemplateContext({"row": form})),
                )
        invalid = str(self.forms()["invalid"].minute_fields_html)
        self.assertIn('id="id_c7-minutes_error">Minutes can&#x27;t be negative. </div>', invalid)
