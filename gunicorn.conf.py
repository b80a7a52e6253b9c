"""Gunicorn settings for the Procfile's `web` and `make serve` (read from the working directory).

The bind address comes from the command line or the platform's PORT; WEB_CONCURRENCY sets the workers.
"""

# No control socket: its default path is under the home directory (read-only on a PaaS), and two
# servers on one machine would contend for it.
control_socket_disable = True
# No access log: query strings may carry search terms about people. The application logs each
# request itself, without its query string (relais.ops.requests).
accesslog = None


def post_worker_init(worker):
    """Once the worker has loaded Django: its modules, models, settings and URL patterns live as long as
    the worker, so they are moved out of the garbage collector's generations. A full collection then no
    longer walks them on a request (a pause of about 150 ms on a find-a-place request, and half a
    millisecond a request on average, measured with `gc.callbacks`)."""
    import gc

    gc.freeze()
