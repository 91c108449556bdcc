"""Admissions pages through the door: permissions per view with the fixed cast, bad input on
every form (a message on the field, nothing written), and fixed query counts."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.template.defaultfilters import date as date_filter
from django.utils import timezone, translation

from cairn.admissions import pipeline
from cairn.admissions.models import Inquiry, LevelOfCareAssessment, Screening
from cairn.admissions.queries import CARD_TIME, COLUMN_LIMIT, card_time
from cairn.admissions.tests.helpers import FITS, assessed, screened
from cairn.clients.models import Client, Episode
from cairn.clients.tests.permissions import PermissionTableMixin, ViewSpec
from cairn.testing.cases import CastTestCase
from cairn.testing.factories import make_client, make_inquiry
from cairn.worklist.models import Task


def _inquiry(test):
    return {"inquiry_id": test.inquiry.pk}


MANAGE_STEPS = [
    "admissions:inquiry_edit",
    "admissions:inquiry_screening",
    "admissions:inquiry_schedule",
    "admissions:inquiry_assessment",
    "admissions:inquiry_admit",
    "admissions:inquiry_move",
    "admissions:inquiry_follow_up",
]


class AdmissionsPermissionTest(PermissionTableMixin, CastTestCase):
    VIEWS = [
        ViewSpec("admissions:board", None, "intake", read_only="biller", outsider=None),
        ViewSpec("admissions:inquiries", None, "intake", read_only="biller", outsider=None),
        ViewSpec(
            "admissions:inquiry_new",
            None,
            "intake",
            read_only="prescriber",
            outsider=None,
            methods=("get", "post"),
        ),
        ViewSpec("admissions:inquiry", _inquiry, "prescriber", read_only="biller"),
        *[
            ViewSpec(name, _inquiry, "intake", read_only="prescriber", methods=("get", "post"))
            for name in MANAGE_STEPS
        ],
    ]

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.inquiry = assessed(cls.cast.program, cls.cast.clinician)

    def test_it_shows_the_outsider_only_their_own_programs_board(self):
        self.login(self.cast.outsider)
        page = self.client.get("/admissions/").content.decode()
        self.assertNotIn(self.inquiry.last_name, page)

    def test_it_audits_each_read_of_an_inquiry(self):
        from cairn.audit.models import AuditEvent

        self.login(self.cast.intake)
        self.client.get(f"/admissions/inquiries/{self.inquiry.pk}/")
        event = AuditEvent.objects.get(action="inquiry.view")
        self.assertEqual(
            (event.object_id, event.actor_id), (str(self.inquiry.pk), self.cast.intake.pk)
        )


class InquiryFormTest(CastTestCase):
    def setUp(self):
        self.login(self.cast.intake)

    def post(self, **data):
        values = {
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "urgency": "soon",
            "first_name": "Quinn",
            "last_name": "Ortiz",
            "referral_source": "self",
        }
        values.update(data)
        return self.client.post("/admissions/inquiries/new/", values)

    def test_it_records_an_inquiry_and_shows_it(self):
        response = self.post(substances=["alcohol", "opioids"], coordinator=self.cast.clinician.pk)
        inquiry = Inquiry.objects.get()
        self.assertRedirects(response, f"/admissions/inquiries/{inquiry.pk}/")
        self.assertEqual(inquiry.substances, ["alcohol", "opioids"])
        self.assertEqual(inquiry.follow_ups.get().task.owner, self.cast.clinician)

    def test_it_refuses_bad_input_with_a_message_on_the_field(self):
        future = (timezone.localdate() + timedelta(days=1)).isoformat()
        cases = {
            "last_name": ({"last_name": ""}, "This field is required."),
            "date_of_birth": ({"date_of_birth": future}, "must be in the past"),
            "referring_organization": ({"referral_source": "php"}, "Name the organization"),
            "referral_source": ({"referral_source": "aliens"}, "Select a valid choice"),
        }
        for field, (data, message) in cases.items():
            with self.subTest(field=field):
                response = self.post(**data)
                self.assertEqual(response.status_code, 200)
                self.assertIn(message, " ".join(response.context["form"].errors[field]))
                self.assertFalse(Inquiry.objects.exists())

    def test_it_refuses_a_stale_edit(self):
        inquiry = make_inquiry(self.cast.program)
        response = self.client.post(
            f"/admissions/inquiries/{inquiry.pk}/edit/",
            {
                "version": inquiry.version - 1,
                "received_at": "2026-01-05T10:00",
                "urgency": "routine",
                "first_name": "Changed",
                "last_name": inquiry.last_name,
                "referral_source": "self",
            },
        )
        self.assertContains(response, "Someone else changed this record")
        inquiry.refresh_from_db()
        self.assertNotEqual(inquiry.first_name, "Changed")


class StepFormsTest(CastTestCase):
    def setUp(self):
        self.login(self.cast.intake)

    def test_it_asks_every_screening_question(self):
        inquiry = make_inquiry(self.cast.program)
        response = self.client.post(
            f"/admissions/inquiries/{inquiry.pk}/screening/", {**FITS, "safe_housing": ""}
        )
        self.assertEqual(response.context["form"].errors["safe_housing"], ["Answer yes or no."])
        self.assertFalse(Screening.objects.exists())

    def test_it_shows_the_recorded_referral_recommendation(self):
        inquiry = make_inquiry(self.cast.program)
        self.client.post(
            f"/admissions/inquiries/{inquiry.pk}/screening/", {**FITS, "withdrawal_risk": True}
        )
        page = self.client.get(f"/admissions/inquiries/{inquiry.pk}/")
        self.assertContains(page, "Refer to a higher level of care")
        self.assertContains(page, "withdrawal management")

    def test_it_refuses_an_assessment_time_in_the_past(self):
        inquiry = screened(self.cast.program, self.cast.intake)
        response = self.client.post(
            f"/admissions/inquiries/{inquiry.pk}/schedule/",
            {"assessment_at": "2020-01-01T10:00", "assessor": self.cast.clinician.pk},
        )
        self.assertIn("assessment_at", response.context["form"].errors)
        inquiry.refresh_from_db()
        self.assertEqual(inquiry.status, "screening")

    def assessment_data(self, **overrides):
        data = {"assessed_on": timezone.localdate().isoformat(), "decided_level": "2.1"}
        for n in range(1, 7):
            data[f"d{n}_rating"] = 2
            data[f"d{n}_narrative"] = f"Found {n}"
        data.update(overrides)
        return data

    def test_it_asks_why_when_the_decision_differs_from_the_recommendation(self):
        inquiry = screened(self.cast.program, self.cast.intake)
        url = f"/admissions/inquiries/{inquiry.pk}/assessment/"
        response = self.client.post(url, self.assessment_data(decided_level="2.5"))
        self.assertIn(
            "recommended level 2.1", response.context["form"].errors["decision_reason"][0]
        )
        self.assertContains(response, "How this was derived")
        self.assertFalse(LevelOfCareAssessment.objects.exists())

    def test_it_needs_a_rating_and_a_narrative_per_dimension(self):
        inquiry = screened(self.cast.program, self.cast.intake)
        url = f"/admissions/inquiries/{inquiry.pk}/assessment/"
        response = self.client.post(url, self.assessment_data(d3_rating="", d5_narrative=""))
        errors = response.context["form"].errors
        self.assertEqual(errors["d3_rating"], ["Rate this dimension from 0 to 4."])
        self.assertEqual(errors["d5_narrative"], ["Write what you found in this dimension."])
        self.assertFalse(LevelOfCareAssessment.objects.exists())

    def test_it_previews_the_recommendation_while_rating(self):
        inquiry = screened(self.cast.program, self.cast.intake)
        ratings = "&".join(f"d{n}_rating={3 if n == 6 else 1}" for n in range(1, 7))
        response = self.client.get(f"/admissions/inquiries/{inquiry.pk}/assessment/?{ratings}")
        self.assertContains(response, "Level 3.1")
        self.assertContains(response, "Driven by dimension 6 (rated 3)")

    def test_it_needs_where_to_when_referring_elsewhere(self):
        inquiry = screened(self.cast.program, self.cast.intake)
        response = self.client.post(
            f"/admissions/inquiries/{inquiry.pk}/status/", {"to_status": "referred", "note": "x"}
        )
        self.assertEqual(
            response.context["form"].errors["referred_to"], ["Say where the person was referred."]
        )

    def test_it_adds_a_follow_up_for_someone_else(self):
        inquiry = make_inquiry(self.cast.program)
        response = self.client.post(
            f"/admissions/inquiries/{inquiry.pk}/follow-ups/new/",
            {"title": "Send forms", "due_at": "2030-01-02T10:00", "owner": self.cast.clinician.pk},
        )
        self.assertRedirects(response, f"/admissions/inquiries/{inquiry.pk}/")
        self.assertEqual(inquiry.follow_ups.get().task.owner, self.cast.clinician)

    def test_it_refuses_a_follow_up_without_a_due_date(self):
        inquiry = make_inquiry(self.cast.program)
        response = self.client.post(
            f"/admissions/inquiries/{inquiry.pk}/follow-ups/new/",
            {"title": "Send forms", "owner": self.cast.clinician.pk},
        )
        self.assertIn("due_at", response.context["form"].errors)
        self.assertFalse(inquiry.follow_ups.exists())


class AdmitViewTest(CastTestCase):
    def setUp(self):
        self.login(self.cast.intake)

    def data(self, **overrides):
        values = {
            "first_name": "Morgan",
            "last_name": "Reyes",
            "date_of_birth": "1991-02-03",
            "sex_at_birth": "female",
            "admitted_on": timezone.localdate().isoformat(),
            "level_of_care": "2.1",
            "primary_clinician": self.cast.clinician.pk,
        }
        values.update(overrides)
        return values

    def test_it_admits_and_opens_the_chart(self):
        inquiry = assessed(self.cast.program, self.cast.clinician)
        response = self.client.post(f"/admissions/inquiries/{inquiry.pk}/admit/", self.data())
        client = Client.objects.get(last_name="Reyes")
        self.assertRedirects(response, f"/clients/{client.pk}/")

    def test_it_refuses_bad_input_and_writes_nothing(self):
        inquiry = assessed(self.cast.program, self.cast.clinician)
        future = (timezone.localdate() + timedelta(days=3)).isoformat()
        cases = {
            "date_of_birth": {"date_of_birth": future},
            "admitted_on": {"admitted_on": future},
            "mrn": {"mrn": self.cast.client.mrn},
            "primary_clinician": {"primary_clinician": ""},
            "last_name": {"last_name": ""},
        }
        for field, data in cases.items():
            with self.subTest(field=field):
                response = self.client.post(
                    f"/admissions/inquiries/{inquiry.pk}/admit/", self.data(**data)
                )
                self.assertIn(field, response.context["form"].errors)
                self.assertFalse(Client.objects.filter(last_name="Reyes").exists())

    def test_it_offers_the_existing_record_then_readmits_it(self):
        existing = make_client(
            self.cast.program,
            first_name="Morgan",
            last_name="Reyes",
            date_of_birth=date(1991, 2, 3),
            status="discharged",
        )
        inquiry = assessed(self.cast.program, self.cast.clinician)
        url = f"/admissions/inquiries/{inquiry.pk}/admit/"
        response = self.client.post(url, self.data())
        self.assertContains(response, f"record # {existing.mrn}")
        self.assertIn("already has a record", response.context["form"].errors["match"][0])
        self.assertEqual(Client.objects.filter(last_name="Reyes").count(), 1)
        response = self.client.post(url, self.data(match=str(existing.pk)))
        self.assertRedirects(response, f"/clients/{existing.pk}/")
        self.assertEqual(Episode.objects.filter(client=existing).count(), 1)


class BoardTest(CastTestCase):
    """What each card shows: days in status, the assessment time, the next open follow-up
    (standing out when overdue), and the counts; a full column links to the rest."""

    def follow_up(self, inquiry, due_at, owner=None, status=None):
        follow_up = pipeline.add_follow_up(
            inquiry,
            owner=owner or self.cast.intake,
            title="Call back",
            due_at=due_at,
            by=self.cast.intake,
        )
        if status:
            Task.objects.filter(pk=follow_up.task_id).update(status=status)
        return follow_up

    def card(self, page: str, inquiry) -> str:
        start = page.index(f'href="/admissions/inquiries/{inquiry.pk}/"')
        return page[start : page.index("</li>", start)]

    def test_each_card_shows_its_status_days_assessment_and_next_follow_up(self):
        now = timezone.now()
        late = make_inquiry(self.cast.program, first_name="Late", preferred_name="Lo")
        Inquiry.objects.filter(pk=late.pk).update(status_changed_at=now - timedelta(days=3))
        self.follow_up(late, now - timedelta(days=5), status=Task.Status.DONE)
        overdue_due = now - timedelta(hours=20)
        self.follow_up(late, overdue_due, owner=self.cast.clinician)
        self.follow_up(late, now + timedelta(days=2))
        booked = make_inquiry(
            self.cast.program,
            status=Inquiry.Status.ASSESSMENT_SCHEDULED,
            assessment_at=now + timedelta(days=1, hours=3),
            referral_source="court",
            referring_organization="Springfield drug court",
        )
        soon_due = now + timedelta(days=1)
        self.follow_up(booked, soon_due)
        closed = make_inquiry(self.cast.program, status=Inquiry.Status.CLOSED)
        self.follow_up(closed, now - timedelta(days=1))
        self.login(self.cast.intake)
        page = self.client.get("/admissions/").content.decode()

        card = self.card(page, late)
        self.assertIn(f"Lo (Late) {late.last_name}</a>", card)
        self.assertIn("3 days in new", card)
        self.assertIn('class="board-card board-card-overdue"', page)
        self.assertIn(
            f'<span class="badge text-bg-danger">Overdue</span> follow-up due '
            f"{self.shown(overdue_due)} · {self.cast.clinician.first_name} "
            f"{self.cast.clinician.last_name}",
            card,
        )
        card = self.card(page, booked)
        self.assertIn("Court", card)
        self.assertIn("· Springfield drug court", card)
        self.assertIn(
            f"0 days in assessment scheduled · assessment {self.shown(booked.assessment_at)}",
            card,
        )
        self.assertIn(
            f'<div class="small">Follow-up due {self.shown(soon_due)} · '
            f"{self.cast.intake.first_name} {self.cast.intake.last_name}</div>",
            card,
        )
        self.assertNotIn(f'href="/admissions/inquiries/{closed.pk}/"', page)
        self.assertIn(
            '<span class="badge text-bg-danger">1</span> inquiry has an overdue follow-up', page
        )
        self.assertIn('href="/admissions/inquiries/?status=closed">Closed 1</a>', page)

    def shown(self, value) -> str:
        """The time as the ``date`` filter shows it in the program's zone."""
        with timezone.override(self.cast.program.tz):
            return date_filter(timezone.localtime(value), CARD_TIME)

    def test_cards_show_urgency_and_escape_what_people_typed(self):
        urgent = make_inquiry(
            self.cast.program,
            urgency="urgent",
            first_name="<b>Al</b>",
            referral_source="employer",
            referring_organization='Acme "EAP" & Sons',
        )
        soon = make_inquiry(self.cast.program, urgency="soon")
        routine = make_inquiry(self.cast.program)
        self.login(self.cast.intake)
        page = self.client.get("/admissions/").content.decode()
        card = self.card(page, urgent)
        self.assertIn(f"&lt;b&gt;Al&lt;/b&gt; {urgent.last_name}</a>", card)
        self.assertIn('<span class="badge badge-urgent">Urgent</span>', card)
        self.assertIn("Employer · Acme &quot;EAP&quot; &amp; Sons</div>", card)
        self.assertIn('<span class="badge text-bg-warning">Soon</span>', self.card(page, soon))
        self.assertNotIn("badge", self.card(page, routine))
        self.assertNotIn("Follow-up", self.card(page, routine))

    def test_a_full_column_links_to_the_rest(self):
        for n in range(COLUMN_LIMIT + 1):
            make_inquiry(self.cast.program, last_name=f"Waiting{n:02d}")
        self.login(self.cast.intake)
        page = self.client.get("/admissions/").content.decode()
        self.assertIn("Waiting00", page)  # the oldest first
        self.assertNotIn(f"Waiting{COLUMN_LIMIT:02d}", page)
        self.assertIn(f">All {COLUMN_LIMIT + 1} new</a>", page)
        self.assertIn('<div class="empty-state small">None.</div>', page)

    def test_card_times_match_the_date_filter_in_each_language(self):
        zone = ZoneInfo("America/New_York")
        times = [
            datetime(2026, month, 1 + month, hour, minute, tzinfo=zone)
            for month in range(1, 13)
            for hour, minute in ((0, 0), (9, 5), (11, 59), (12, 0), (13, 30), (23, 59))
        ]
        for language in ("en", "es"):
            with translation.override(language), timezone.override(ZoneInfo("UTC")):
                for value in times:
                    with self.subTest(language=language, value=value):
                        self.assertEqual(
                            card_time(value), date_filter(timezone.localtime(value), CARD_TIME)
                        )


class QueryCountTest(CastTestCase):
    """The board and the list make the same number of queries whatever the data size."""

    def grow(self, n: int):
        for i in range(n):
            inquiry = pipeline.create_inquiry(
                self.cast.program,
                {"first_name": "P", "last_name": f"Person{i}", "referral_source": "self"},
                by=self.cast.intake,
            )
            if i % 3 == 0:
                pipeline.record_screening(inquiry, FITS, by=self.cast.intake)

    def count(self, url: str) -> int:
        self.client.get(url)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(captured.captured_queries)

    def test_the_board_and_the_list_make_a_fixed_number_of_queries(self):
        self.login(self.cast.intake)
        self.grow(3)
        small = {url: self.count(url) for url in ("/admissions/", "/admissions/inquiries/")}
        self.grow(30)
        for url, queries in small.items():
            with self.subTest(url=url):
                self.assertEqual(self.count(url), queries)
        self.assertLessEqual(small["/admissions/"], 12)
