"""The JSON log format: one object per line, with the request id, and nothing from the request itself."""

import logging
import traceback

from pythonjsonlogger.json import JsonFormatter

from relais.ops.requests import REQUEST_ID


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        request = getattr(record, "request", None)
        # django.request logs a response after the middleware has returned: its id is on the request.
        record.request_id = REQUEST_ID.get() or getattr(request, "request_id", "")
        return True


class RelaisJsonFormatter(JsonFormatter):
    """Leaves out the request object Django attaches to some records (its repr has the query string)
    and the messages of exceptions (an error may quote the data it failed on)."""

    def formatException(self, ei):
        exc_type, _, tb = ei
        return "".join(traceback.format_tb(tb)) + f"{exc_type.__module__}.{exc_type.__qualname__}"

    def add_fields(self, log_data, record, message_dict):
        super().add_fields(log_data, record, message_dict)
        log_data.pop("request", None)
