"""The inquiry pipeline (issue 4, points 1–3): transitions, follow-ups, screening, the
assessment, and the refusals that leave nothing written."""

from datetime import timedelta
from itertools import pairwise

from django.core.exceptions import ValidationError
from django.utils import timezone

from cairn.admissions import pipeline
from cairn.admissions.models import Inquiry, InquiryEvent, LevelOfCareAssessment, Screening
from cairn.admissions.tests.helpers import FITS, IOP_RATINGS, NARRATIVES, assessed, screened
from cairn.audit.models import AuditEvent
from cairn.testing.cases import CastTestCase
from cairn.testing.factories import make_inquiry
from cairn.worklist.models import Task

S = Inquiry.Status


class TransitionTableTest(CastTestCase):
    def test_it_allows_the_issues_pipeline_in_order(self):
        path = [S.NEW, S.SCREENING, S.ASSESSMENT_SCHEDULED, S.ASSESSED, S.ADMITTED]
        for here, there in pairwise(path):
            with self.subTest(frm=here, to=there):
                self.assertIn(there, pipeline.TRANSITIONS[here])

    def test_it_lets_every_open_status_end_in_waitlist_referral_or_closing(self):
        for status in pipeline.OPEN_STATUSES:
            for end in (S.REFERRED, S.CLOSED):
                with self.subTest(status=status, end=end):
                    self.assertIn(end, pipeline.TRANSITIONS[status])

    def test_it_keeps_admitted_final_and_lets_closed_ones_reopen(self):
        self.assertEqual(pipeline.TRANSITIONS[S.ADMITTED], frozenset())
        self.assertEqual(pipeline.TRANSITIONS[S.CLOSED], {S.NEW})
        self.assertEqual(pipeline.TRANSITIONS[S.REFERRED], {S.NEW})

    def test_it_refuses_a_jump_the_table_does_not_allow(self):
        inquiry = make_inquiry(self.cast.program)
        with self.assertRaisesMessage(ValidationError, "can't become assessed"):
            pipeline.record_assessment(
                inquiry,
                assessed_on=timezone.localdate(),
                ratings=IOP_RATINGS,
                narratives=NARRATIVES,
                decided_level="2.1",
                by=self.cast.intake,
            )
        self.assertFalse(LevelOfCareAssessment.objects.exists())
        inquiry.refresh_from_db()
        self.assertEqual(inquiry.status, S.NEW)


class CreateInquiryTest(CastTestCase):
    VALUES = {
        "first_name": "Quinn",
        "last_name": "Ortiz",
        "referral_source": "php",
        "referring_organization": "Harborview PHP",
        "substances": ["alcohol"],
    }

    def test_it_records_the_inquiry_with_its_history_and_audit(self):
        inquiry = pipeline.create_inquiry(self.cast.program, self.VALUES, by=self.cast.intake)
        self.assertEqual(inquiry.status, S.NEW)
        self.assertEqual(inquiry.events.get().to_status, S.NEW)
        self.assertTrue(AuditEvent.objects.filter(action="inquiry.create").exists())

    def test_it_puts_the_first_call_back_on_the_coordinators_list_by_urgency(self):
        for urgency, within in pipeline.FIRST_CALL_WITHIN.items():
            with self.subTest(urgency=urgency):
                inquiry = pipeline.create_inquiry(
                    self.cast.program,
                    {**self.VALUES, "urgency": urgency, "coordinator": self.cast.clinician},
                    by=self.cast.intake,
                )
                task = inquiry.follow_ups.get().task
                self.assertEqual(task.owner, self.cast.clinician)
                self.assertEqual(task.due_at, inquiry.received_at + within)
                self.assertEqual(task.priority, "urgent" if urgency == "urgent" else "normal")

    def test_it_gives_the_call_back_to_the_recorder_when_nobody_coordinates(self):
        inquiry = pipeline.create_inquiry(self.cast.program, self.VALUES, by=self.cast.intake)
        self.assertEqual(inquiry.follow_ups.get().task.owner, self.cast.intake)


class ScreeningStepTest(CastTestCase):
    def test_it_records_the_answers_the_recommendation_and_moves_to_screening(self):
        inquiry = make_inquiry(self.cast.program)
        screening = pipeline.record_screening(
            inquiry, {**FITS, "safe_housing": False}, by=self.cast.intake
        )
        inquiry.refresh_from_db()
        self.assertEqual(inquiry.status, S.SCREENING)
        self.assertEqual(screening.recommendation, "refer_higher")
        self.assertIn("safe, stable place", screening.reasons[0])

    def test_it_raises_an_urgent_task_when_harm_is_imminent(self):
        inquiry = make_inquiry(self.cast.program)
        pipeline.record_screening(inquiry, {**FITS, "imminent_risk": True}, by=self.cast.intake)
        task = Task.objects.get(priority="urgent")
        self.assertEqual(task.owner, self.cast.intake)
        self.assertIn("emergency evaluation", task.title)

    def test_it_books_the_assessment_on_the_assessors_list(self):
        inquiry = screened(self.cast.program, self.cast.intake)
        at = timezone.now() + timedelta(days=2)
        pipeline.schedule_assessment(
            inquiry, at=at, assessor=self.cast.clinician, by=self.cast.intake
        )
        inquiry.refresh_from_db()
        self.assertEqual(
            (inquiry.status, inquiry.assessor), (S.ASSESSMENT_SCHEDULED, self.cast.clinician)
        )
        task = Task.objects.get(owner=self.cast.clinician)
        self.assertEqual(task.due_at, at)


class AssessmentStepTest(CastTestCase):
    def test_it_keeps_the_recommendation_its_derivation_and_the_decision(self):
        inquiry = assessed(self.cast.program, self.cast.clinician)
        assessment = inquiry.assessments.get()
        self.assertEqual(inquiry.status, S.ASSESSED)
        self.assertEqual((assessment.recommended_level, assessment.decided_level), ("2.1", "2.1"))
        self.assertEqual(len(assessment.derivation), 6)
        self.assertEqual(assessment.edition, self.cast.program.asam_edition)

    def test_it_requires_the_reason_when_the_decision_differs(self):
        inquiry = screened(self.cast.program, self.cast.intake)
        with self.assertRaises(ValidationError) as caught:
            pipeline.record_assessment(
                inquiry,
                assessed_on=timezone.localdate(),
                ratings=IOP_RATINGS,
                narratives=NARRATIVES,
                decided_level="2.5",
                by=self.cast.clinician,
            )
        self.assertIn("decision_reason", caught.exception.message_dict)
        self.assertFalse(LevelOfCareAssessment.objects.exists())

    def test_it_records_a_differing_decision_with_its_reason(self):
        inquiry = assessed(self.cast.program, self.cast.clinician, decided="2.5")
        assessment = inquiry.assessments.get()
        self.assertTrue(assessment.decision_differs)
        self.assertEqual(assessment.decision_reason, "Client preference.")

    def test_it_requires_a_narrative_for_every_dimension(self):
        inquiry = screened(self.cast.program, self.cast.intake)
        with self.assertRaises(ValidationError) as caught:
            pipeline.record_assessment(
                inquiry,
                assessed_on=timezone.localdate(),
                ratings=IOP_RATINGS,
                narratives={**NARRATIVES, 4: " "},
                decided_level="2.1",
                by=self.cast.clinician,
            )
        self.assertEqual(list(caught.exception.message_dict), ["d4_narrative"])


class MoveTest(CastTestCase):
    def test_it_needs_where_to_when_referring_elsewhere(self):
        inquiry = screened(self.cast.program, self.cast.intake)
        with self.assertRaises(ValidationError) as caught:
            pipeline.move_inquiry(inquiry, S.REFERRED, note="Needs detox", by=self.cast.intake)
        self.assertIn("referred_to", caught.exception.message_dict)
        inquiry.refresh_from_db()
        self.assertEqual(inquiry.status, S.SCREENING)

    def test_it_refers_elsewhere_and_records_the_history(self):
        inquiry = screened(self.cast.program, self.cast.intake)
        pipeline.move_inquiry(
            inquiry, S.REFERRED, note="Needs detox", referred_to="Mercy detox", by=self.cast.intake
        )
        inquiry.refresh_from_db()
        self.assertEqual((inquiry.status, inquiry.referred_to), (S.REFERRED, "Mercy detox"))
        last = InquiryEvent.objects.filter(inquiry=inquiry).last()
        self.assertEqual((last.from_status, last.to_status), (S.SCREENING, S.REFERRED))

    def test_it_waitlists_and_reopens(self):
        inquiry = assessed(self.cast.program, self.cast.clinician)
        pipeline.move_inquiry(inquiry, S.WAITLISTED, by=self.cast.intake)
        pipeline.move_inquiry(inquiry, S.CLOSED, note="Went elsewhere", by=self.cast.intake)
        pipeline.move_inquiry(inquiry, S.NEW, by=self.cast.intake)
        inquiry.refresh_from_db()
        self.assertEqual(inquiry.status, S.NEW)
        self.assertEqual(inquiry.events.count(), 5)  # screened, assessed and three moves

    def test_it_refuses_to_waitlist_a_closed_inquiry(self):
        inquiry = make_inquiry(self.cast.program)
        Inquiry.objects.filter(pk=inquiry.pk).update(status=S.CLOSED)
        inquiry.refresh_from_db()
        with self.assertRaisesMessage(ValidationError, "can't become waitlisted"):
            pipeline.move_inquiry(inquiry, S.WAITLISTED, by=self.cast.intake)

    def test_it_counts_days_in_status(self):
        inquiry = make_inquiry(
            self.cast.program, status_changed_at=timezone.now() - timedelta(days=3, hours=2)
        )
        self.assertEqual(inquiry.days_in_status(), 3)

    def test_it_writes_a_screening_row_per_screening(self):
        inquiry = screened(self.cast.program, self.cast.intake)
        pipeline.record_screening(inquiry, FITS, by=self.cast.intake)
        self.assertEqual(Screening.objects.filter(inquiry=inquiry).count(), 2)
