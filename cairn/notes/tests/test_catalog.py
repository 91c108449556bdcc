"""The note catalog is data, checked when it loads (DESIGN.md principle 3)."""

import copy
import json
from importlib import resources

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase

from cairn.notes.catalog import CatalogError, catalog, parse
from cairn.notes.models import NoteTemplate

RAW = json.loads(resources.files("cairn.notes").joinpath("note_catalog.json").read_text())


def broken(change) -> dict:
    raw = copy.deepcopy(RAW)
    change(raw)
    return raw


class CatalogTest(SimpleTestCase):
    def test_it_has_every_note_type_and_format_of_the_issue(self):
        cat = catalog()
        self.assertEqual(
            set(cat.note_types),
            {
                "individual",
                "group",
                "family",
                "intake",
                "crisis",
                "case_management",
                "medication_management",
            },
        )
        self.assertEqual(set(cat.formats), {"DAP", "SOAP", "BIRP", "GIRP"})

    def test_it_gives_every_format_and_group_layout_a_plan(self):
        cat = catalog()
        for code in cat.formats:
            with self.subTest(format=code):
                self.assertIn("plan", cat.section_keys("individual", code))
                self.assertIn("plan", cat.section_keys("group", code))

    def test_it_splits_group_notes_into_a_shared_and_a_member_part(self):
        layout = catalog().group_layouts["GIRP"]
        self.assertEqual(layout.shared, ("topic", "intervention", "group_process"))
        self.assertIn("participation", layout.member)

    def test_it_names_the_field_of_a_broken_file(self):
        cases = {
            "unknown section": lambda r: r["formats"]["DAP"]["sections"].append("nope"),
            "no plan": lambda r: r["formats"]["DAP"]["sections"].remove("plan"),
            "bad default": lambda r: r["note_types"]["intake"].update(default_format="GIRP"),
            "bad template": lambda r: r["templates"]["crisis"]["DAP"].update(goal="x"),
            "zero due time": lambda r: r["note_types"]["group"].update(due_hours=0),
        }
        for name, change in cases.items():
            with self.subTest(case=name), self.assertRaises(CatalogError):
                parse(broken(change))


class NoteTemplateTest(SimpleTestCase):
    def test_it_refuses_a_section_the_format_lacks(self):
        template = NoteTemplate(note_type="crisis", format="DAP", texts={"goal": "x"})
        with self.assertRaises(ValidationError) as caught:
            template.clean()
        self.assertIn("texts", caught.exception.message_dict)

    def test_it_refuses_a_format_the_type_does_not_use(self):
        template = NoteTemplate(note_type="intake", format="GIRP", texts={})
        with self.assertRaises(ValidationError):
            template.clean()
