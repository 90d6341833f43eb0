"""The Celery application, configured from :class:`JobSettings`: broker, result backend,
the delivery guarantees, and the one task.

- ``task_acks_late`` + ``task_reject_on_worker_lost``: a task is acknowledged once it has
  run, so a worker that dies (killed, out of memory, its machine gone) gives it back to the
  queue — at once when one of its processes dies, after ``visibility_timeout`` on Redis when
  the whole worker does;
- ``worker_prefetch_multiplier = 1``: a worker holds no more tasks than it has processes, so a
  dead worker strands few and a new worker gets work at once;
- remote control, events, gossip and mingle are off: nothing polls the workers (the state is
  in the job store), and hundreds of workers do not chatter on the broker.

Embedded mode (no ``RECOUVRE_BROKER_URL``): kombu's filesystem transport in
``<store>/_broker/queue`` (a message is a file, taken by an atomic rename) and Celery's file
result backend in ``<store>/_broker/results``. The filesystem transport has no acknowledgement:
a message taken by a worker that dies is gone, so :func:`service.jobs.worker.resume_embedded`
queues again, when an embedded worker starts, every item of an unfinished job that has neither
a result nor a message.
"""

from __future__ import annotations

from typing import Any

from celery import Celery

from service.jobs.settings import JobSettings

TASK = "recouvre.jobs.run_items"


def broker_dirs(settings: JobSettings) -> dict[str, Any]:
    base = settings.store / "_broker"
    dirs = {"queue": base / "queue", "control": base / "control", "results": base / "results",
            "processed": base / "processed"}
    for d in dirs.values():
        d.mkdir(parents=True, exist_ok=True)
    return dirs


def make_celery(settings: JobSettings) -> Celery:
    app = Celery("recouvre", set_as_current=False)
    if settings.embedded:
        dirs = broker_dirs(settings)
        broker_url = "filesystem://"
        transport: dict[str, Any] = {
            "data_folder_in": str(dirs["queue"]), "data_folder_out": str(dirs["queue"]),
            "control_folder": str(dirs["control"]), "polling_interval": 0.1,
            # taken messages are renamed into the store (atomic: one consumer each, which a
            # copy to /tmp on another filesystem would not be); swept with the jobs
            "store_processed": True, "processed_folder": str(dirs["processed"])}
        backend = settings.result_backend or f"file://{dirs['results']}"
    else:
        broker_url = settings.broker_url or ""
        transport = {"visibility_timeout": settings.visibility_timeout_s,
                     "unacked_restore_interval": settings.restore_interval_s,
                     "unacked_restore_throttle": 1}
        backend = settings.result_backend or broker_url
    app.conf.update(
        broker_url=broker_url,
        broker_transport_options=transport,
        result_backend=backend,
        result_expires=settings.retention_s,
        task_default_queue=settings.queue,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        worker_max_tasks_per_child=1000,  # as gunicorn's --max-requests: recycle processes
        worker_enable_remote_control=False,
        worker_send_task_events=False,
        task_send_sent_event=False,
        worker_hijack_root_logger=False,
        broker_connection_retry_on_startup=True,
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        timezone="UTC",
    )
    app.recouvre_settings = settings

    @app.task(name=TASK, bind=True, acks_late=True, reject_on_worker_lost=True,
              max_retries=settings.max_retries, shared=False)
    def run_items(self: Any, job_id: str, refs: list[list[Any]]) -> dict[str, Any]:
        from service.jobs.tasks import run_items as run

        return run(self, settings, job_id, refs)

    return app
