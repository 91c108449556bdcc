"""Admission (issue 4, point 4): the client and episode, the record number, duplicate
detection, readmission, the weekly-hours minimum as data, and the refusals."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from cairn.accounts import access
from cairn.accounts.policy import Action
from cairn.admissions.admission import AdmissionDetails, PossibleDuplicate, admit_client
from cairn.admissions.models import Inquiry
from cairn.admissions.tests.helpers import assessed, screened
from cairn.audit.models import AuditEvent
from cairn.clients.discharge import discharge_episode
from cairn.clients.episodes import TeamMember
from cairn.clients.models import CareTeamMember, Client, Coverage, Episode, HoursMinimum
from cairn.testing.cases import CastTestCase
from cairn.testing.factories import make_client


class AdmitTest(CastTestCase):
    def details(self, inquiry, **overrides) -> AdmissionDetails:
        values = {
            "first_name": inquiry.first_name,
            "last_name": inquiry.last_name,
            "date_of_birth": inquiry.date_of_birth,
            "admitted_on": timezone.localdate(),
            "primary_clinician": self.cast.clinician,
            "team": [TeamMember(self.cast.prescriber, "prescriber")],
        }
        values.update(overrides)
        return AdmissionDetails(**values)

    def admit(self, inquiry, **kwargs):
        details = kwargs.pop("details", None) or self.details(inquiry)
        return admit_client(
            inquiry,
            details,
            visible_clients=access.clients_for(self.cast.intake, Action.VIEW_DEMOGRAPHICS),
            by=self.cast.intake,
            **kwargs,
        )

    def test_it_creates_the_client_the_episode_and_the_care_team(self):
        inquiry = assessed(
            self.cast.program,
            self.cast.clinician,
            referral_source="court",
            referring_organization="Drug court",
        )
        episode = self.admit(inquiry)
        client = episode.client
        self.assertEqual((client.program, client.status), (self.cast.program, "active"))
        self.assertEqual((episode.level_of_care, episode.referral_source), ("2.1", "court"))
        self.assertEqual(episode.referring_organization, "Drug court")
        team = dict(client.care_team.values_list("user__username", "role"))
        self.assertEqual(team, {"clinician": "primary", "prescriber": "prescriber"})
        inquiry.refresh_from_db()
        self.assertEqual(
            (inquiry.status, inquiry.client, inquiry.episode), ("admitted", client, episode)
        )
        actions = set(AuditEvent.objects.values_list("action", flat=True))
        self.assertTrue({"client.create", "episode.open", "inquiry.move"} <= actions)

    def test_it_numbers_records_in_sequence_within_the_organization(self):
        first = self.admit(assessed(self.cast.program, self.cast.clinician)).client
        second = self.admit(assessed(self.cast.program, self.cast.clinician)).client
        self.assertEqual((first.mrn, second.mrn), ("C000001", "C000002"))

    def test_it_skips_numbers_already_taken(self):
        make_client(self.cast.program, mrn="C000001")
        client = self.admit(assessed(self.cast.program, self.cast.clinician)).client
        self.assertEqual(client.mrn, "C000002")

    def test_it_refuses_a_record_number_used_in_the_organization(self):
        inquiry = assessed(self.cast.program, self.cast.clinician)
        taken = self.cast.client.mrn
        with self.assertRaises(ValidationError) as caught:
            self.admit(inquiry, details=self.details(inquiry, mrn=taken))
        self.assertIn("mrn", caught.exception.message_dict)
        self.assertFalse(Episode.objects.filter(admitted_by=self.cast.intake).exists())
        inquiry.refresh_from_db()
        self.assertEqual(inquiry.status, "assessed")

    def test_it_sets_the_weekly_minimum_from_the_date_of_birth(self):
        today = timezone.localdate()
        cases = {date(today.year - 30, 1, 1): Decimal(9), date(today.year - 16, 1, 1): Decimal(6)}
        for born, hours in cases.items():
            with self.subTest(born=born):
                inquiry = assessed(self.cast.program, self.cast.clinician, date_of_birth=born)
                episode = self.admit(inquiry)
                self.assertEqual(episode.weekly_min_hours, hours)
                self.assertIn("default rule", episode.weekly_min_basis)

    def test_it_uses_the_programs_own_minimum_when_it_has_one(self):
        HoursMinimum.objects.create(
            program=self.cast.program, level_of_care="2.1", weekly_hours=12, label="everyone"
        )
        episode = self.admit(assessed(self.cast.program, self.cast.clinician))
        self.assertEqual(episode.weekly_min_hours, Decimal(12))
        self.assertIn("this program's rule", episode.weekly_min_basis)

    def test_it_turns_the_insurance_told_into_the_primary_coverage(self):
        inquiry = assessed(
            self.cast.program,
            self.cast.clinician,
            insurance_payer="Aetna",
            insurance_member_id="W123",
        )
        client = self.admit(inquiry).client
        self.assertEqual(
            list(client.coverages.values_list("payer_name", "member_id", "priority")),
            [("Aetna", "W123", Coverage.Priority.PRIMARY)],
        )

    def test_it_needs_an_assessment_first(self):
        inquiry = screened(self.cast.program, self.cast.intake)
        with self.assertRaisesMessage(ValidationError, "record the level-of-care assessment"):
            self.admit(inquiry)
        self.assertEqual(Client.objects.count(), 3)  # the cast's three

    def test_it_refuses_an_admission_dated_in_the_future(self):
        inquiry = assessed(self.cast.program, self.cast.clinician)
        later = timezone.localdate() + timedelta(days=2)
        with self.assertRaises(ValidationError) as caught:
            self.admit(inquiry, details=self.details(inquiry, admitted_on=later))
        self.assertIn("admitted_on", caught.exception.message_dict)


class DuplicateTest(CastTestCase):
    """One person, one record: same name and date of birth offers the existing record."""

    def setUp(self):
        self.existing = make_client(
            self.cast.program,
            first_name="Morgan",
            last_name="Reyes",
            date_of_birth=date(1991, 2, 3),
        )
        Episode.objects.create(
            client=self.existing,
            program=self.cast.program,
            admitted_on=date(2025, 1, 6),
            discharged_on=date(2025, 3, 1),
            status="discharged",
        )
        self.existing.status = "discharged"
        self.existing.save()
        self.inquiry = assessed(
            self.cast.program,
            self.cast.clinician,
            first_name="morgan",
            last_name="REYES ",
            date_of_birth=date(1991, 2, 3),
        )

    def admit(self, **kwargs):
        details = AdmissionDetails(
            first_name="morgan",
            last_name="REYES ",
            date_of_birth=date(1991, 2, 3),
            admitted_on=timezone.localdate(),
            primary_clinician=self.cast.clinician,
        )
        return admit_client(
            self.inquiry,
            details,
            visible_clients=access.clients_for(self.cast.intake, Action.VIEW_DEMOGRAPHICS),
            by=self.cast.intake,
            **kwargs,
        )

    def test_it_offers_the_existing_record_instead_of_a_duplicate(self):
        with self.assertRaises(PossibleDuplicate) as caught:
            self.admit()
        self.assertEqual(caught.exception.matches, [self.existing])
        self.assertIn("match", caught.exception.message_dict)
        self.assertEqual(Client.objects.filter(last_name__iexact="reyes").count(), 1)
        self.inquiry.refresh_from_db()
        self.assertEqual(self.inquiry.status, Inquiry.Status.ASSESSED)

    def test_it_readmits_the_existing_record_with_a_new_episode(self):
        episode = self.admit(existing_client=self.existing)
        self.existing.refresh_from_db()
        self.assertEqual((episode.client, self.existing.status), (self.existing, "active"))
        self.assertEqual(self.existing.episodes.count(), 2)
        self.assertTrue(AuditEvent.objects.filter(action="client.readmit").exists())

    def test_it_creates_a_new_record_when_told_it_is_a_different_person(self):
        episode = self.admit(new_person_confirmed=True)
        self.assertNotEqual(episode.client, self.existing)
        self.assertEqual(Client.objects.filter(last_name__iexact="reyes").count(), 2)

    def test_it_refuses_to_readmit_someone_already_active(self):
        Episode.objects.create(
            client=self.existing, program=self.cast.program, admitted_on=timezone.localdate()
        )
        with self.assertRaises(ValidationError) as caught:
            self.admit(existing_client=self.existing)
        self.assertIn("already active", str(caught.exception))

    def test_it_refuses_a_record_that_is_not_the_same_person(self):
        with self.assertRaises(ValidationError) as caught:
            self.admit(existing_client=self.cast.other_client)
        self.assertIn("match", caught.exception.message_dict)

    def test_it_only_offers_records_the_coordinator_may_see(self):
        self.existing.program = self.cast.other_program
        self.existing.save()
        episode = self.admit()
        self.assertNotEqual(episode.client, self.existing)

    def test_a_discharged_client_can_come_back_after_a_discharge(self):
        first = self.admit(existing_client=self.existing)
        discharge_episode(
            first,
            discharged_on=timezone.localdate(),
            discharge_type="completed",
            summary="Done.",
            aftercare=[],
            expected_version=first.version,
            by=self.cast.clinician,
        )
        self.assertEqual(self.existing.episodes.filter(status="active").count(), 0)
        self.assertTrue(CareTeamMember.objects.filter(client=self.existing, active=True).exists())
