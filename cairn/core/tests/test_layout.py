"""The base layout, navigation by role, error pages and security headers (issue 2, point 6)."""

from django.test import override_settings

from cairn.testing.cases import CastTestCase


class LayoutTest(CastTestCase):
    def test_it_shows_the_program_the_user_and_their_role(self):
        self.login(self.cast.director)
        page = self.client.get("/").content.decode()
        self.assertIn("Riverside IOP", page)
        self.assertIn(self.cast.director.display_name, page)
        self.assertIn("Program director", page)

    def test_it_builds_navigation_from_the_role(self):
        cases = {"director": ["Clients", "Audit"], "admin": ["Users"], "clinician": ["Clients"]}
        hidden = {"director": ["Users"], "admin": ["Clients", "Audit"], "clinician": ["Audit"]}
        for member, labels in cases.items():
            with self.subTest(member=member):
                self.login(getattr(self.cast, member))
                nav = self.client.get("/").content.decode().split('id="main-nav"')[1]
                nav = nav.split("</ul>")[0]
                for label in labels:
                    self.assertIn(f">{label}</a>", nav)
                for label in hidden[member]:
                    self.assertNotIn(f">{label}</a>", nav)

    def _current(self, path: str) -> list[str]:
        nav = self.client.get(path).content.decode().split('id="main-nav"')[1].split("</ul>")[0]
        return [
            part.split(">", 1)[1].split("</a>")[0]
            for part in nav.split("<a ")[1:]
            if 'aria-current="page"' in part.split(">", 1)[0]
        ]

    def test_it_marks_the_current_menu_entry_by_path_prefix(self):
        self.login(self.cast.clinician)
        self.assertEqual(self._current("/notes/"), ["Notes"])
        chart = f"/clients/{self.cast.client.pk}"
        for tab in ("notes", "attendance", "schedule"):
            with self.subTest(tab=tab):
                self.assertEqual(self._current(f"{chart}/{tab}/"), ["Clients"])

    def test_a_nav_item_matches_a_path_prefix_only(self):
        from cairn.core.registry import NavItem

        item = NavItem("Notes", "notes:mine", lambda request: True, match="/notes/")
        self.assertTrue(item.is_current("/notes/cosign/"))
        self.assertFalse(item.is_current("/clients/7/notes/"))
        self.assertFalse(NavItem("Home", "core:home", lambda request: True).is_current("/"))

    def test_it_wires_htmx_with_the_csrf_token_and_no_inline_script(self):
        self.login(self.cast.clinician)
        response = self.client.get("/")
        page = response.content.decode()
        self.assertIn('hx-headers=\'{"X-CSRFToken": "', page)
        self.assertNotIn("<script>", page)
        policy = response["Content-Security-Policy"]
        self.assertIn("script-src 'self'", policy)
        self.assertNotIn("unsafe-inline", policy)

    def test_it_explains_a_missing_page_in_plain_words(self):
        self.login(self.cast.clinician)
        response = self.client.get("/clients/999999/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "We couldn't find that page", status_code=404)
        self.assertContains(response, "emergency access", status_code=404)

    def test_it_explains_a_refusal_in_plain_words(self):
        self.login(self.cast.biller)
        response = self.client.get("/audit/")
        self.assertEqual(response.status_code, 403)
        self.assertContains(response, "You don't have permission", status_code=403)

    @override_settings(DEBUG=False)
    def test_it_shows_a_friendly_page_on_a_server_error(self):
        from django.template.loader import render_to_string

        page = render_to_string("500.html")
        self.assertIn("Something went wrong on our side", page)
        self.assertNotIn("Traceback", page)
