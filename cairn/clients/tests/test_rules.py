"""ICD-10-CM look-ups from the full code set, and the weekly-hours minimum as data."""

from datetime import date
from decimal import Decimal

from django.test import SimpleTestCase, TestCase

from cairn.clients import icd
from cairn.clients.hours import weekly_minimum
from cairn.clients.models import HoursMinimum
from cairn.testing.factories import make_program


class IcdTest(SimpleTestCase):
    def test_it_finds_codes_with_or_without_the_dot_in_any_case(self):
        for text in ("F10.20", "f1020", " F10.20 "):
            with self.subTest(text=text):
                found = icd.lookup(text)
                self.assertEqual(found.code, "F10.20")
                self.assertEqual(found.description, "Alcohol dependence, uncomplicated")
                self.assertTrue(found.billable)

    def test_it_knows_a_category_is_not_billable_and_rejects_unknown_codes(self):
        self.assertFalse(icd.lookup("F10.2").billable)
        self.assertIsNone(icd.lookup("F99.999"))
        self.assertIsNone(icd.lookup("Z99.99"))
        self.assertIsNone(icd.lookup("F10-F19"))  # a block, not a code

    def test_it_searches_by_code_prefix_billable_codes_first(self):
        codes = [c.code for c in icd.search("F11.2")]
        self.assertEqual(codes[:2], ["F11.20", "F11.21"])

    def test_it_searches_by_words_in_any_order(self):
        codes = [c.code for c in icd.search("dependence opioid uncomplicated")]
        self.assertEqual(codes[0], "F11.20")

    def test_it_needs_two_characters_to_search(self):
        self.assertEqual(icd.search("F"), [])

    def test_it_suggests_the_kind_of_diagnosis_from_the_code(self):
        self.assertEqual(icd.suggest_category("F11.20"), "substance_use")
        self.assertEqual(icd.suggest_category("F33.1"), "mental_health")
        self.assertEqual(icd.suggest_category("K70.30"), "medical")


class HoursMinimumTest(TestCase):
    def setUp(self):
        self.program = make_program()

    def test_it_applies_the_default_rule_by_age(self):
        on = date(2026, 6, 1)
        cases = {date(1990, 1, 1): 9, date(2009, 6, 2): 6, date(2008, 6, 1): 9}
        for born, hours in cases.items():
            with self.subTest(born=born):
                minimum = weekly_minimum(self.program, "2.1", born, on)
                self.assertEqual(minimum.hours, Decimal(hours))
                self.assertIn("default rule", minimum.basis)

    def test_it_gives_php_twenty_hours_and_outpatient_none(self):
        born, on = date(1990, 1, 1), date(2026, 6, 1)
        self.assertEqual(weekly_minimum(self.program, "2.5", born, on).hours, Decimal(20))
        self.assertEqual(weekly_minimum(self.program, "1", born, on).hours, Decimal(0))

    def test_it_lets_a_program_set_its_own_rule(self):
        HoursMinimum.objects.create(
            program=self.program, level_of_care="2.1", min_age=0, weekly_hours=10, label="all ages"
        )
        minimum = weekly_minimum(self.program, "2.1", date(2010, 1, 1), date(2026, 6, 1))
        self.assertEqual(minimum.hours, Decimal(10))
        self.assertIn("this program's rule", minimum.basis)
        other = make_program()
        self.assertEqual(
            weekly_minimum(other, "2.1", date(2010, 1, 1), date(2026, 6, 1)).hours, Decimal(6)
        )

    def test_it_says_so_when_no_rule_covers_the_level(self):
        minimum = weekly_minimum(self.program, "3.7", date(1990, 1, 1), date(2026, 6, 1))
        self.assertEqual(minimum.hours, Decimal(0))
        self.assertIn("no minimum configured", minimum.basis)
