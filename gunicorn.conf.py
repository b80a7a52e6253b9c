"""Gunicorn settings for the Procfile's `web` and `make serve` (read from the working directory).

The bind address comes from the command line or the platform's PORT; WEB_CONCURRENCY sets the workers.
"""

# No control socket: its default path is under the home directory (read-only on a PaaS), and two
# servers on one machine would contend for it.
control_socket_disable = True
# No access log: query strings may carry search terms about people. The application logs each
# request itself, without its query string (relais.ops.requests).
accesslog = None
