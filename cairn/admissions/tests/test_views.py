"""Admissions pages through the door: permissions per view with the fixed cast, bad input on
every form (a message on the field, nothing written), and fixed query counts."""

from datetime import date, timedelta

from django.utils import timezone

from cairn.admissions import pipeline
from cairn.admissions.models import Inquiry, LevelOfCareAssessment, Screening
from cairn.admissions.tests.helpers import FITS, assessed, screened
from cairn.clients.models import Client, Episode
from cairn.clients.tests.permissions import PermissionTableMixin, ViewSpec
from cairn.testing.cases import CastTestCase
from cairn.testing.factories import make_client, make_inquiry


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
