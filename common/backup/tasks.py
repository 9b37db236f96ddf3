"""A backup as a background job (issue 16): ``manage.py backup FILE --enqueue`` queues it.

The file is written by whichever machine runs the worker, so FILE must be a path that
machine can write (and that the backups are collected from); see docs/operations.md.
"""

from pathlib import Path

from django.tasks import task

from common import jobs
from common.backup import BackupError, write_backup

KIND = "backup"


def start_backup(path: Path, owner=None) -> jobs.Job:
    return jobs.start(
        backup_job, kind=KIND, label=f"Backup to {path}", owner=owner, params={"path": str(path)}
    )


@task()
def backup_job(job_id: int) -> str:
    return jobs.run(job_id, _backup)


def _backup(job: jobs.Job, progress: jobs.Progress) -> dict:
    path = job.params["path"]
    try:
        manifest = write_backup(Path(path))
    except BackupError as exc:
        raise jobs.JobFailed(str(exc)) from None
    rows = sum(manifest["counts"].values())
    return {
        "summary": f"Backed up {rows} rows of {len(manifest['counts'])} models and "
        f"{len(manifest['media'])} files to {path}.",
        "rows": rows,
        "files": len(manifest["media"]),
        "path": path,
    }
