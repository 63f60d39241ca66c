"""File storage for uploads that never leaves half a file behind.

Django's FileSystemStorage writes an upload chunk by chunk; when the disk fills up (or a
quota or a file-size limit is hit) the write fails half-way and the partial file stays on disk
(Django does not remove it). This storage removes what it wrote and raises StorageFull, which
the error handler (core/views.server_error) answers with a Dutch page that says the file was
not saved, with status 503. The database transaction the upload belongs to rolls back with
the exception, so no row points at a missing file (tests/faults/test_upload_disk_full.py).
"""

from __future__ import annotations

import contextlib
import errno
import os

from django.core.files.storage import FileSystemStorage

# "No space left on device", "Disk quota exceeded", "File too large" (RLIMIT_FSIZE).
FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


class StorageFull(OSError):
    """An upload could not be stored for lack of room; nothing of it was kept."""


class UploadStorage(FileSystemStorage):
    def _save(self, name: str, content) -> str:
        path = self.path(name)
        existed = os.path.lexists(path)
        try:
            return super()._save(name, content)
        except OSError as exc:
            if not existed:
                # Ours alone: Django creates the file exclusively (O_EXCL) under a new name.
                with contextlib.suppress(FileNotFoundError):
                    os.remove(path)
            if exc.errno in FULL:
                raise StorageFull(exc.errno, "no room to store the upload") from exc
            raise
