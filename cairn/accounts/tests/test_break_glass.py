"""Emergency access to a chart outside the user's scope (issue 3, point 4)."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from cairn.accounts.models import BreakGlassGrant
from cairn.audit.models import AuditEvent
from cairn.testing.cases import CastTestCase

REASON = "Client called the crisis line; covering for the primary clinician tonight."


class BreakGlassTest(CastTestCase):
    def _open(self, user, mrn=None, reason=REASON, confirm="on"):
        self.login(user)
        data = {"mrn": mrn or self.cast.other_client.mrn, "reason": reason}
        if confirm:
            data["confirm"] = confirm
        return self.client.post("/accounts/emergency-access/", data)

    def test_it_opens_the_chart_for_a_limited_time_with_a_reason(self):
        chart = f"/clients/{self.cast.other_client.pk}/"
        self.login(self.cast.colleague)
        self.assertEqual(self.client.get(chart).status_code, 404)
        response = self._open(self.cast.colleague)
        self.assertRedirects(response, chart)
        page = self.client.get(chart)
        self.assertContains(page, "Emergency access.")
        grant = BreakGlassGrant.objects.get(user=self.cast.colleague)
        self.assertEqual(grant.reason, REASON)
        self.assertAlmostEqual(
            (grant.expires_at - grant.granted_at).total_seconds(), 4 * 3600, delta=5
        )
        self.assertTrue(AuditEvent.objects.filter(action="glass.open", client_id=grant.client_id))
        with time_machine.travel(timezone.now() + timedelta(hours=4, minutes=1)):
            self.login(self.cast.colleague)
            response = self.client.get(chart)
            self.assertEqual(response.status_code, 404, response.get("Location"))

    def test_it_refuses_without_a_reason_or_confirmation(self):
        for data in ({"reason": "because"}, {"confirm": ""}):
            with self.subTest(data=data):
                response = self._open(self.cast.colleague, **data)
                self.assertEqual(response.status_code, 200)
                self.assertFalse(BreakGlassGrant.objects.exists())

    def test_it_refuses_an_unknown_record_number_or_another_organization(self):
        for mrn in ("NOPE-1", self.cast.foreign_client.mrn):
            with self.subTest(mrn=mrn):
                response = self._open(self.cast.colleague, mrn=mrn)
                self.assertContains(response, "No client has that record number")
        self.assertFalse(BreakGlassGrant.objects.exists())

    def test_it_is_not_offered_to_roles_without_care_duties(self):
        for member in ("biller", "admin", "intake", "director"):
            with self.subTest(member=member):
                self.login(getattr(self.cast, member))
                self.assertEqual(self.client.get("/accounts/emergency-access/").status_code, 404)

    def test_it_shows_on_the_directors_report_and_can_be_reviewed(self):
        self._open(self.cast.colleague)
        self.login(self.cast.director)
        report = self.client.get("/accounts/emergency-access/report/")
        self.assertContains(report, REASON)
        grant = BreakGlassGrant.objects.get()
        response = self.client.post(
            f"/accounts/emergency-access/{grant.pk}/review/", {"note": "Appropriate."}
        )
        self.assertRedirects(response, "/accounts/emergency-access/report/")
        grant.refresh_from_db()
        self.assertEqual(grant.reviewed_by, self.cast.director)

    def test_only_directors_see_the_report(self):
        for member in ("clinician", "supervisor", "biller"):
            with self.subTest(member=member):
                self.login(getattr(self.cast, member))
                response = self.client.get("/accounts/emergency-access/report/")
                self.assertEqual(response.status_code, 403)
