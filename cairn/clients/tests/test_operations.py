"""Chart operations (issue 4, points 5–7): demographics with optimistic locking, contacts and
coverage never deleted, diagnoses from ICD-10-CM, level-of-care and track changes with
history, and discharge with aftercare and 30/60/90-day check-ins."""

from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from cairn.audit.models import AuditEvent
from cairn.clients import diagnoses, registration
from cairn.clients.discharge import discharge_episode
from cairn.clients.episodes import change_level_or_track
from cairn.clients.models import Client, Contact, Coverage, Diagnosis, Episode, EpisodeChange
from cairn.testing.cases import CastTestCase
from cairn.testing.factories import make_contact, make_coverage, make_track
from cairn.worklist.models import Task


class DemographicsTest(CastTestCase):
    def test_it_saves_and_audits_the_fields_changed(self):
        client = self.cast.client
        registration.update_demographics(
            client,
            {"pronouns": "they/them", "phone": "555-0199"},
            expected_version=1,
            by=self.cast.intake,
        )
        client.refresh_from_db()
        self.assertEqual((client.pronouns, client.version), ("they/them", 2))
        event = AuditEvent.objects.get(action="client.update_demographics")
        self.assertEqual(event.detail["fields"], ["phone", "pronouns"])

    def test_it_refuses_the_second_writer(self):
        client = self.cast.client
        registration.update_demographics(
            client, {"phone": "1"}, expected_version=1, by=self.cast.intake
        )
        with self.assertRaisesMessage(ValidationError, "Someone else changed this record"):
            registration.update_demographics(
                client, {"phone": "2"}, expected_version=1, by=self.cast.clinician
            )
        client.refresh_from_db()
        self.assertEqual(client.phone, "1")


class NetworkTest(CastTestCase):
    def test_it_keeps_a_removed_contact_in_the_record(self):
        contact = make_contact(self.cast.client)
        registration.remove_contact(contact, by=self.cast.clinician)
        contact.refresh_from_db()
        self.assertEqual((contact.active, contact.removed_by), (False, self.cast.clinician))
        self.assertEqual(Contact.objects.count(), 1)

    def test_it_allows_one_active_coverage_per_priority(self):
        make_coverage(self.cast.client)
        with self.assertRaises(ValidationError) as caught:
            registration.save_coverage(
                self.cast.client,
                {"priority": 1, "payer_name": "Cigna", "member_id": "X"},
                by=self.cast.biller,
            )
        self.assertIn("primary coverage", caught.exception.message_dict["priority"][0])
        self.assertEqual(Coverage.objects.count(), 1)

    def test_it_ends_a_coverage_and_then_takes_a_new_primary(self):
        coverage = make_coverage(
            self.cast.client, effective_on=timezone.localdate() - timedelta(days=90)
        )
        registration.end_coverage(coverage, ends_on=timezone.localdate(), by=self.cast.biller)
        registration.save_coverage(
            self.cast.client,
            {"priority": 1, "payer_name": "Cigna", "member_id": "X"},
            by=self.cast.biller,
        )
        self.assertEqual(Coverage.objects.filter(active=True).get().payer_name, "Cigna")

    def test_it_refuses_a_coverage_ending_before_it_starts(self):
        coverage = make_coverage(self.cast.client, effective_on=timezone.localdate())
        with self.assertRaises(ValidationError):
            registration.end_coverage(
                coverage, ends_on=timezone.localdate() - timedelta(days=1), by=self.cast.biller
            )
        coverage.refresh_from_db()
        self.assertTrue(coverage.active)


class DiagnosisTest(CastTestCase):
    def add(self, code="F10.20", rank="secondary", **kwargs):
        return diagnoses.add_diagnosis(
            self.cast.client,
            code=code,
            rank=rank,
            category="substance_use",
            by=self.cast.clinician,
            **kwargs,
        )

    def test_it_takes_the_description_from_the_code_set(self):
        diagnosis = self.add(code="f11.20")
        self.assertEqual(diagnosis.code, "F11.20")
        self.assertEqual(diagnosis.description, "Opioid dependence, uncomplicated")
        self.assertEqual(diagnosis.episode.client, self.cast.client)

    def test_it_refuses_an_unknown_code(self):
        with self.assertRaises(ValidationError) as caught:
            self.add(code="F10.999")
        self.assertIn("is not an ICD-10-CM code", caught.exception.message_dict["code"][0])
        self.assertFalse(Diagnosis.objects.exists())

    def test_it_refuses_a_category_and_suggests_specific_codes(self):
        with self.assertRaises(ValidationError) as caught:
            self.add(code="F10.2")
        message = caught.exception.message_dict["code"][0]
        self.assertIn("is a category", message)
        self.assertIn("F10.20", message)

    def test_it_keeps_one_active_primary_diagnosis(self):
        first = self.add(rank="primary")
        second = self.add(code="F11.20", rank="primary")
        first.refresh_from_db()
        self.assertEqual((first.rank, second.rank), ("secondary", "primary"))

    def test_it_updates_status_but_never_the_code(self):
        diagnosis = self.add()
        diagnoses.update_diagnosis(
            diagnosis,
            {"status": "in_remission", "code": "Z00.00"},
            expected_version=1,
            by=self.cast.clinician,
        )
        diagnosis.refresh_from_db()
        self.assertEqual((diagnosis.status, diagnosis.code), ("in_remission", "F10.20"))

    def test_it_refuses_an_onset_in_the_future(self):
        with self.assertRaises(ValidationError) as caught:
            self.add(onset_on=timezone.localdate() + timedelta(days=1))
        self.assertIn("onset_on", caught.exception.message_dict)


class EpisodeChangeTest(CastTestCase):
    def setUp(self):
        self.episode = Episode.objects.get(client=self.cast.client)
        self.evening = make_track(self.cast.program, name="Evening", code="evening")

    def change(self, **overrides):
        values = {
            "level_of_care": "2.5",
            "track": self.episode.track,
            "effective_on": timezone.localdate(),
            "reason": "Return to use; needs more hours.",
            "decided_by": self.cast.clinician,
            "expected_version": self.episode.version,
            "by": self.cast.clinician,
        }
        values.update(overrides)
        return change_level_or_track(self.episode, **values)

    def test_it_steps_up_with_history_and_a_new_minimum(self):
        change = self.change()
        self.episode.refresh_from_db()
        self.assertEqual(
            (self.episode.level_of_care, self.episode.weekly_min_hours), ("2.5", Decimal(20))
        )
        self.assertEqual(
            (change.from_level, change.to_level, change.direction), ("2.1", "2.5", "Step up")
        )
        self.assertEqual(change.from_weekly_min_hours, Decimal(9))
        self.assertTrue(AuditEvent.objects.filter(action="episode.change").exists())

    def test_it_moves_track_without_changing_level(self):
        change = self.change(level_of_care="2.1", track=self.evening)
        self.episode.refresh_from_db()
        self.assertEqual(self.episode.track, self.evening)
        self.assertEqual(change.direction, "Track change")

    def test_it_refuses_a_change_that_changes_nothing_or_is_dated_wrong(self):
        cases = {
            "level_of_care": {"level_of_care": "2.1"},
            "effective_on": {"effective_on": self.episode.admitted_on - timedelta(days=1)},
        }
        for field, overrides in cases.items():
            with self.subTest(field=field), self.assertRaises(ValidationError) as caught:
                self.change(**overrides)
            self.assertIn(field, caught.exception.message_dict)
        self.assertFalse(EpisodeChange.objects.exists())

    def test_it_refuses_a_stale_form(self):
        self.change()
        with self.assertRaisesMessage(ValidationError, "Someone else changed"):
            self.change(level_of_care="1", expected_version=1)


class DischargeTest(CastTestCase):
    def setUp(self):
        self.episode = Episode.objects.get(client=self.cast.client)

    def discharge(self, **overrides):
        values = {
            "discharged_on": timezone.localdate(),
            "discharge_type": "completed",
            "summary": "Met the goals of the plan.",
            "aftercare": [
                {
                    "kind": "twelve_step",
                    "description": "AA home group",
                    "details": "Mon 7 pm",
                    "starts_on": None,
                },
            ],
            "expected_version": self.episode.version,
            "by": self.cast.clinician,
        }
        values.update(overrides)
        return discharge_episode(self.episode, **values)

    def test_it_closes_the_episode_with_its_aftercare(self):
        self.discharge()
        self.episode.refresh_from_db()
        self.assertEqual(
            (self.episode.status, self.episode.discharge_type), ("discharged", "completed")
        )
        self.assertEqual(self.episode.aftercare.get().description, "AA home group")
        self.assertEqual(Client.objects.get(pk=self.cast.client.pk).status, "discharged")

    def test_it_puts_check_ins_at_30_60_and_90_days_on_the_primary_clinicians_list(self):
        self.episode.primary_clinician = self.cast.clinician
        self.episode.save()
        self.discharge(by=self.cast.director)
        tasks = Task.objects.filter(kind="discharge_check_in").order_by("due_at")
        self.assertEqual([t.owner for t in tasks], [self.cast.clinician] * 3)
        days = [(timezone.localtime(t.due_at).date() - timezone.localdate()).days for t in tasks]
        self.assertEqual(days, [30, 60, 90])
        self.assertEqual({t.client for t in tasks}, {self.cast.client})

    def test_it_refuses_a_discharge_before_the_admission_and_saves_nothing(self):
        with self.assertRaises(ValidationError) as caught:
            self.discharge(discharged_on=self.episode.admitted_on - timedelta(days=1))
        self.assertIn(
            "can't be before the admission", caught.exception.message_dict["discharged_on"][0]
        )
        self.episode.refresh_from_db()
        self.assertEqual(self.episode.status, "active")
        self.assertFalse(Task.objects.exists())

    def test_it_refuses_a_discharge_in_the_future_or_without_a_summary(self):
        cases = {
            "discharged_on": {"discharged_on": timezone.localdate() + timedelta(days=1)},
            "summary": {"summary": "  "},
        }
        for field, overrides in cases.items():
            with self.subTest(field=field), self.assertRaises(ValidationError) as caught:
                self.discharge(**overrides)
            self.assertIn(field, caught.exception.message_dict)

    def test_it_refuses_to_discharge_twice(self):
        self.discharge()
        self.episode.refresh_from_db()
        with self.assertRaisesMessage(ValidationError, "already been discharged"):
            self.discharge(expected_version=self.episode.version)
