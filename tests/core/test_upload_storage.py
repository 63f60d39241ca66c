"""UploadStorage: an upload that fails half-way (a full disk) leaves no partial file behind
and is reported as StorageFull; the fault-injection run (tests/faults/test_upload_disk_full.py)
does the same on a real full file system."""

import errno

import pytest
from django.core.files.base import ContentFile

from psoportal.core.storage import StorageFull, UploadStorage


class _FailingHalfway(ContentFile):
    """Content whose second chunk cannot be written, as when the disk fills up."""

    def __init__(self, error: int):
        super().__init__(b"x" * 100)
        self.error = error

    def chunks(self, chunk_size=None):
        yield b"first half "
        raise OSError(self.error, "simulated")


def test_a_full_disk_leaves_no_partial_file_and_raises_storage_full(tmp_path):
    storage = UploadStorage(location=tmp_path)
    with pytest.raises(StorageFull):
        storage.save("quote/upload.pdf", _FailingHalfway(errno.ENOSPC))
    assert list((tmp_path / "quote").iterdir()) == []


def test_another_write_error_also_leaves_nothing_and_is_raised_as_it_is(tmp_path):
    storage = UploadStorage(location=tmp_path)
    with pytest.raises(OSError) as raised:
        storage.save("quote/upload.pdf", _FailingHalfway(errno.EIO))
    assert not isinstance(raised.value, StorageFull)
    assert list((tmp_path / "quote").iterdir()) == []


def test_a_whole_upload_is_stored_as_before(tmp_path):
    storage = UploadStorage(location=tmp_path)
    name = storage.save("quote/upload.pdf", ContentFile(b"%PDF-1.4 whole"))
    assert (tmp_path / name).read_bytes() == b"%PDF-1.4 whole"
