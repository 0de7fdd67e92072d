"""Uploaded files are streamed to disk in chunks and stopped at :data:`MAX_UPLOAD_BYTES`.

Django keeps an upload under ``FILE_UPLOAD_MAX_MEMORY_SIZE`` in memory and spools a bigger one to a
temporary file; nothing caps the size. This handler, first in ``FILE_UPLOAD_HANDLERS``, counts each
file's bytes as they arrive and skips the file once it passes the cap (the rest is read and dropped,
never kept), marking the request so the guard middleware answers 413 with the limit.
"""

import os

from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest

MAX_UPLOAD_BYTES = int(os.getenv("KOHTAAMO_MAX_UPLOAD_BYTES", str(10 * 1024 * 1024)))
TOO_BIG = "kohtaamo_upload_too_big"


class CappedUploadHandler(FileUploadHandler):
    """Passes chunks on to the next handler until a file passes the cap, then skips that file."""

    def new_file(self, field_name: str, *args: object, **kwargs: object) -> None:
        super().new_file(field_name, *args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > uploads_limit():
            if self.request is not None:
                setattr(self.request, TOO_BIG, self.field_name)
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def uploads_limit() -> int:
    """The cap, read when used (so a test or an operator's setting can change it while running)."""
    return MAX_UPLOAD_BYTES


def upload_too_big(request: HttpRequest) -> str | None:
    """The form field whose file passed the cap, or None."""
    return getattr(request, TOO_BIG, None)
