"""Premises documents scanned by clamd when a socket is configured: a hit, or no verdict, refuses the file."""

import io
import os
import socketserver
import struct
import tempfile
import threading
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from relais.premises.models import PremisesDocument
from relais.users.enums import Role
from relais.utils.antivirus import clamd_scan
from tests.factories import UserFactory
from tests.governance.factories import ProposalFactory
from tests.helpers import messages_of

pytestmark = pytest.mark.django_db

# The standard antivirus test file, in two halves so that this source file itself is not flagged.
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-" + b"ANTIVIRUS-TEST-FILE!$H+H*"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
REAL_CLAMD = os.environ.get("RELAIS_CLAMD_SOCKET") or "/run/clamav/clamd.ctl"


class _FakeClamd(socketserver.StreamRequestHandler):
    """Enough of clamd's INSTREAM to check our side of the protocol."""

    def handle(self):
        assert self.rfile.read(10) == b"zINSTREAM\0"
        data = b""
        while size := struct.unpack("!L", self.rfile.read(4))[0]:
            data += self.rfile.read(size)
        self.server.scanned.append(data)
        self.wfile.write(b"stream: Eicar-Test-Signature FOUND\0" if EICAR in data else b"stream: OK\0")


@pytest.fixture
def fake_clamd(settings):
    directory = tempfile.mkdtemp(prefix="clamd")  # unix socket paths must stay short
    path = str(Path(directory) / "clamd.ctl")
    server = socketserver.ThreadingUnixStreamServer(path, _FakeClamd)
    server.scanned = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.RELAIS_CLAMD_SOCKET = path
    yield server
    server.shutdown()
    server.server_close()
    Path(path).unlink()
    Path(directory).rmdir()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _upload(client, name, content):
    proposal = ProposalFactory()
    client.force_login(UserFactory(role=Role.COORDINATION))
    url = reverse("premises:document_upload", args=[proposal.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def test_a_clean_document_is_scanned_then_kept(client, media, fake_clamd):
    _upload(client, "plan.pdf", PDF)
    assert fake_clamd.scanned == [PDF]
    assert PremisesDocument.objects.get().content_type == "application/pdf"


def test_an_infected_document_is_refused_with_the_signature(client, media, fake_clamd):
    response = _upload(client, "plan.pdf", PDF + EICAR)
    assert messages_of(response) == [
        "Le fichier a été refusé : l'antivirus y a détecté un contenu malveillant (Eicar-Test-Signature)."
    ]
    assert not PremisesDocument.objects.exists()


def test_no_verdict_no_document(client, media, settings, tmp_path):
    settings.RELAIS_CLAMD_SOCKET = str(tmp_path / "absent.ctl")
    response = _upload(client, "plan.pdf", PDF)
    assert messages_of(response) == [
        "L'analyse antivirus du fichier est indisponible pour le moment : réessayez plus tard."
    ]
    assert not PremisesDocument.objects.exists()


@pytest.mark.skipif(not Path(REAL_CLAMD).is_socket(), reason="no clamd socket on this machine")
def test_the_real_clamd_finds_eicar(client, media, settings):
    assert clamd_scan(io.BytesIO(PDF), socket_path=REAL_CLAMD) is None
    assert "Eicar" in clamd_scan(io.BytesIO(EICAR), socket_path=REAL_CLAMD)
    settings.RELAIS_CLAMD_SOCKET = REAL_CLAMD
    response = _upload(client, "eicar.pdf", EICAR)
    assert "contenu malveillant" in messages_of(response)[0]
    assert not PremisesDocument.objects.exists()
