"""In a real browser on a phone (360 x 740; issue 11): a portal client completes a thought
record and a DBT diary day, then a PHQ-9 one question per screen; item 9 above zero shows
the kind safety message with 988 and raises the same alert as staff entry. axe-core checks
each portal page: no serious or critical violations; nothing wider than the screen."""

from playwright.sync_api import expect

from cairn.assessments.models import Administration
from cairn.homework import operations
from cairn.homework.models import Assignment
from cairn.homework.tests.factories import make_assignment
from cairn.testing.browser import BrowserTestCase
from cairn.testing.cast import build_cast
from cairn.worklist.models import Alert, Task

ANSWERS = [
    "Several days",
    "Not at all",
    "More than half the days",
    "Several days",
    "Not at all",
    "Several days",
    "Not at all",
    "Not at all",
    "Several days",  # item 9: thoughts of self-harm
]


def serious_axe_violations(page, url) -> list[str]:
    page.wait_for_load_state()
    page.add_script_tag(url=url("/static/vendor/axe/axe.min.js"))  # same origin: CSP
    result = page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes']]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


class PortalHomeworkPhoneTest(BrowserTestCase):
    viewport = {"width": 360, "height": 740}

    def setUp(self):
        super().setUp()
        self.cast = build_cast()
        self.record = make_assignment(self.cast.client, self.cast.clinician)
        self.card = make_assignment(self.cast.client, self.cast.clinician, worksheet="diary_card")
        self.axe_pages = []

    def check_page(self):
        """axe-core: no serious/critical violations; the page fits a 360 px screen."""
        page = self.page
        self.assertEqual(serious_axe_violations(page, self.url), [], page.url)
        width = page.evaluate("document.documentElement.scrollWidth")
        self.assertLessEqual(width, 360, page.url)
        self.axe_pages.append(page.url)

    def test_it_completes_homework_and_a_questionnaire_on_a_phone(self):
        page = self.page
        self.sign_in(self.cast.portal.username)
        page.wait_for_url(self.url("/portal/"))
        expect(page.get_by_role("link", name="Thought record")).to_be_visible()
        self.check_page()

        page.get_by_role("navigation", name="Portal").get_by_role("link", name="Homework").click()
        self.check_page()
        page.get_by_role("link", name="Thought record").click()
        self.check_page()
        page.get_by_role("button", name="Send to my clinician").click()
        expect(page.get_by_role("alert")).to_contain_text("Nothing was sent yet.")
        page.get_by_label("What happened?").fill("Argument with my sister")
        page.get_by_label("What went through your mind?").fill("Nobody listens to me")
        page.locator("label[for='id_intensity_before_8']").click()
        page.get_by_label("A more balanced thought").fill("She listened last week")
        page.get_by_role("button", name="Send to my clinician").click()
        expect(page.locator(".messages")).to_contain_text("Sent to your care team")
        self.record.refresh_from_db()
        self.assertEqual(self.record.status, Assignment.Status.SUBMITTED)
        self.assertEqual(self.record.answers["intensity_before"], 8)

        page.get_by_role("link", name="Diary card").click()
        monday = page.locator("details.diary-day").first
        monday.locator("label[for='id_week-mon-urge_3']").click()
        monday.locator("label[for='id_week-mon-used_1']").click()  # "No"
        monday.get_by_label("Skill or note").fill("Opposite action")
        self.check_page()
        page.get_by_role("button", name="Save and finish later").click()
        expect(page.locator(".messages")).to_contain_text("Saved")
        self.card.refresh_from_db()
        self.assertEqual(
            self.card.answers["week"]["mon"], {"urge": 3, "used": False, "note": "Opposite action"}
        )

        page.get_by_role("navigation", name="Portal").get_by_role(
            "link", name="Questionnaires"
        ).click()
        self.check_page()
        page.get_by_role("button", name="Start Patient Health Questionnaire-9").click()
        for number, answer in enumerate(ANSWERS, 1):
            expect(page.locator(".question-progress")).to_have_text(f"Question {number} of 9")
            if number == 1:
                page.get_by_role("button", name="Next").click()  # no answer: a clear message
                expect(page.get_by_role("alert")).to_contain_text("Choose an answer to go on.")
                self.check_page()
            if number == 2:  # by keyboard: arrows move between answers, Enter goes on
                page.get_by_label("Not at all", exact=True).focus()
                page.keyboard.press("Space")
                page.keyboard.press("Enter")
                continue
            page.get_by_label(answer, exact=True).check()
            label = "Review answers" if number == 9 else "Next"
            page.get_by_role("button", name=label).click()
        expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
        self.check_page()
        page.get_by_role("button", name="Send my answers").click()
        expect(page.get_by_role("alert")).to_contain_text("Call or text 988")
        self.check_page()

        administration = Administration.objects.get(client=self.cast.client, instrument="phq9")
        self.assertEqual((administration.method, administration.status), ("portal", "submitted"))
        self.assertTrue(administration.critical)
        self.assertTrue(Alert.objects.filter(client=self.cast.client, severity="urgent").exists())
        # The two refused steps answer 400 by design; nothing else may fail in the console.
        errors = [e for e in self.console_errors if "status of 400" not in e]
        self.assertEqual(errors, [])
        self.assertEqual(len(self.axe_pages), 8)


class ClinicianHomeworkTest(BrowserTestCase):
    """A clinician assigns a worksheet from the chart, reads the client's answers, comments;
    the review task on the worklist is done; the client reads the comment in the portal."""

    def setUp(self):
        super().setUp()
        self.cast = build_cast()

    def test_it_assigns_reviews_and_the_client_reads_the_comment(self):
        page = self.page
        self.sign_in_with_totp(self.cast.clinician)
        page.wait_for_url(self.url("/"))
        page.goto(self.url(f"/clients/{self.cast.client.pk}/homework/"))
        expect(page.get_by_text("No homework yet.")).to_be_visible()
        page.get_by_label("Worksheet").select_option(label="Trigger log")
        page.get_by_label("Instructions for the client").fill("Any moment this week.")
        page.get_by_role("button", name="Assign").click()
        expect(page.locator(".messages")).to_contain_text("Homework assigned")

        assignment = Assignment.objects.get()
        operations.submit_homework(
            assignment,
            {"when": "Friday", "trigger": "Payday", "craving": 6, "coping": "Called my sister"},
            by=self.cast.portal,
        )
        page.reload()
        page.get_by_role("link", name="Trigger log").click()
        expect(page.get_by_text("Called my sister")).to_be_visible()
        page.get_by_role("button", name="Mark reviewed").click()
        expect(page.locator(".alert-danger, .invalid-feedback").first).to_contain_text(
            "Write a comment for the client."
        )
        page.get_by_label("Comment for the client").fill("Calling your sister was the skill.")
        page.get_by_role("button", name="Mark reviewed").click()
        expect(page.locator(".messages")).to_contain_text("Review saved")
        self.assertTrue(Task.objects.filter(kind="homework_review", status="done").exists())

        self.context.clear_cookies()
        self.sign_in(self.cast.portal.username)
        page.goto(self.url(f"/portal/homework/{assignment.pk}/"))
        expect(page.get_by_text("Calling your sister was the skill.")).to_be_visible()
