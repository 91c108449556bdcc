"""Timeliness (issue 7.4): due 24 hours after a group and 72 after other services unless the
program sets other times; drafts and overdue notes on each clinician's home; the director's
report by clinician."""

from datetime import timedelta

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cairn.notes import configuration, group, timeliness
from cairn.notes.models import ProgramNoteSetting
from cairn.notes.tests.factories import make_note
from cairn.testing.cases import CastTestCase
from cairn.testing.sessions import make_session


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


class DueTimeTest(CastTestCase):
    def test_it_defaults_to_24_hours_for_groups_and_72_for_others(self):
        pid = self.cast.program.pk
        self.assertEqual(configuration.due_hours(pid, "group"), 24)
        for note_type in ("individual", "family", "intake", "crisis", "case_management"):
            with self.subTest(note_type=note_type):
                self.assertEqual(configuration.due_hours(pid, note_type), 72)

    def test_it_uses_the_programs_setting(self):
        ProgramNoteSetting.objects.create(
            program=self.cast.program, note_type="group", due_hours=12
        )
        self.assertEqual(configuration.due_hours(self.cast.program.pk, "group"), 12)
        session = make_session(self.cast.program, self.cast.clinician, clients=[self.cast.client])
        note = group.start_group_note(session, by=self.cast.clinician, fmt="GIRP")
        self.assertEqual(note.due_at, session.ends_at + timedelta(hours=12))

    def test_it_marks_a_note_signed_after_its_due_time_late(self):
        ends = timezone.now() - timedelta(days=5)
        late = make_note(self.cast.client, self.cast.clinician, signed=True, ends_at=ends)
        on_time = make_note(
            self.cast.client,
            self.cast.clinician,
            signed=True,
            ends_at=timezone.now() - timedelta(hours=2),
        )
        self.assertTrue(late.is_late)
        self.assertFalse(on_time.is_late)

    def test_it_marks_a_draft_past_its_due_time_overdue(self):
        old = make_note(
            self.cast.client, self.cast.clinician, ends_at=timezone.now() - timedelta(days=4)
        )
        fresh = make_note(self.cast.client, self.cast.clinician)
        self.assertTrue(old.is_overdue())
        self.assertFalse(fresh.is_overdue())


class HomePanelTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.overdue = make_note(
            cls.cast.client, cls.cast.clinician, ends_at=timezone.now() - timedelta(days=4)
        )
        yesterday = timezone.localdate() - timedelta(days=1)
        cls.undocumented = make_session(
            cls.cast.program,
            cls.cast.clinician,
            clients=[cls.cast.client],
            day=yesterday,
            title="Coping skills",
        )
        cls.cancelled = make_session(
            cls.cast.program,
            cls.cast.clinician,
            clients=[cls.cast.client],
            day=yesterday,
            status="cancelled",
            title="Cancelled group",
        )

    def test_it_shows_drafts_overdue_and_sessions_needing_a_note(self):
        self.login(self.cast.clinician)
        response = self.client.get(reverse("core:home"))
        self.assertContains(response, "Notes: drafts, overdue, sessions needing a note")
        self.assertContains(response, reverse("notes:edit", args=[self.overdue.pk]))
        self.assertContains(response, "Coping skills")
        self.assertNotContains(response, "Cancelled group")
        self.assertContains(response, "Overdue")

    def test_it_drops_a_session_once_its_group_note_is_started(self):
        group.start_group_note(self.undocumented, by=self.cast.clinician, fmt="GIRP")
        needing = timeliness.sessions_needing_note(self.cast.clinician)
        self.assertEqual(needing, [])

    def test_it_links_an_individual_session_to_a_new_note_for_its_client(self):
        session = make_session(
            self.cast.program,
            self.cast.clinician,
            kind="individual",
            group_type=None,
            clients=[self.cast.client],
            day=timezone.localdate() - timedelta(days=1),
        )
        self.login(self.cast.clinician)
        link = reverse("notes:new", args=[self.cast.client.pk]) + f"?session={session.pk}"
        self.assertContains(self.client.get(reverse("core:home")), link)
        form = self.client.get(link).context["form"]
        self.assertEqual(form["session"].value(), session.pk)

    def test_it_loads_rosters_only_for_the_sessions_the_panel_shows(self):
        for day in (2, 3):
            make_session(
                self.cast.program,
                self.cast.clinician,
                kind="individual",
                group_type=None,
                clients=[self.cast.client],
                day=timezone.localdate() - timedelta(days=day),
            )
        needing = timeliness.sessions_needing_note(self.cast.clinician, rosters=1)
        self.assertGreaterEqual(len(needing), 3)
        self.assertTrue(hasattr(needing[0].session, "booked"))
        self.assertFalse(any(hasattr(d.session, "booked") for d in needing[1:]))
        everything = timeliness.sessions_needing_note(self.cast.clinician)
        self.assertEqual([d.session for d in everything], [d.session for d in needing])
        self.assertTrue(all(hasattr(d.session, "booked") for d in everything))

    def test_it_hides_the_panel_when_there_is_nothing_to_write(self):
        self.login(self.cast.colleague)
        self.assertNotContains(self.client.get(reverse("core:home")), "sessions needing a note")

    def test_it_lists_my_notes_page(self):
        self.login(self.cast.clinician)
        response = self.client.get(reverse("notes:mine"))
        self.assertContains(response, "Coping skills")
        self.assertContains(response, self.cast.client.display_name)

    def test_it_keeps_my_notes_query_count_flat(self):
        self.login(self.cast.clinician)
        url = reverse("notes:mine")
        self.client.get(url)  # (the first request after signing in writes the session)
        before = count_queries(self.client, url)
        for day in range(1, 6):
            make_note(self.cast.client, self.cast.clinician)
            make_session(
                self.cast.program,
                self.cast.clinician,
                clients=[self.cast.client],
                day=timezone.localdate() - timedelta(days=day + 1),
            )
        self.assertEqual(count_queries(self.client, url), before)


class ReportTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        now = timezone.now()
        c = cls.cast
        make_note(c.client, c.clinician, signed=True, ends_at=now - timedelta(hours=5))  # on time
        late = make_note(c.client, c.clinician, ends_at=now - timedelta(days=6))
        type(late).objects.filter(pk=late.pk).update(
            status="signed", signed_at=now - timedelta(days=1), signed_by=c.clinician
        )
        make_note(c.client, c.supervisee, ends_at=now - timedelta(days=5))  # overdue draft
        make_note(c.client, c.supervisee)  # not yet due
        make_session(
            c.program,
            c.supervisee,
            clients=[c.client],
            day=timezone.localdate() - timedelta(days=3),
        )  # missing

    def test_it_counts_by_clinician(self):
        rows = {
            r.clinician: r
            for r in timeliness.report(
                self.cast.director,
                self.cast.program,
                timezone.localdate() - timedelta(days=29),
                timezone.localdate(),
            )
        }
        clinician, supervisee = rows[self.cast.clinician], rows[self.cast.supervisee]
        self.assertEqual((clinician.on_time, clinician.late, clinician.on_time_percent), (1, 1, 50))
        self.assertEqual((supervisee.overdue, supervisee.pending, supervisee.missing), (1, 1, 1))
        self.assertEqual(supervisee.on_time_percent, 0)

    def test_it_shows_the_report_to_the_director_only(self):
        self.login(self.cast.director)
        response = self.client.get(reverse("notes:timeliness"))
        self.assertContains(response, self.cast.supervisee.display_name)
        self.assertContains(response, "50%")
        for user in (self.cast.clinician, self.cast.supervisor, self.cast.biller):
            with self.subTest(user=user.username):
                self.login(user)
                self.assertEqual(self.client.get(reverse("notes:timeliness")).status_code, 403)

    def test_it_shows_a_summary_on_the_directors_home(self):
        self.login(self.cast.director)
        self.assertContains(self.client.get(reverse("core:home")), "Note timeliness, last 30 days")

    def test_it_keeps_the_report_query_count_flat(self):
        self.login(self.cast.director)
        url = reverse("notes:timeliness")
        self.client.get(url)
        before = count_queries(self.client, url)
        for _ in range(4):
            make_note(self.cast.client, self.cast.colleague, signed=True)
            make_note(self.cast.other_client, self.cast.supervisor)
        self.assertEqual(count_queries(self.client, url), before)

    @time_machine.travel(timezone.now() + timedelta(days=40), tick=False)
    def test_it_leaves_older_services_out_of_the_period(self):
        rows = timeliness.report(
            self.cast.director,
            self.cast.program,
            timezone.localdate() - timedelta(days=6),
            timezone.localdate(),
        )
        self.assertEqual(rows, [])
