from django_tasks import task


@task()
def noop():
    """A task for the queue-lag check: only its place in the queue matters."""
