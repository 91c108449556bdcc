"""Bulk export: kick-off 202 with a status URL, polling, NDJSON files that parse and validate;
the offline command and the plain function."""

import io
import json
import shutil
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.test import override_settings

from cairn.fhir import bulk, validation
from cairn.fhir.tests.base import FhirTestCase

PART2 = "42CFRPart2"


class BulkTest(FhirTestCase):
    def setUp(self):
        super().setUp()
        self.tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        override = override_settings(CAIRN_FHIR_EXPORT_DIR=Path(self.tmp))
        override.enable()
        self.addCleanup(override.disable)

    def kick_off(self, path):
        with self.captureOnCommitCallbacks(execute=True):
            response = self.api(path, HTTP_PREFER="respond-async")
        self.assertEqual(response.status_code, 202, response.content)
        return response["Content-Location"].split("/fhir/R4/", 1)[1]

    def test_it_exports_every_type_in_ndjson_that_validates(self):
        status_path = self.kick_off("$export")
        manifest = self.api(status_path)
        self.assertEqual(manifest.status_code, 200)
        output = manifest.json()["output"]
        self.assertEqual({o["type"] for o in output}, set(bulk.DEFAULT_TYPES))
        total = 0
        for item in output:
            response = self.api(item["url"].split("/fhir/R4/", 1)[1])
            self.assertEqual(response.status_code, 200)
            lines = b"".join(response.streaming_content).decode().splitlines()
            self.assertEqual(len(lines), item["count"])
            for line in lines:
                resource = json.loads(line)
                validation.validate(resource)
                self.assertEqual(resource["resourceType"], item["type"])
                if item["type"] != "Questionnaire":
                    codes = {s["code"] for s in resource["meta"]["security"]}
                    self.assertIn(PART2, codes)
            total += len(lines)
        self.assertGreater(total, 10)

    def test_it_exports_a_group_and_only_its_consented_members(self):
        track = self.cast.client.episodes.first().track
        status_path = self.kick_off(f"Group/{track.pk}/$export?_type=Patient,Condition")
        output = self.api(status_path).json()["output"]
        patients = next(o for o in output if o["type"] == "Patient")
        self.assertEqual(patients["count"], 1)

    def test_it_reports_progress_while_running(self):
        from cairn.fhir.models import ExportJob

        response = self.api("$export", HTTP_PREFER="respond-async")  # not run: no commit
        status_path = response["Content-Location"].split("/fhir/R4/", 1)[1]
        self.assertEqual(ExportJob.objects.get().status, "queued")
        polled = self.api(status_path)
        self.assertEqual(polled.status_code, 202)
        self.assertTrue(polled["X-Progress"])

    def test_it_refuses_bad_export_requests(self):
        for path in (
            "$export?_type=Frobnicate",
            "$export?_since=x",
            "$export?_since=2026-01-01",
            "$export?_elements=id",
            "Group/99999/$export",
        ):
            with self.subTest(path=path):
                response = self.api(path, HTTP_PREFER="respond-async")
                self.assertIn(response.status_code, (400, 404))
                self.assertEqual(response.json()["resourceType"], "OperationOutcome")

    def test_it_exports_only_the_types_the_scopes_reach(self):
        token = self.token(scope="system/Patient.rs system/Condition.rs")
        with self.captureOnCommitCallbacks(execute=True):
            response = self.api("$export", token=token, HTTP_PREFER="respond-async")
        status_path = response["Content-Location"].split("/fhir/R4/", 1)[1]
        output = self.api(status_path, token=token).json()["output"]
        self.assertEqual({o["type"] for o in output}, {"Patient", "Condition"})

    def test_it_exports_only_what_changed_since(self):
        status_path = self.kick_off("$export?_type=Patient,Condition&_since=2999-01-01T00:00:00Z")
        output = self.api(status_path).json()["output"]
        self.assertEqual({o["type"]: o["count"] for o in output}, {"Patient": 0, "Condition": 0})
        status_path = self.kick_off("$export?_type=Condition&_since=2000-01-01T00:00:00Z")
        output = self.api(status_path).json()["output"]
        self.assertEqual(output[0]["count"], 1)

    def test_it_hides_another_clients_export(self):
        self.assertEqual(self.api("$export-status/999").status_code, 404)

    def test_the_plain_function_returns_counts_and_seconds(self):
        stats = bulk.export(self.cast.program, ["Patient", "Observation"], self.tmp)
        self.assertEqual(stats["counts"]["Patient"], 2)  # offline: the program's own export
        self.assertEqual(stats["counts"]["Observation"], 6)
        self.assertGreaterEqual(stats["seconds"], 0)

    def test_the_command_writes_the_files(self):
        call_command(
            "fhir_export",
            program=str(self.cast.program.pk),
            out=self.tmp,
            stdout=io.StringIO(),
        )
        self.assertTrue((Path(self.tmp) / "Patient.ndjson").exists())
