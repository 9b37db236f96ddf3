"""Tasks for the job tests: module-level, as django.tasks requires, steered by the job's params."""

from django.tasks import task

from common import jobs

FIXED = set()  # job ids whose second attempt succeeds (a cause fixed before the retry)


@task()
def sample_job(job_id: int) -> str:
    return jobs.run(job_id, _work)


def _work(job, progress):
    mode = job.params.get("mode", "ok")
    if job.pk in FIXED:
        mode = "ok"
    if mode == "refused":
        raise jobs.JobFailed("The feed answered 500; nothing was imported.")
    if mode == "crash":
        raise RuntimeError("password=hunter2 in a message meant for the log only")
    for done in range(1, 4):
        progress(done, 3, f"step {done} of 3")
    if mode == "file":
        jobs.save_output(job, "scorecard.pdf", b"%PDF-1.7 sample")
    return {"summary": "Did three steps.", "result_url": "/vendors/"}
