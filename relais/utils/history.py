"""A change of the history made without saving rows one by one (bulk inserts, rows moved between two
person records): the service that makes it says so here, for whoever keeps figures derived from the
history (the daily facts of the indicators listen). Saving or deleting a row needs no call: Django's
own signals tell."""

import datetime

from django.dispatch import Signal

# Sent with `area` (the app whose rows changed) and `day` (the earliest day touched; None: every day).
history_changed = Signal()


def announce(area: str, day: datetime.date | None = None) -> None:
    history_changed.send(sender=area, area=area, day=day)
