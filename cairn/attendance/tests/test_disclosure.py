"""The attendance category of a Part 2 disclosure: episodes and recorded attendance (status and
minutes), within the dates asked for, nothing of other categories."""

from datetime import timedelta

from django.utils import timezone

from cairn.attendance.disclosure import attendance
from cairn.attendance.recording import Mark, record_attendance
from cairn.consents.categories import Period
from cairn.consents.tests.factories import days_ago
from cairn.consents.tests.releases import release_text
from cairn.testing.cases import CastTestCase
from cairn.testing.factories import make_diagnosis
from cairn.testing.sessions import make_session


def _attended(cast, title, days, status, **values):
    session = make_session(
        cast.program,
        cast.clinician,
        clients=[cast.client],
        title=title,
        day=timezone.localdate() - timedelta(days=days),
    )
    record_attendance(
        session, [Mark(client_id=cast.client.pk, status=status, **values)], by=cast.clinician
    )
    return session


class AttendanceDisclosureTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        _attended(cls.cast, "RECENT-GROUP", 3, "late", late_minutes=30)
        _attended(cls.cast, "OLDER-GROUP", 15, "absent_unexcused")
        make_session(
            cls.cast.program,
            cls.cast.clinician,
            clients=[cls.cast.client],
            title="UNRECORDED-GROUP",
            day=days_ago(2),
        )
        make_diagnosis(cls.cast.client, recorded_by=cls.cast.clinician, code="F10.20")
        cls.episode = cls.cast.client.episodes.get()

    def test_it_releases_recorded_attendance_with_status_and_minutes(self):
        words = release_text(self.cast, ["attendance"], allowed=["attendance", "diagnoses"])
        self.assertIn("RECENT-GROUP", words)
        self.assertIn("Late", words)
        self.assertIn("150 of 180", words)
        self.assertIn("OLDER-GROUP", words)
        self.assertIn("Absent, unexcused", words)
        self.assertIn(f"{self.episode.admitted_on:%b %-d, %Y}", words)
        self.assertIn("still in treatment", words)

    def test_it_leaves_out_bookings_without_attendance_and_other_categories(self):
        words = release_text(self.cast, ["attendance"], allowed=["attendance", "diagnoses"])
        self.assertNotIn("UNRECORDED-GROUP", words)
        self.assertNotIn("F10.20", words)

    def test_it_keeps_to_the_dates_asked_for(self):
        words = release_text(self.cast, ["attendance"], Period(days_ago(10), None))
        self.assertIn("RECENT-GROUP", words)
        self.assertNotIn("OLDER-GROUP", words)

    def test_it_shapes_records_like_fhir_resources(self):
        content = attendance(self.cast.client, Period())
        kinds = {r["resourceType"]: r for r in content.records}
        self.assertEqual(set(kinds), {"EpisodeOfCare", "Encounter", "Appointment"})
        self.assertEqual(kinds["Appointment"]["status"], "noshow")
        self.assertEqual(kinds["Encounter"]["minutesAttended"], 150)
        self.assertEqual(kinds["EpisodeOfCare"]["id"], f"clients.episode:{self.episode.pk}")
        self.assertEqual(content.references, [r["id"] for r in content.records])

    def test_it_makes_a_fixed_number_of_queries(self):
        for n in range(3):
            _attended(self.cast, f"MORE-{n}", 5 + n, "present")
        client = (
            type(self.cast.client).objects.select_related("program").get(pk=self.cast.client.pk)
        )
        with self.assertNumQueries(2):
            attendance(client, Period())
