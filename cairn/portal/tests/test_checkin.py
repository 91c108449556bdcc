from django.urls import reverse

from cairn.portal.models import CheckIn
from cairn.portal.tests.helpers import checkin_post, make_checkin
from cairn.testing.cases import CastTestCase
from cairn.testing.plans import make_relapse_plan
from cairn.worklist.models import Alert

URL = "/portal/check-in/"


class CheckInPageTest(CastTestCase):
    def test_it_stores_todays_checkin(self):
        self.login(self.cast.portal)
        response = self.client.post(URL, checkin_post(note="Good day"))
        self.assertRedirects(response, reverse("portal:home"))
        checkin = CheckIn.objects.get(client=self.cast.client)
        self.assertEqual((checkin.mood, checkin.craving, checkin.note), (6, 3, "Good day"))
        self.assertFalse(checkin.used_substance)

    def test_it_offers_the_triggers_of_the_clients_plan(self):
        make_relapse_plan(self.cast.client, by=self.cast.clinician, signed=True)
        self.login(self.cast.portal)
        response = self.client.get(URL)
        self.assertContains(response, "The Anchor Bar on 5th")
        self.client.post(URL, checkin_post(triggers=["The Anchor Bar on 5th"]))
        checkin = CheckIn.objects.get(client=self.cast.client)
        self.assertEqual(checkin.triggers, ["The Anchor Bar on 5th"])

    def test_it_offers_the_coping_skills_of_the_clients_plan(self):
        version = make_relapse_plan(self.cast.client, by=self.cast.clinician, signed=True)
        skill = version.coping_skill_names[0]
        self.login(self.cast.portal)
        self.assertContains(self.client.get(URL), skill)
        self.client.post(URL, checkin_post(coping_used=[skill], coping="A long shower"))
        checkin = CheckIn.objects.get(client=self.cast.client)
        self.assertEqual(checkin.coping, f"{skill}; A long shower")

    def test_it_refuses_out_of_range_values_and_stores_nothing(self):
        self.login(self.cast.portal)
        cases = {
            "mood": {"mood": "11"},
            "craving": {"craving": "-1"},
            "sleep_hours": {"sleep_hours": "25"},
            "used": {"used": "maybe"},
        }
        for field, bad in cases.items():
            with self.subTest(field=field):
                response = self.client.post(URL, checkin_post(**bad))
                self.assertEqual(response.status_code, 400)
                self.assertIn(field, response.context["form"].errors)
        self.assertFalse(CheckIn.objects.exists())

    def test_it_asks_which_substance_when_use_is_reported(self):
        self.login(self.cast.portal)
        response = self.client.post(URL, checkin_post(used="yes"))
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Say which", status_code=400)
        self.assertFalse(CheckIn.objects.exists())

    def test_it_takes_one_checkin_a_day(self):
        make_checkin(self.cast.client, mood=4)
        self.login(self.cast.portal)
        response = self.client.post(URL, checkin_post(mood="9"))
        self.assertContains(response, "already checked in today", status_code=400)
        self.assertEqual(list(CheckIn.objects.values_list("mood", flat=True)), [4])

    def test_it_is_only_for_portal_users(self):
        self.login(self.cast.clinician)
        self.assertEqual(self.client.get(URL).status_code, 404)

    def test_it_sends_anonymous_visitors_to_sign_in(self):
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("accounts:login"), response["Location"])

    def test_it_refuses_other_methods(self):
        self.login(self.cast.portal)
        self.assertEqual(self.client.put(URL).status_code, 405)

    def test_it_speaks_spanish(self):
        self.cast.portal.language = "es"
        self.cast.portal.save()
        self.login(self.cast.portal)
        response = self.client.post(URL, checkin_post(mood=""))
        self.assertContains(response, "Elija su estado de ánimo", status_code=400)


class CheckInRulesTest(CastTestCase):
    def test_it_raises_an_urgent_alert_when_use_is_reported(self):
        self.login(self.cast.portal)
        self.client.post(URL, checkin_post(used="yes", substances="alcohol"))
        alert = Alert.objects.get(client=self.cast.client, kind="checkin_use")
        self.assertEqual(alert.severity, Alert.Severity.URGENT)
        self.assertIn("alcohol", alert.message)

    def test_it_raises_an_alert_on_high_craving_two_days_in_a_row(self):
        make_checkin(self.cast.client, days_ago=1, craving=9)
        self.login(self.cast.portal)
        self.client.post(URL, checkin_post(craving="8"))
        self.assertTrue(Alert.objects.filter(client=self.cast.client, kind="checkin_craving"))

    def test_it_raises_no_craving_alert_for_one_high_day(self):
        make_checkin(self.cast.client, days_ago=2, craving=9)
        make_checkin(self.cast.client, days_ago=1, craving=5)
        self.login(self.cast.portal)
        self.client.post(URL, checkin_post(craving="8"))
        self.assertFalse(Alert.objects.filter(kind="checkin_craving").exists())

    def test_it_follows_the_programs_rules(self):
        from cairn.portal.models import CheckInRules

        CheckInRules.objects.create(program=self.cast.program, alert_on_use=False)
        self.login(self.cast.portal)
        self.client.post(URL, checkin_post(used="yes", substances="alcohol"))
        self.assertFalse(Alert.objects.filter(kind="checkin_use").exists())
