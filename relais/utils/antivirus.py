"""Scanning an upload with ClamAV's daemon over its unix socket (clamd's INSTREAM command).

The protocol is a few lines, so it is spoken here rather than through an unmaintained client:
send `zINSTREAM\\0`, then chunks each prefixed by its length (4 bytes, big-endian), then a zero
length; clamd answers `stream: OK`, `stream: <signature> FOUND` or `... ERROR`, ended by `\\0`.
"""

import socket
import struct

CHUNK_BYTES = 64 * 1024


class ScanUnavailable(Exception):
    """clamd could not be reached or did not give a verdict."""


def clamd_scan(stream, *, socket_path: str, timeout: float = 30.0) -> str | None:
    """The signature found in `stream` (a binary file, read from its start), or None if clean."""
    stream.seek(0)
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.settimeout(timeout)
            conn.connect(socket_path)
            conn.sendall(b"zINSTREAM\0")
            while chunk := stream.read(CHUNK_BYTES):
                conn.sendall(struct.pack("!L", len(chunk)) + chunk)
            conn.sendall(struct.pack("!L", 0))
            reply = b""
            while not reply.endswith(b"\0") and (data := conn.recv(4096)):
                reply += data
    except OSError as exc:
        raise ScanUnavailable(type(exc).__name__) from exc
    finally:
        stream.seek(0)
    verdict = reply.rstrip(b"\0").decode(errors="replace")
    if verdict.endswith(" FOUND"):
        return verdict.removeprefix("stream: ").removesuffix(" FOUND")
    if verdict == "stream: OK":
        return None
    raise ScanUnavailable(verdict[:100])
