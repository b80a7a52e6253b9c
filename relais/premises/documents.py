"""What may be attached to a proposal: the type is read from the content, not trusted from the name."""

from pathlib import PurePosixPath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError

from relais.utils.antivirus import ScanUnavailable, clamd_scan

# Sniffed MIME type → file name extensions accepted for it.
ALLOWED_TYPES: dict[str, tuple[str, ...]] = {
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
    "image/webp": (".webp",),
    "application/msword": (".doc",),
    "application/vnd.ms-excel": (".xls",),
    "application/vnd.ms-powerpoint": (".ppt",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx",),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": (".pptx",),
    "application/vnd.oasis.opendocument.text": (".odt",),
    "application/vnd.oasis.opendocument.spreadsheet": (".ods",),
    "application/vnd.oasis.opendocument.presentation": (".odp",),
}
ERROR_EMPTY = "Le fichier est vide."
ERROR_TOO_LARGE = "Le fichier dépasse la taille maximale de {max_mb} Mo."
ERROR_TYPE = (
    "Ce type de fichier n'est pas accepté : déposez un PDF, une image (JPEG, PNG, WebP) "
    "ou un document bureautique (Word, Excel, PowerPoint, OpenDocument)."
)
ERROR_VIRUS = "Le fichier a été refusé : l'antivirus y a détecté un contenu malveillant ({signature})."
ERROR_SCAN_UNAVAILABLE = "L'analyse antivirus du fichier est indisponible pour le moment : réessayez plus tard."
ERROR_EXTENSION = "L'extension du fichier (« {ext} ») ne correspond pas à son contenu ({kind})."
# Enough of the head of a file for the office formats, whose signature sits inside the zip directory.
SNIFF_BYTES = 64 * 1024


def max_upload_bytes() -> int:
    return settings.RELAIS_PREMISES_MAX_UPLOAD_MB * 1024 * 1024


def sniff_upload(upload) -> str:
    """The MIME type of an accepted upload, read from its bytes; ValidationError otherwise.

    When a clamd socket is configured, the file is scanned first and refused on a hit.
    """
    if upload.size == 0:
        raise ValidationError(ERROR_EMPTY)
    if upload.size > max_upload_bytes():
        raise ValidationError(ERROR_TOO_LARGE.format(max_mb=settings.RELAIS_PREMISES_MAX_UPLOAD_MB))
    if settings.RELAIS_CLAMD_SOCKET:
        try:
            signature = clamd_scan(upload, socket_path=settings.RELAIS_CLAMD_SOCKET)
        except ScanUnavailable as exc:  # fail closed: an unscanned file is not accepted
            raise ValidationError(ERROR_SCAN_UNAVAILABLE) from exc
        if signature:
            raise ValidationError(ERROR_VIRUS.format(signature=signature))
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        raise ValidationError(ERROR_TYPE)
    extension = PurePosixPath(upload.name or "").suffix.lower()
    if extension not in ALLOWED_TYPES[kind.mime]:
        raise ValidationError(ERROR_EXTENSION.format(ext=extension or "aucune", kind=kind.extension.upper()))
    return kind.mime
