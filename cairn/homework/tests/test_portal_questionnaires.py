from django.urls import reverse

from cairn.assessments.models import Administration
from cairn.testing.cases import CastTestCase
from cairn.testing.factories import make_administration
from cairn.worklist.models import Alert


class PortalQuestionnaireTest(CastTestCase):
    def start(self, code="phq9"):
        self.login(self.cast.portal)
        response = self.client.post(reverse("homework:portal_start"), {"instrument": code})
        administration = Administration.objects.get(client=self.cast.client, instrument=code)
        return response, administration

    def answer(self, administration, number, value, action="next"):
        administration.refresh_from_db()
        return self.client.post(
            reverse("homework:portal_question", args=[administration.pk, number]),
            {"answer": value, "action": action, "version": administration.version},
        )

    def test_it_lists_what_is_due(self):
        self.login(self.cast.portal)
        response = self.client.get(reverse("homework:portal_questionnaires"))
        self.assertContains(response, "Patient Health Questionnaire")

    def test_it_starts_a_portal_administration_at_question_one(self):
        response, administration = self.start()
        self.assertEqual(administration.method, "portal")
        self.assertRedirects(
            response, reverse("homework:portal_question", args=[administration.pk, 1])
        )
        page = self.client.get(response["Location"])
        self.assertContains(page, "Question 1 of 9")

    def test_it_refuses_to_start_what_is_not_due(self):
        self.login(self.cast.portal)
        self.client.post(reverse("homework:portal_start"), {"instrument": "nothing"})
        self.assertFalse(Administration.objects.exists())

    def test_it_moves_forward_and_back_saving_each_answer(self):
        _, administration = self.start()
        response = self.answer(administration, 1, "2")
        self.assertRedirects(
            response, reverse("homework:portal_question", args=[administration.pk, 2])
        )
        response = self.answer(administration, 2, "", action="back")
        self.assertRedirects(
            response, reverse("homework:portal_question", args=[administration.pk, 1])
        )
        administration.refresh_from_db()
        self.assertEqual(administration.answers, {"1": 2})
        page = self.client.get(reverse("homework:portal_question", args=[administration.pk, 1]))
        self.assertRegex(page.content.decode(), r'value="2"[^>]* checked')

    def test_it_asks_for_an_answer_before_going_on(self):
        _, administration = self.start()
        response = self.answer(administration, 1, "")
        self.assertContains(response, "Choose an answer to go on.", status_code=400)
        response = self.answer(administration, 1, "9")
        self.assertContains(response, "Choose one of the answers shown.", status_code=400)
        administration.refresh_from_db()
        self.assertEqual(administration.answers, {})

    def test_it_submits_with_the_same_scoring_and_safety_alert_as_staff_entry(self):
        _, administration = self.start()
        for number in range(1, 10):
            self.answer(administration, number, "1" if number != 9 else "2")
        review = self.client.get(reverse("homework:portal_review", args=[administration.pk]))
        self.assertContains(review, "Check your answers")
        administration.refresh_from_db()
        response = self.client.post(
            reverse("homework:portal_review", args=[administration.pk]),
            {"version": administration.version},
        )
        self.assertRedirects(response, reverse("homework:portal_done", args=[administration.pk]))
        administration.refresh_from_db()
        self.assertEqual((administration.status, administration.total), ("submitted", 10))
        self.assertTrue(administration.critical)
        self.assertTrue(Alert.objects.filter(client=self.cast.client).exists())
        done = self.client.get(response["Location"])
        self.assertContains(done, 'href="tel:988"')
        self.assertContains(done, "Your care team has been told")

    def test_it_refuses_to_submit_with_unanswered_questions(self):
        _, administration = self.start()
        self.answer(administration, 1, "0")
        response = self.client.post(reverse("homework:portal_review", args=[administration.pk]))
        self.assertContains(response, "Some questions have no answer yet", status_code=400)
        administration.refresh_from_db()
        self.assertEqual(administration.status, "draft")

    def test_it_skips_questions_that_are_not_asked(self):
        _, administration = self.start("cssrs")
        self.answer(administration, 1, "no")
        self.answer(administration, 2, "no")
        page = self.client.get(reverse("homework:portal_question", args=[administration.pk, 3]))
        self.assertContains(page, "Question 3 of 3")

    def test_it_hides_another_clients_questionnaire_and_stores_nothing(self):
        theirs = make_administration(self.cast.other_client, status="draft", answers={})
        self.login(self.cast.portal)
        for name, args in (
            ("homework:portal_question", [theirs.pk, 1]),
            ("homework:portal_review", [theirs.pk]),
            ("homework:portal_done", [theirs.pk]),
        ):
            with self.subTest(name=name):
                url = reverse(name, args=args)
                self.assertEqual(self.client.get(url).status_code, 404)
                self.assertIn(self.client.post(url, {"answer": "3"}).status_code, (404, 405))
        theirs.refresh_from_db()
        self.assertEqual((theirs.status, theirs.answers), ("draft", {}))

    def test_it_answers_404_past_the_last_question(self):
        _, administration = self.start()
        url = reverse("homework:portal_question", args=[administration.pk, 10])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_discarded_questionnaire_is_gone(self):
        _, administration = self.start()
        Administration.objects.filter(pk=administration.pk).update(status="discarded")
        response = self.answer(administration, 1, "1")
        self.assertEqual(response.status_code, 404)

    def test_a_step_after_sending_elsewhere_leads_to_the_thank_you_page(self):
        from unittest import mock

        from cairn.assessments.administration import AdministrationError

        _, administration = self.start()
        with mock.patch(
            "cairn.homework.views_portal.save_answers", side_effect=AdministrationError("sent")
        ):
            response = self.answer(administration, 1, "1")
        self.assertRedirects(
            response,
            reverse("homework:portal_done", args=[administration.pk]),
            fetch_redirect_response=False,
        )
