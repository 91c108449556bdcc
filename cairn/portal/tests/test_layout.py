from django.urls import reverse

from cairn.testing.cases import CastTestCase


class PortalLayoutTest(CastTestCase):
    def test_it_shows_the_clients_name_menu_and_crisis_help(self):
        self.login(self.cast.portal)
        response = self.client.get(reverse("portal:home"))
        self.assertContains(response, self.cast.client.first_name)
        self.assertContains(response, 'href="tel:988"')
        self.assertContains(response, reverse("portal:checkin"))
        self.assertContains(response, reverse("portal:plan"))

    def test_it_speaks_spanish_when_the_client_chose_it(self):
        self.login(self.cast.portal)
        self.client.post(reverse("portal:language"), {"language": "es", "next": "/portal/"})
        response = self.client.get(reverse("portal:home"))
        self.assertContains(response, "Llame o envíe un texto al 988")
        self.assertContains(response, '<html lang="es">')
        self.cast.portal.refresh_from_db()
        self.assertEqual(self.cast.portal.language, "es")
