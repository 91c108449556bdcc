"""Taking a group's attendance in a real browser (issue 6, tests): from the home page's
panel to a saved roster, with a late arrival and an unexcused absence."""

from datetime import datetime, time, timedelta

import time_machine
from playwright.sync_api import expect

from cairn.accounts.roles import Role
from cairn.attendance.models import AttendanceRecord
from cairn.attendance.tests.helpers import NY
from cairn.testing.browser import BrowserTestCase
from cairn.testing.factories import add_to_team, make_client, make_episode, make_program, make_user
from cairn.testing.sessions import make_session
from cairn.worklist.models import Task

AFTERNOON = datetime(2026, 3, 11, 14, 30, tzinfo=NY)


class TakeAttendanceBrowserTest(BrowserTestCase):
    def setUp(self):
        self.travel = time_machine.travel(AFTERNOON, tick=True)
        self.travel.start()
        super().setUp()
        program = make_program(name="Harbor IOP")
        self.facilitator = make_user(
            username="carmen", first_name="Carmen", roles=[Role.CLINICIAN], program=program
        )
        self.clients = []
        for n, (first, last) in enumerate(NAMES):
            client = make_client(program, first_name=first, last_name=last, mrn=f"H{n:04d}")
            make_episode(
                client,
                admitted_on=AFTERNOON.date() - timedelta(days=30),
                primary_clinician=self.facilitator,
            )
            add_to_team(client, self.facilitator, role="primary")
            self.clients.append(client)
        self.session = make_session(
            program,
            self.facilitator,
            clients=self.clients,
            day=AFTERNOON.date(),
            start=time(13),
            title="Relapse prevention",
        )

    def tearDown(self):
        super().tearDown()
        self.travel.stop()

    def test_it_takes_a_groups_attendance_in_one_save(self):
        page = self.page
        self.sign_in_with_totp(self.facilitator)
        panel = page.get_by_role("region", name="Today's sessions")
        assert "15 on the roster" in panel.inner_text()
        assert "Attendance not taken" in panel.inner_text()
        panel.get_by_role("link", name="Take attendance").click()

        page.get_by_role("button", name="Mark everyone not yet marked present").click()
        assert page.locator("[data-marked-count]").inner_text() == "15 of 15 marked"
        late = page.get_by_role("group", name="Blake Baker")
        late.get_by_text("Late", exact=True).click()
        late.get_by_label("Minutes late").fill("20")
        assert late.get_by_label("Minutes attended").input_value() == "160"
        absent = page.get_by_role("group", name="Devon Dunn")
        absent.get_by_text("Absent, unexcused", exact=True).click()
        assert absent.get_by_label("Minutes attended").is_hidden()
        page.get_by_role("button", name="Save attendance").click()

        expect(page.get_by_role("status")).to_contain_text("Saved attendance for 15 clients.")
        records = {r.client.last_name: r for r in AttendanceRecord.objects.select_related("client")}
        assert len(records) == 15
        assert (records["Baker"].status, records["Baker"].minutes) == ("late", 160)
        assert (records["Dunn"].status, records["Dunn"].minutes) == ("absent_unexcused", 0)
        assert records["Abbott"].minutes == 180
        assert Task.objects.get(kind="outreach").client.last_name == "Dunn"

        page.goto(self.url("/"))
        assert (
            "Attendance taken" in page.get_by_role("region", name="Today's sessions").inner_text()
        )
        assert self.console_errors == []


NAMES = [
    ("Alex", "Abbott"),
    ("Blake", "Baker"),
    ("Cameron", "Castillo"),
    ("Devon", "Dunn"),
    ("Elliot", "Ellis"),
    ("Frankie", "Ferreira"),
    ("Gabriel", "Grant"),
    ("Harper", "Holloway"),
    ("Indigo", "Ibarra"),
    ("Jesse", "Jensen"),
    ("Kai", "Keller"),
    ("Lane", "Lopez"),
    ("Marley", "Mendoza"),
    ("Noel", "Nash"),
    ("Oakley", "Owens"),
]
