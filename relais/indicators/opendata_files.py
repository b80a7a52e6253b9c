"""Open-data files as served: written once per version of their facts, then sent from disk.

A file read wholly from the daily facts (`opendata.facts_version`) changes only when those facts are written
again. It is written once, under a name drawn from that version, into `RELAIS_OPENDATA_DIR`, beside its gzip
variant and its first lines (the preview page), and sent from there: the server streams it from the file
(`FileResponse`), no worker holds it whole, reads it back from the cache table or unpickles it per request.
The same version always gives the same bytes (the JSON's date of generation is the facts' last refresh, the
gzip stream carries no time): every worker and every server agrees, and the ETag names the version.
"""

import contextlib
import contextvars
import datetime
import fcntl
import gzip
import hashlib
import itertools
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.utils import timezone

from relais.indicators import opendata
from relais.indicators.fact_reader import reading

logger = logging.getLogger(__name__)
KINDS = ("csv", "json")
PREVIEW = "apercu.json"
# An older version of a file is removed when a newer one is written, unless it was written this recently:
# a request that was given its name a moment ago can still open it.
KEEP_SECONDS = 600
GZIP_LEVEL = 6
# Given by a web worker to the process it starts to write a dataset's files: the lock is the worker's.
LOCK_HELD = "RELAIS_OPENDATA_LOCK_HELD"
APART_SECONDS = 600
# Within `write_all` (a command): written in this very process.
_IN_PLACE = contextvars.ContextVar("opendata_in_place", default=False)


@dataclass(frozen=True)
class Written:
    """The files of one dataset for one version of its facts."""

    stem: Path
    digest: str
    modified: datetime.datetime  # the facts' last refresh

    def path(self, kind: str, *, compressed: bool = False) -> Path:
        return self.stem.with_name(f"{self.stem.name}.{kind}{'.gz' if compressed else ''}")

    def paths(self) -> list[Path]:
        variants = [self.path(kind, compressed=c) for kind in KINDS for c in (False, True)]
        return [*variants, self.path(PREVIEW)]

    def etag(self, kind: str, *, compressed: bool = False) -> str:
        # A strong validator: the same bytes for the same version; each encoding its own.
        return f'"{self.digest}-{kind}{"-gz" if compressed else ""}"'


def directory() -> Path:
    return Path(settings.RELAIS_OPENDATA_DIR)


def written(dataset: opendata.Dataset, today: datetime.date | None = None) -> Written | None:
    """The files of `dataset` as its facts hold them now, written first if they are not yet (within a facts
    reader: `fact_reader.reading()`); None when a month is not read from the facts (then the file is computed
    from the history at each request: `opendata.file_content`)."""
    today = today or timezone.localdate()
    version = opendata.facts_version(dataset, today)
    if version is None:
        return None
    key, modified = version
    digest = hashlib.sha256(key.encode()).hexdigest()[:24]
    files = Written(directory() / f"{dataset.slug}.{digest}", digest, modified)
    if not _complete(files):
        try:
            _write(dataset, today, files)
        except OSError:  # no room, no right to write: the file is computed for this request, as from history
            logger.warning("opendata_not_written", extra={"dataset": dataset.slug}, exc_info=True)
            return None
    return files


def open_file(dataset, files: Written, kind: str, *, compressed: bool, today: datetime.date) -> BinaryIO:
    """One of the files, open for reading, within the facts reader that gave `files` (written again, the same
    version, if it was removed since: a newer version came and went within KEEP_SECONDS, or the folder was
    emptied)."""
    try:
        return files.path(kind, compressed=compressed).open("rb")
    except FileNotFoundError:
        _write(dataset, today, files)
        return files.path(kind, compressed=compressed).open("rb")


def preview(dataset: opendata.Dataset, today: datetime.date | None = None) -> list[dict]:
    """The first lines of the file, as its CSV and JSON hold them."""
    today = today or timezone.localdate()
    files = written(dataset, today)
    if files is None:
        return list(itertools.islice(opendata.lines(dataset, today), opendata.PREVIEW_LINES))
    with open_file(dataset, files, PREVIEW, compressed=False, today=today) as file:
        return json.load(file)


def document(dataset: opendata.Dataset, today: datetime.date | None = None) -> dict:
    """The JSON file as a document (the API): the written file's, else computed."""
    today = today or timezone.localdate()
    files = written(dataset, today)
    if files is None:
        return opendata.as_json(dataset, today)
    with open_file(dataset, files, "json", compressed=False, today=today) as file:
        return json.load(file)


def _complete(files: Written) -> bool:
    return all(path.exists() for path in files.paths())


def _write(dataset: opendata.Dataset, today: datetime.date, files: Written) -> None:
    folder = files.stem.parent
    folder.mkdir(parents=True, exist_ok=True)
    # One writer per dataset on this server: the others wait, then find the files written. A process started
    # by a web worker to write them (`_write_apart`) works under its parent's lock.
    held = os.environ.get(LOCK_HELD) == dataset.slug
    with contextlib.nullcontext() if held else _locked(folder / f"{dataset.slug}.lock"):
        if _complete(files):
            return
        if settings.RELAIS_OPENDATA_WRITE_APART and not held and not _IN_PLACE.get():
            _write_apart(dataset)
            if _complete(files):
                return
        _write_here(dataset, today, files)
    _remove_older(dataset, files)


@contextlib.contextmanager
def _locked(path: Path):
    with path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _write_apart(dataset: opendata.Dataset) -> None:
    """Write the files from another process: computing a national file fills a web worker's memo of
    published universes with 24 months of them (80 MB for the seven files), which its memory would keep."""
    command = [sys.executable, str(settings.BASE_DIR / "manage.py"), "write_opendata", "--jeu", dataset.slug]
    try:
        done = subprocess.run(  # noqa: S603 - our own command, no input from the request
            command, env={**os.environ, LOCK_HELD: dataset.slug}, capture_output=True, timeout=APART_SECONDS
        )
    except (subprocess.TimeoutExpired, OSError):
        done = None
    if done is None or done.returncode:
        logger.warning("opendata_not_written_apart", extra={"dataset": dataset.slug})


def _write_here(dataset: opendata.Dataset, today: datetime.date, files: Written) -> None:
    folder = files.stem.parent
    days, table = opendata.published_table(dataset, today)
    temporary = []
    try:
        for kind in KINDS:
            plain = _temporary(folder, temporary)
            with plain.open("wb") as out:
                rows = opendata.lines_of(dataset, days, table)
                opendata.write(out, dataset, kind, rows, today=today, generated=files.modified)
            packed = _temporary(folder, temporary)
            _compress(plain, packed)
            plain.replace(files.path(kind))
            packed.replace(files.path(kind, compressed=True))
        first = list(itertools.islice(opendata.lines_of(dataset, days, table), opendata.PREVIEW_LINES))
        marker = _temporary(folder, temporary)
        marker.write_text(json.dumps(first, ensure_ascii=False), encoding="utf-8")
        marker.replace(files.path(PREVIEW))  # last: the version is complete
    finally:
        for path in temporary:
            path.unlink(missing_ok=True)


def _compress(plain: Path, packed: Path) -> None:
    # No name and no time in the header: the same file always compresses to the same bytes.
    with (
        plain.open("rb") as source,
        packed.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=GZIP_LEVEL, mtime=0) as out,
    ):
        shutil.copyfileobj(source, out, 1 << 20)


def _temporary(folder: Path, made: list) -> Path:
    handle, name = tempfile.mkstemp(dir=folder, prefix=".ecriture-")
    os.close(handle)
    made.append(Path(name))
    return made[-1]


def _remove_older(dataset: opendata.Dataset, files: Written) -> None:
    current, lock = f"{files.stem.name}.", f"{dataset.slug}.lock"
    limit = time.time() - KEEP_SECONDS
    for path in files.stem.parent.glob(f"{dataset.slug}.*"):
        if path.name.startswith(current) or path.name == lock:
            continue
        with contextlib.suppress(FileNotFoundError):
            if path.stat().st_mtime < limit:
                path.unlink()


def write_all(today: datetime.date | None = None, slugs: Iterable[str] | None = None) -> list[str]:
    """The files of every dataset (or those of `slugs`) read from the facts as they are now, written in this
    process where they are not yet (after a refresh of the facts, so that no request pays for them); the
    slugs of those read from the facts."""
    datasets = [d for d in opendata.DATASETS if slugs is None or d.slug in slugs]
    token = _IN_PLACE.set(True)
    try:
        with reading():
            return [dataset.slug for dataset in datasets if written(dataset, today) is not None]
    finally:
        _IN_PLACE.reset(token)
