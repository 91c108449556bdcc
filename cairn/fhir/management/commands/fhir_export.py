"""``manage.py fhir_export --program <slug or id> [--types Patient,Observation] [--out DIR]``:
the bulk export, offline (no HTTP, no token): one NDJSON file per resource type, every
resource Part 2 labelled. For the program's own use (e.g. a data warehouse inside the program,
42 CFR 2.12(c)(3)); with ``--client <client id>`` the registered client's consents apply."""

from django.core.management.base import BaseCommand, CommandError

from cairn.core.models import Program
from cairn.fhir import bulk
from cairn.fhir.models import SystemClient


class Command(BaseCommand):
    help = "Export a program's records as FHIR R4 NDJSON, one file per resource type."

    def add_arguments(self, parser):
        parser.add_argument("--program", required=True, help="program slug or id")
        parser.add_argument("--types", default="", help="comma-separated resource types")
        parser.add_argument("--out", default=None, help="output directory")
        parser.add_argument("--client", default=None, help="a registered client's client id")

    def handle(self, *args, program, types, out, client, **options):
        lookup = {"pk": int(program)} if program.isdigit() else {"slug": program}
        found = Program.objects.filter(**lookup).first()
        if found is None:
            raise CommandError(f"No program {program!r}.")
        chosen = [t.strip() for t in types.split(",") if t.strip()] or None
        unknown = [t for t in chosen or [] if t not in bulk.EXPORTABLE]
        if unknown:
            raise CommandError(f"Cannot export {unknown[0]!r}; choose from {bulk.EXPORTABLE}.")
        system_client = None
        if client:
            system_client = SystemClient.objects.filter(
                application__client_id=client, program=found
            ).first()
            if system_client is None:
                raise CommandError(f"No client {client!r} in {found}.")
        stats = bulk.export(found, chosen, out, system_client=system_client)
        for name, count in stats["counts"].items():
            self.stdout.write(f"{name:24} {count:8}")
        rate = stats["resources"] / stats["seconds"] if stats["seconds"] else 0
        self.stdout.write(
            f"{stats['resources']} resources in {stats['seconds']} s ({rate:.0f}/s) "
            f"→ {stats['out_dir']}"
        )
