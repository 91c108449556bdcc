"""Administrations (issue 8, point 3 and "Bad input"): start, draft, submit, discard, correct.
Every operation writes its audit event; bad answers are refused naming the item and store
nothing; drafts are never scored; a submitted administration never changes."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from cairn.assessments.administration import (
    AdministrationConflict,
    AdministrationError,
    discard_draft,
    mark_entered_in_error,
    save_answers,
    start_administration,
    submit_administration,
)
from cairn.assessments.configuration import save_settings
from cairn.assessments.models import Administration
from cairn.assessments.scoring import AnswerError
from cairn.audit.models import AuditEvent
from cairn.testing.cases import CastTestCase
from cairn.testing.factories import make_administration, make_client, make_episode
from cairn.worklist.models import Alert

PHQ9_MILD = {"1": 1, "2": 1, "3": 1, "4": 1, "5": 1, "6": 1, "7": 1, "8": 0, "9": 0}


class StartTest(CastTestCase):
    def test_it_opens_a_draft_with_who_how_and_the_episode(self):
        draft = start_administration(
            self.cast.client, "phq9", by=self.cast.clinician, method="paper"
        )
        self.assertEqual(draft.status, "draft")
        self.assertEqual(draft.method, "paper")
        self.assertEqual(draft.started_by, self.cast.clinician)
        self.assertEqual(draft.episode, self.cast.client.episodes.get())
        self.assertIsNone(draft.total)
        self.assertTrue(AuditEvent.objects.filter(action="assessment.start").exists())

    def test_it_calls_the_first_one_of_the_episode_intake_and_later_ones_follow_up(self):
        first = start_administration(self.cast.client, "gad7", by=self.cast.clinician)
        self.assertEqual(first.occasion, "intake")
        make_administration(self.cast.client, "gad7", by=self.cast.clinician)
        discard_draft(first, by=self.cast.clinician)
        second = start_administration(self.cast.client, "gad7", by=self.cast.clinician)
        self.assertEqual(second.occasion, "follow_up")

    def test_it_returns_the_open_draft_instead_of_a_second_one(self):
        first = start_administration(self.cast.client, "phq9", by=self.cast.clinician)
        again = start_administration(self.cast.client, "phq9", by=self.cast.supervisee)
        self.assertEqual(first.pk, again.pk)
        self.assertEqual(Administration.objects.count(), 1)

    def test_it_refuses_an_unknown_instrument_method_or_occasion(self):
        for kwargs in ({"instrument": "phq10"}, {"method": "fax"}, {"occasion": "whenever"}):
            with self.subTest(kwargs=kwargs):
                values = {"instrument": "phq9", **kwargs}
                with self.assertRaises(ValueError):
                    start_administration(self.cast.client, by=self.cast.clinician, **values)
        self.assertFalse(Administration.objects.exists())


class DraftTest(CastTestCase):
    def setUp(self):
        self.draft = start_administration(self.cast.client, "phq9", by=self.cast.clinician)

    def test_it_keeps_partial_answers_and_never_scores_them(self):
        saved = save_answers(self.draft, {"1": 2, "2": 1}, by=self.cast.clinician)
        self.assertEqual(saved.answers, {"1": 2, "2": 1})
        self.assertEqual(saved.status, "draft")
        self.assertIsNone(saved.total)
        self.assertEqual(saved.band, "")

    def test_it_merges_answers_and_clears_those_set_to_none(self):
        save_answers(self.draft, {"1": 2, "2": 1}, by=self.cast.clinician)
        saved = save_answers(self.draft, {"2": None, "3": 3}, by=self.cast.clinician)
        self.assertEqual(saved.answers, {"1": 2, "3": 3})

    def test_it_refuses_bad_answers_naming_the_item_and_stores_nothing(self):
        save_answers(self.draft, {"1": 2}, by=self.cast.clinician)
        for answers, item in (
            ({"2": 1, "3": 4}, "3"),  # out of range
            ({"2": 1, "10": 0}, "10"),  # unknown item
            ({"2": "1"}, "2"),  # not converted
            ({"2": True}, "2"),  # yes/no where a score is expected
            ({"11": None}, "11"),  # clearing an unknown item
        ):
            with self.subTest(answers=answers):
                with self.assertRaises(AnswerError) as caught:
                    save_answers(self.draft, answers, by=self.cast.clinician)
                self.assertEqual(caught.exception.item, item)
                self.draft.refresh_from_db()
                self.assertEqual(self.draft.answers, {"1": 2})

    def test_it_gives_the_second_writer_a_conflict(self):
        version = self.draft.version
        save_answers(self.draft, {"1": 1}, by=self.cast.clinician, version=version)
        with self.assertRaises(AdministrationConflict):
            save_answers(self.draft, {"1": 3}, by=self.cast.supervisee, version=version)
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.answers, {"1": 1})

    def test_it_audits_each_save(self):
        save_answers(self.draft, {"1": 1}, by=self.cast.clinician)
        event = AuditEvent.objects.get(action="assessment.save_draft")
        self.assertEqual(event.client_id, self.cast.client.pk)
        self.assertEqual(event.detail, {"answered": 1, "of": 9})

    def test_it_sets_a_discarded_draft_aside_without_deleting_it(self):
        discard_draft(self.draft, by=self.cast.clinician)
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.status, "discarded")
        with self.assertRaises(AdministrationError):
            save_answers(self.draft, {"1": 1}, by=self.cast.clinician)


class SubmitTest(CastTestCase):
    def _submit(self, code, answers, client=None, **kwargs):
        draft = start_administration(client or self.cast.client, code, by=self.cast.clinician)
        return submit_administration(draft, answers, by=self.cast.clinician, **kwargs)

    def test_it_scores_and_keeps_the_result(self):
        done = self._submit("phq9", PHQ9_MILD)
        self.assertEqual((done.status, done.total, done.band), ("submitted", 7, "mild"))
        self.assertEqual(done.flags, [])
        self.assertFalse(done.critical)
        self.assertEqual(done.submitted_by, self.cast.clinician)
        self.assertIsNotNone(done.administered_at)
        event = AuditEvent.objects.get(action="assessment.submit")
        self.assertEqual(event.detail["total"], 7)

    def test_it_scores_the_draft_answers_merged_with_the_last_ones(self):
        draft = start_administration(self.cast.client, "gad7", by=self.cast.clinician)
        save_answers(draft, {"1": 3, "2": 3, "3": 3}, by=self.cast.clinician)
        done = submit_administration(
            draft, {"4": 0, "5": 0, "6": 0, "7": 0}, by=self.cast.clinician
        )
        self.assertEqual(done.total, 9)

    def test_it_refuses_a_missing_answer_naming_it_and_stores_nothing(self):
        draft = start_administration(self.cast.client, "phq9", by=self.cast.clinician)
        answers = {k: v for k, v in PHQ9_MILD.items() if k != "6"}
        with self.assertRaises(AnswerError) as caught:
            submit_administration(draft, answers, by=self.cast.clinician)
        self.assertEqual(caught.exception.item, "6")
        draft.refresh_from_db()
        self.assertEqual((draft.status, draft.answers, draft.total), ("draft", {}, None))
        self.assertFalse(AuditEvent.objects.filter(action="assessment.submit").exists())

    def test_it_uses_the_clients_sex_for_the_audit_c_cut_off(self):
        answers = {"1": 1, "2": 1, "3": 1}  # total 3: positive for women, not for men
        man = make_client(self.cast.program, sex_at_birth="male")
        unknown = make_client(self.cast.program, sex_at_birth="unknown")
        for client, band, sex in (
            (self.cast.client, "positive", "female"),
            (man, "negative", "male"),
            (unknown, "positive", ""),
        ):
            with self.subTest(sex=client.sex_at_birth):
                done = self._submit("auditc", answers, client=client)
                self.assertEqual((done.band, done.scored_with_sex), (band, sex))

    def test_it_scores_the_c_ssrs_with_the_programs_risk_levels(self):
        levels = {"1": "low", "2": "high", "3": "moderate", "4": "high", "5": "high", "6": "high"}
        save_settings(self.cast.program, by=self.cast.director, cssrs_risk_by_item=levels)
        done = self._submit(
            "cssrs", {"1": True, "2": True, "3": False, "4": False, "5": False, "6": False}
        )
        self.assertEqual(done.band, "high")
        self.assertTrue(done.critical)

    def test_it_takes_the_date_of_a_paper_form_but_not_a_future_one(self):
        last_week = timezone.now() - timedelta(days=7)
        done = self._submit("phq9", PHQ9_MILD, administered_at=last_week)
        self.assertEqual(done.administered_at, last_week)
        draft = start_administration(self.cast.client, "gad7", by=self.cast.clinician)
        with self.assertRaisesMessage(ValueError, "future"):
            submit_administration(
                draft,
                dict.fromkeys("1234567", 0),
                by=self.cast.clinician,
                administered_at=timezone.now() + timedelta(days=1),
            )
        draft.refresh_from_db()
        self.assertEqual(draft.status, "draft")

    def test_it_raises_the_safety_alert_with_the_score_in_one_transaction(self):
        done = self._submit("phq9", {**PHQ9_MILD, "9": 1})
        self.assertTrue(done.critical)
        self.assertEqual(done.flags, ["safety:item9"])
        alert = Alert.objects.get(client=self.cast.client)
        self.assertEqual((alert.kind, alert.severity), ("safety", "urgent"))

    def test_it_refuses_to_submit_twice(self):
        done = self._submit("phq9", PHQ9_MILD)
        with self.assertRaises(AdministrationError):
            submit_administration(done, PHQ9_MILD, by=self.cast.clinician)


class CorrectionTest(CastTestCase):
    def setUp(self):
        self.done = make_administration(self.cast.client, "phq9", PHQ9_MILD)

    def test_it_never_lets_a_submitted_administration_change(self):
        self.done.refresh_from_db()
        self.done.total = 3
        with self.assertRaises(ValidationError):
            self.done.save()

    def test_it_marks_one_entered_in_error_with_the_reason(self):
        mark_entered_in_error(self.done, by=self.cast.clinician, reason="Wrong client")
        self.done.refresh_from_db()
        self.assertEqual(self.done.status, "entered_in_error")
        self.assertEqual(self.done.status_reason, "Wrong client")
        self.assertEqual(self.done.total, 7)  # the record stays as it was
        self.assertTrue(AuditEvent.objects.filter(action="assessment.entered_in_error").exists())

    def test_it_wants_a_reason(self):
        with self.assertRaises(ValueError):
            mark_entered_in_error(self.done, by=self.cast.clinician, reason="  ")
        self.done.refresh_from_db()
        self.assertEqual(self.done.status, "submitted")

    def test_it_does_not_correct_a_draft(self):
        draft = start_administration(self.cast.other_client, "gad7", by=self.cast.clinician)
        with self.assertRaises(AdministrationError):
            mark_entered_in_error(draft, by=self.cast.clinician, reason="no")


class EpisodeTest(CastTestCase):
    def test_it_starts_without_an_episode_before_admission(self):
        client = make_client(self.cast.program)
        draft = start_administration(client, "phq9", by=self.cast.clinician)
        self.assertIsNone(draft.episode)
        self.assertEqual(draft.occasion, "intake")

    def test_it_links_the_active_episode_only(self):
        client = make_client(self.cast.program)
        make_episode(
            client,
            status="discharged",
            admitted_on=timezone.localdate() - timedelta(days=90),
            discharged_on=timezone.localdate() - timedelta(days=30),
        )
        current = make_episode(client)
        draft = start_administration(client, "phq9", by=self.cast.clinician)
        self.assertEqual(draft.episode, current)
