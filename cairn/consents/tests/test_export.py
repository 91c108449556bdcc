"""The record export: a ZIP of documented JSON with Part 2 labels and a PDF summary; audited;
never counseling notes."""

import io
import json
import zipfile

from cairn.audit.models import AuditEvent
from cairn.consents import record_export
from cairn.consents.models import RecordExport
from cairn.consents.tests.factories import make_consent
from cairn.consents.tests.pdfs import page_texts
from cairn.consents.tests.records import give_records
from cairn.consents.vocabulary import NOTICE_SHORT
from cairn.testing.cases import CastTestCase


class ExportTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        give_records(cls.cast)
        make_consent(cls.cast.client, cls.cast.clinician)
        export = record_export.export_record(
            cls.cast.client, by=cls.cast.director, reason="Client's written request"
        )
        cls.data, cls.exported_at = export.data, export.record.exported_at

    def setUp(self):
        self.zip = zipfile.ZipFile(io.BytesIO(self.data))

    def read(self, name):
        return json.loads(self.zip.read(name))

    def test_it_holds_every_category_but_counseling_notes(self):
        names = set(self.zip.namelist())
        self.assertLessEqual(
            {
                "demographics.json",
                "progress_notes.json",
                "medications.json",
                "drug_screens.json",
                "attendance.json",
                "consents.json",
                "disclosures.json",
                "summary.pdf",
                "README.md",
                "manifest.json",
            },
            names,
        )
        self.assertNotIn("counseling_notes.json", names)
        self.assertNotIn(b"COUNSELING-NOTE-TEXT", b"".join(self.zip.read(n) for n in names))

    def test_it_labels_every_bundle_and_resource_under_part_2(self):
        for name in self.zip.namelist():
            if not name.endswith(".json") or name == "manifest.json":
                continue
            bundle = self.read(name)
            with self.subTest(file=name):
                codes = {s["code"] for s in bundle["meta"]["security"]}
                self.assertLessEqual({"42CFRPart2", "R"}, codes)
                for entry in bundle["entry"]:
                    resource_codes = {s["code"] for s in entry["resource"]["meta"]["security"]}
                    self.assertLessEqual({"42CFRPart2", "R"}, resource_codes)

    def test_its_labels_are_valid_fhir_codings(self):
        from fhir.resources.meta import Meta

        meta = Meta.model_validate(self.read("medications.json")["meta"])
        self.assertEqual(meta.security[0].code, "42CFRPart2")

    def test_it_exports_signed_notes_and_the_consents(self):
        notes = self.read("progress_notes.json")["entry"]
        self.assertEqual(len(notes), 1)
        self.assertIn("PROGRESS-NOTE-TEXT", notes[0]["resource"]["sections"]["data"])
        consents = self.read("consents.json")["entry"]
        self.assertEqual(consents[0]["resource"]["resourceType"], "Consent")

    def test_its_manifest_names_each_file_with_its_hash(self):
        import hashlib

        manifest = self.read("manifest.json")
        self.assertEqual(manifest["format"], record_export.INTERIM_FORMAT)
        for item in manifest["files"]:
            with self.subTest(file=item["name"]):
                data = self.zip.read(item["name"])
                self.assertEqual(hashlib.sha256(data).hexdigest(), item["sha256"])

    def test_it_has_a_readable_pdf_summary(self):
        pages = page_texts(self.zip.read("summary.pdf"))
        self.assertIn("Record of Robin Castillo", pages[0])
        self.assertTrue(all(NOTICE_SHORT in page for page in pages))
        self.assertNotIn("COUNSELING-NOTE-TEXT", " ".join(pages))

    def test_it_is_recorded_and_audited(self):
        export = RecordExport.objects.get()
        self.assertEqual(export.exported_by, self.cast.director)
        event = AuditEvent.objects.get(action="record.export")
        self.assertEqual(event.client_id, self.cast.client.pk)
        self.assertEqual(event.detail["sha256"], export.sha256)

    def test_it_lets_the_fhir_app_supply_the_resources(self):
        def mapper(client, key, content):
            return [{"resourceType": "Basic", "id": f"{key}-1"}]

        record_export.set_resource_mapper(mapper)
        try:
            data, _ = record_export.build_zip(
                self.cast.client,
                by=self.cast.director,
                reason="x",
                now=self.exported_at,
            )
        finally:
            record_export.set_resource_mapper(None)
        archive = zipfile.ZipFile(io.BytesIO(data))
        bundle = json.loads(archive.read("medications.json"))
        self.assertEqual(bundle["entry"][0]["resource"]["resourceType"], "Basic")
        self.assertEqual(json.loads(archive.read("manifest.json"))["format"], "fhir-r4")
