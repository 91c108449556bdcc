"""Background work (django-tasks): a bulk export runs outside the request; the job row records
its progress and its files."""

from django_tasks import task


@task()
def run_export(job_id: int) -> str:
    from cairn.fhir.bulk import run

    return run(job_id).status
