"""The assessment pages: permissions with the cast for every view (allowed / outsider 404 /
read-only 403 / wrong method 405 / anonymous to sign-in), bad input for every form (a message
on the field, nothing written), and query counts on the list pages."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cairn.assessments.administration import start_administration, submit_administration
from cairn.assessments.configuration import save_settings
from cairn.assessments.models import Administration, AssessmentSettings, ScheduleRule
from cairn.assessments.tests.test_trends import phq9
from cairn.testing.cases import CastTestCase
from cairn.testing.factories import add_to_team, make_administration, make_client, make_episode
from cairn.worklist.models import Alert, Task
from cairn.worklist.operations import raise_alert

ANSWERS = {
    "q1": "1",
    "q2": "2",
    "q3": "1",
    "q4": "1",
    "q5": "0",
    "q6": "1",
    "q7": "0",
    "q8": "0",
    "q9": "0",
}


class ViewTestCase(CastTestCase):
    def assert_sign_in(self, response):
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/", response["Location"])

    def as_(self, user):
        self.client.logout()
        self.login(user)

    def tab(self, client=None):
        return f"/clients/{(client or self.cast.client).pk}/assessments/"


class ChartTabTest(ViewTestCase):
    def test_it_shows_the_care_team_and_the_director_the_tab(self):
        make_administration(self.cast.client, "phq9", phq9(12))
        for user in (self.cast.clinician, self.cast.supervisor, self.cast.director):
            with self.subTest(user=user.username):
                self.as_(user)
                response = self.client.get(self.tab())
                self.assertContains(response, "Trends")
                self.assertContains(response, "PHQ-9")

    def test_it_answers_404_outside_the_care_team_and_403_to_read_only_roles(self):
        for user, status in (
            (self.cast.outsider, 404),
            (self.cast.colleague, 404),
            (self.cast.biller, 403),
            (self.cast.intake, 403),
        ):
            with self.subTest(user=user.username):
                self.as_(user)
                self.assertEqual(self.client.get(self.tab()).status_code, status)

    def test_it_refuses_other_methods_and_anonymous_visitors(self):
        self.assert_sign_in(self.client.get(self.tab()))
        self.login(self.cast.clinician)
        self.assertEqual(self.client.post(self.tab()).status_code, 405)

    def test_it_offers_start_buttons_only_to_those_who_may_write(self):
        self.as_(self.cast.clinician)
        self.assertContains(self.client.get(self.tab()), "Give a questionnaire")
        self.as_(self.cast.director)
        self.assertNotContains(self.client.get(self.tab()), "Give a questionnaire")

    def test_it_shows_what_is_due_and_the_safety_alert(self):
        draft = start_administration(self.cast.client, "phq9", by=self.cast.clinician)
        submit_administration(
            draft, {**{str(n): 0 for n in range(1, 9)}, "9": 2}, by=self.cast.clinician
        )
        self.login(self.cast.clinician)
        response = self.client.get(self.tab())
        self.assertContains(response, "Safety alerts waiting for a response")
        self.assertContains(response, "Document the response")
        self.assertContains(response, "Start C-SSRS")
        self.assertContains(response, "Overdue")

    def test_it_draws_trends_from_json_for_the_static_script(self):
        for total in (16, 9):
            make_administration(self.cast.client, "phq9", phq9(total))
        self.login(self.cast.clinician)
        response = self.client.get(self.tab())
        self.assertContains(response, '<script id="assessment-trends" type="application/json">')
        self.assertContains(response, 'data-trend="phq9"')
        self.assertContains(response, "Scores as a table")
        self.assertContains(response, "reliable improvement")

    def test_it_makes_the_same_number_of_queries_with_more_history(self):
        self.login(self.cast.clinician)
        make_administration(self.cast.client, "phq9", phq9(12))
        with CaptureQueriesContext(connection) as few:
            self.client.get(self.tab())
        for code in ("phq9", "gad7", "pcl5", "bam", "dast10", "cssrs"):
            for _ in range(3):
                make_administration(self.cast.client, code)
        start_administration(self.cast.client, "pacs", by=self.cast.clinician)
        with self.assertNumQueries(len(few.captured_queries)):
            self.client.get(self.tab())


class StartTest(ViewTestCase):
    def url(self, client=None):
        return f"{self.tab(client)}start/"

    def test_it_starts_a_draft_and_opens_it(self):
        self.login(self.cast.clinician)
        response = self.client.post(self.url(), {"instrument": "gad7", "method": "paper"})
        draft = Administration.objects.get()
        self.assertRedirects(response, f"{self.tab()}{draft.pk}/")
        self.assertEqual((draft.instrument, draft.method, draft.status), ("gad7", "paper", "draft"))

    def test_it_checks_the_door_and_the_method(self):
        self.assert_sign_in(self.client.post(self.url(), {"instrument": "gad7"}))
        for user, status in ((self.cast.outsider, 404), (self.cast.director, 403)):
            with self.subTest(user=user.username):
                self.as_(user)
                response = self.client.post(self.url(), {"instrument": "gad7", "method": "staff"})
                self.assertEqual(response.status_code, status)
        self.as_(self.cast.clinician)
        self.assertEqual(self.client.get(self.url()).status_code, 405)
        self.assertFalse(Administration.objects.exists())

    def test_it_refuses_an_unknown_instrument_or_method(self):
        self.login(self.cast.clinician)
        for data in (
            {"instrument": "phq10", "method": "staff"},
            {"instrument": "phq9", "method": "portal"},
        ):
            with self.subTest(data=data):
                response = self.client.post(self.url(), data, follow=True)
                self.assertContains(response, "Choose a questionnaire")
        self.assertFalse(Administration.objects.exists())


class AnswerTest(ViewTestCase):
    def setUp(self):
        self.draft = start_administration(self.cast.client, "phq9", by=self.cast.clinician)
        self.url = f"{self.tab()}{self.draft.pk}/"

    def post(self, data, **extra):
        return self.client.post(self.url, {"version": self.draft.version, **data}, **extra)

    def test_it_shows_the_questions_with_their_answers(self):
        self.login(self.cast.clinician)
        response = self.client.get(self.url)
        self.assertContains(response, "Little interest or pleasure in doing things")
        self.assertContains(response, "data-answer-form")
        self.assertContains(response, "Save draft")

    def test_it_shows_read_only_roles_the_answers_without_the_form(self):
        self.login(self.cast.director)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "data-answer-form")
        self.assertContains(response, "not scored")

    def test_it_checks_the_door(self):
        self.assert_sign_in(self.client.get(self.url))
        for user, status in (
            (self.cast.outsider, 404),
            (self.cast.colleague, 404),
            (self.cast.biller, 403),
        ):
            with self.subTest(user=user.username):
                self.as_(user)
                self.assertEqual(self.client.get(self.url).status_code, status)
        self.as_(self.cast.director)
        self.assertEqual(self.post(ANSWERS | {"action": "submit"}).status_code, 403)
        self.as_(self.cast.clinician)
        self.assertEqual(self.client.put(self.url).status_code, 405)
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.status, "draft")

    def test_it_answers_404_for_an_administration_of_another_client(self):
        self.login(self.cast.clinician)
        url = f"{self.tab(self.cast.other_client)}{self.draft.pk}/"
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_it_saves_a_partial_draft(self):
        self.login(self.cast.clinician)
        response = self.post({"q1": "2", "q2": "1", "action": "save"})
        self.assertRedirects(response, self.tab())
        self.draft.refresh_from_db()
        self.assertEqual((self.draft.answers, self.draft.total), ({"1": 2, "2": 1}, None))

    def test_it_submits_scores_and_shows_the_result(self):
        self.login(self.cast.clinician)
        response = self.post(ANSWERS | {"action": "submit"}, follow=True)
        self.assertContains(response, "PHQ-9 scored 6 (mild).")
        self.draft.refresh_from_db()
        self.assertEqual((self.draft.status, self.draft.total), ("submitted", 6))

    def test_it_refuses_a_missing_answer_naming_the_question_and_writes_nothing(self):
        self.login(self.cast.clinician)
        data = {k: v for k, v in ANSWERS.items() if k != "q5"}
        response = self.post(data | {"action": "submit"})
        self.assertContains(response, "Answer question 5 before submitting.", status_code=400)
        self.assertContains(response, "Nothing was saved.", status_code=400)
        self.draft.refresh_from_db()
        self.assertEqual((self.draft.status, self.draft.answers), ("draft", {}))

    def test_it_refuses_an_out_of_range_answer_and_writes_nothing(self):
        self.login(self.cast.clinician)
        for action in ("save", "submit"):
            with self.subTest(action=action):
                response = self.post(ANSWERS | {"q3": "7", "action": action})
                self.assertContains(
                    response, "Question 3: choose one of the answers shown.", status_code=400
                )
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.answers, {})

    def test_it_tells_the_second_writer_about_the_conflict(self):
        self.login(self.cast.clinician)
        self.post({"q1": "1", "action": "save"})
        response = self.post({"q1": "3", "action": "save"})  # the old version
        self.assertContains(response, "Someone else saved answers", status_code=400)
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.answers, {"1": 1})

    def test_it_saves_in_the_background_for_the_phone_stepper(self):
        self.login(self.cast.clinician)
        response = self.post({"q1": "2", "action": "save"}, HTTP_X_CAIRN_AUTOSAVE="1")
        self.assertEqual(response.json(), {"saved": True, "version": self.draft.version + 1})
        bad = self.post({"q1": "9", "action": "save"}, HTTP_X_CAIRN_AUTOSAVE="1")
        self.assertEqual(bad.status_code, 400)
        self.assertIn("Question 1", bad.json()["errors"]["q1"][0])

    def test_it_wants_the_date_of_a_paper_form(self):
        paper = start_administration(
            self.cast.client, "gad7", by=self.cast.clinician, method="paper"
        )
        self.login(self.cast.clinician)
        url = f"{self.tab()}{paper.pk}/"
        answers = {f"q{n}": "1" for n in range(1, 8)} | {"version": paper.version}
        tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
        for date, message in (
            ("", "This field is required."),
            (tomorrow, "The date cannot be in the future."),
        ):
            with self.subTest(date=date):
                response = self.client.post(
                    url, answers | {"administered_on": date, "action": "submit"}
                )
                self.assertContains(response, message, status_code=400)
        paper.refresh_from_db()
        self.assertEqual(paper.status, "draft")
        last_week = timezone.localdate() - timedelta(days=7)
        self.client.post(url, answers | {"administered_on": last_week, "action": "submit"})
        paper.refresh_from_db()
        self.assertEqual(timezone.localdate(paper.administered_at), last_week)

    def test_it_raises_the_alert_and_says_so(self):
        self.login(self.cast.clinician)
        response = self.post(ANSWERS | {"q9": "1", "action": "submit"}, follow=True)
        self.assertContains(response, "Safety alert raised")
        self.assertContains(response, "Safety flag.")
        self.assertTrue(Alert.objects.filter(client=self.cast.client, kind="safety").exists())


class CorrectionViewTest(ViewTestCase):
    def setUp(self):
        self.done = make_administration(self.cast.client, "phq9", phq9(8))
        self.draft = start_administration(self.cast.client, "gad7", by=self.cast.clinician)

    def test_it_marks_an_assessment_entered_in_error_with_a_reason(self):
        self.login(self.cast.clinician)
        url = f"{self.tab()}{self.done.pk}/entered-in-error/"
        response = self.client.post(url, {"reason": ""}, follow=True)
        self.assertContains(response, "Say why")
        self.done.refresh_from_db()
        self.assertEqual(self.done.status, "submitted")
        self.client.post(url, {"reason": "Typed from the wrong paper form"})
        self.done.refresh_from_db()
        self.assertEqual(self.done.status, "entered_in_error")

    def test_it_sets_a_draft_aside(self):
        self.login(self.cast.clinician)
        response = self.client.post(f"{self.tab()}{self.draft.pk}/discard/")
        self.assertRedirects(response, self.tab())
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.status, "discarded")

    def test_they_check_the_door_and_the_method(self):
        for path in (f"{self.done.pk}/entered-in-error/", f"{self.draft.pk}/discard/"):
            url = f"{self.tab()}{path}"
            with self.subTest(path=path):
                self.client.logout()
                self.assert_sign_in(self.client.post(url, {"reason": "x"}))
                for user, status in ((self.cast.outsider, 404), (self.cast.director, 403)):
                    self.as_(user)
                    self.assertEqual(self.client.post(url, {"reason": "x"}).status_code, status)
                self.as_(self.cast.clinician)
                self.assertEqual(self.client.get(url).status_code, 405)
        self.done.refresh_from_db()
        self.draft.refresh_from_db()
        self.assertEqual((self.done.status, self.draft.status), ("submitted", "draft"))


class SafetyResponseViewTest(ViewTestCase):
    RESPONSE = {
        "assessment": "cssrs",
        "assessment_detail": "Passive ideation, no plan.",
        "risk_level": "low",
        "plan": "Safety plan reviewed.",
        "people_told": "Supervisor at 3 pm.",
    }

    def setUp(self):
        draft = start_administration(self.cast.client, "phq9", by=self.cast.clinician)
        submit_administration(
            draft, {**{str(n): 0 for n in range(1, 9)}, "9": 1}, by=self.cast.clinician
        )
        self.alert = Alert.objects.get()
        self.url = f"{self.tab()}safety-alerts/{self.alert.pk}/"

    def test_it_documents_the_response_and_resolves_the_alert_and_tasks(self):
        self.login(self.cast.clinician)
        self.assertContains(self.client.get(self.url), "Who was told")
        response = self.client.post(self.url, self.RESPONSE)
        self.assertRedirects(response, self.tab())
        self.alert.refresh_from_db()
        self.assertIsNotNone(self.alert.resolved_at)
        self.assertFalse(Task.objects.filter(status="open").exists())

    def test_it_refuses_an_incomplete_response_and_writes_nothing(self):
        self.login(self.cast.clinician)
        for field in ("assessment", "risk_level", "plan", "people_told"):
            with self.subTest(field=field):
                response = self.client.post(self.url, {**self.RESPONSE, field: ""})
                self.assertContains(response, "This field is required.", status_code=400)
        self.alert.refresh_from_db()
        self.assertIsNone(self.alert.resolved_at)

    def test_it_checks_the_door_and_the_method(self):
        self.assert_sign_in(self.client.get(self.url))
        for user, status in (
            (self.cast.outsider, 404),
            (self.cast.director, 403),
            (self.cast.colleague, 404),
        ):
            with self.subTest(user=user.username):
                self.as_(user)
                self.assertEqual(self.client.post(self.url, self.RESPONSE).status_code, status)
        self.as_(self.cast.clinician)
        self.assertEqual(self.client.delete(self.url).status_code, 405)
        self.alert.refresh_from_db()
        self.assertIsNone(self.alert.resolved_at)

    def test_it_answers_404_for_alerts_that_are_not_about_safety(self):
        other = raise_alert(client=self.cast.client, kind="attendance", message="Missed 3")
        self.login(self.cast.clinician)
        response = self.client.get(f"{self.tab()}safety-alerts/{other.pk}/")
        self.assertEqual(response.status_code, 404)


class DueListTest(ViewTestCase):
    url = "/assessments/due/"

    def test_it_lists_the_caseloads_due_assessments(self):
        self.login(self.cast.clinician)
        response = self.client.get(self.url)
        self.assertContains(response, self.cast.client.display_name)
        self.assertNotContains(response, self.cast.other_client.display_name)
        self.assertContains(response, "Overdue")

    def test_it_lists_every_visible_client_on_request(self):
        self.login(self.cast.director)
        response = self.client.get(self.url + "?show=all")
        self.assertContains(response, self.cast.other_client.display_name)

    def test_it_checks_the_program_role_and_the_method(self):
        self.assert_sign_in(self.client.get(self.url))
        self.login(self.cast.admin)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.as_(self.cast.clinician)
        self.assertEqual(self.client.post(self.url).status_code, 405)

    def test_it_makes_the_same_number_of_queries_for_more_clients(self):
        self.login(self.cast.director)
        with CaptureQueriesContext(connection) as few:
            self.client.get(self.url + "?show=all")
        for _ in range(5):
            person = make_client(self.cast.program)
            make_episode(person)
            make_administration(person, "phq9")
        with self.assertNumQueries(len(few.captured_queries)):
            self.client.get(self.url + "?show=all")


class OutcomesViewTest(ViewTestCase):
    url = "/assessments/outcomes/"

    def test_it_shows_the_director_the_program_picture(self):
        self.login(self.cast.director)
        response = self.client.get(self.url)
        self.assertContains(response, "Change since intake")
        self.assertContains(response, '<script id="outcome-chart" type="application/json">')
        self.assertContains(response, "assessments overdue")

    def test_it_is_for_directors_only(self):
        self.assert_sign_in(self.client.get(self.url))
        for user in (self.cast.clinician, self.cast.supervisor, self.cast.admin):
            with self.subTest(user=user.username):
                self.as_(user)
                self.assertEqual(self.client.get(self.url).status_code, 403)
        self.as_(self.cast.director)
        self.assertEqual(self.client.post(self.url).status_code, 405)

    def _stuck_client(self):
        start = timezone.now() - timedelta(days=40)
        person = make_client(self.cast.program)
        make_episode(person)
        for n in range(2):
            make_administration(
                person, "phq9", phq9(15), administered_at=start + timedelta(days=30 * n)
            )

    def test_it_makes_the_same_number_of_queries_for_more_clients(self):
        self.login(self.cast.director)
        self._stuck_client()
        with CaptureQueriesContext(connection) as few:
            self.client.get(self.url)
        for _ in range(4):
            self._stuck_client()
        with self.assertNumQueries(len(few.captured_queries)):
            response = self.client.get(self.url)
        self.assertEqual(len(response.context["not_improving"]), 5)


class SettingsViewTest(ViewTestCase):
    url = "/assessments/settings/"

    def _data(self, **overrides):
        data = {"grace_days": "2", "on_call_clinician": str(self.cast.supervisor.pk)}
        for code in ("phq9", "gad7", "auditc", "audit", "dast10", "pcl5", "bam", "cssrs", "pacs"):
            data[f"{code}_intake"] = "on"
        data["phq9_every"] = "7"
        data["cssrs_after"] = "phq9"
        for n, level in enumerate(("low", "low", "moderate", "high", "high", "high"), 1):
            data[f"cssrs_{n}"] = level
        return {**data, **overrides}

    def test_it_saves_the_schedule_and_the_settings(self):
        self.login(self.cast.director)
        self.assertContains(self.client.get(self.url), "When each questionnaire is due")
        response = self.client.post(self.url, self._data())
        self.assertRedirects(response, self.url)
        rule = ScheduleRule.objects.get(program=self.cast.program, instrument="phq9")
        self.assertEqual((rule.at_intake, rule.every_days, rule.at_discharge), (True, 7, False))
        settings = AssessmentSettings.objects.get(program=self.cast.program)
        self.assertEqual(
            (settings.on_call_clinician, settings.grace_days), (self.cast.supervisor, 2)
        )
        self.assertIsNone(settings.cssrs_risk_by_item)  # the default levels

    def test_it_keeps_custom_c_ssrs_levels(self):
        self.login(self.cast.admin)
        self.client.post(self.url, self._data(cssrs_2="high"))
        settings = AssessmentSettings.objects.get(program=self.cast.program)
        self.assertEqual(settings.cssrs_risk_by_item["2"], "high")

    def test_it_refuses_bad_input_and_writes_nothing(self):
        self.login(self.cast.director)
        for overrides, message in (
            ({"phq9_every": "0"}, "PHQ-9: repeat every 1 to 365 days"),
            ({"grace_days": "45"}, "30"),
            ({"on_call_clinician": str(self.cast.biller.pk)}, "Select a valid choice"),
            ({"cssrs_after": "gad7"}, "Select a valid choice"),
        ):
            with self.subTest(overrides=overrides):
                response = self.client.post(self.url, self._data(**overrides))
                self.assertContains(response, message, status_code=400)
        self.assertFalse(ScheduleRule.objects.exists())
        self.assertFalse(AssessmentSettings.objects.exists())

    def test_it_is_for_directors_and_administrators(self):
        self.assert_sign_in(self.client.get(self.url))
        for user in (self.cast.clinician, self.cast.supervisor, self.cast.biller):
            with self.subTest(user=user.username):
                self.as_(user)
                self.assertEqual(self.client.get(self.url).status_code, 403)
                self.assertEqual(self.client.post(self.url, self._data()).status_code, 403)
        self.as_(self.cast.director)
        self.assertEqual(self.client.delete(self.url).status_code, 405)
        self.assertFalse(ScheduleRule.objects.exists())


class HomePanelTest(ViewTestCase):
    def test_it_shows_the_clinician_their_due_assessments_and_safety_tasks(self):
        draft = start_administration(self.cast.client, "phq9", by=self.cast.clinician)
        submit_administration(
            draft, {**{str(n): 0 for n in range(1, 9)}, "9": 1}, by=self.cast.clinician
        )
        self.login(self.cast.clinician)
        response = self.client.get("/")
        self.assertContains(response, "Urgent safety response")
        self.assertContains(response, "Respond")
        self.assertContains(response, self.cast.client.display_name)

    def test_it_points_an_on_call_clinician_outside_the_team_to_emergency_access(self):
        save_settings(
            self.cast.program, by=self.cast.director, on_call_clinician=self.cast.colleague
        )
        draft = start_administration(self.cast.client, "phq9", by=self.cast.clinician)
        submit_administration(
            draft, {**{str(n): 0 for n in range(1, 9)}, "9": 1}, by=self.cast.clinician
        )
        self.login(self.cast.colleague)
        response = self.client.get("/")
        self.assertContains(response, f"record # {self.cast.client.mrn}")
        self.assertContains(response, "Emergency access")
        self.assertNotContains(response, self.cast.client.last_name)

    def test_it_is_hidden_when_nothing_is_due(self):
        self.login(self.cast.biller)
        self.assertNotContains(self.client.get("/"), "home-assessments")

    def test_it_makes_the_same_number_of_queries_for_a_bigger_caseload(self):
        self.login(self.cast.clinician)
        with CaptureQueriesContext(connection) as few:
            self.client.get("/")
        for _ in range(5):
            person = make_client(self.cast.program)
            make_episode(person)
            add_to_team(person, self.cast.clinician)
        with self.assertNumQueries(len(few.captured_queries)):
            self.client.get("/")
