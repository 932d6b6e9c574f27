"""Writing letter files so that a reader never meets a half-written one."""

import os
import tempfile
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage


def _store(name: str, data: bytes) -> str:
    if isinstance(default_storage, FileSystemStorage):
        # Written beside its final name and renamed into place: atomic on one file system,
        # and a retry overwrites instead of leaving a second copy.
        path = Path(default_storage.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".tmp-", delete=False) as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            temporary = handle.name
        os.replace(temporary, path)
        return name
    # Object storages publish an upload only once it is complete.
    if default_storage.exists(name):
        default_storage.delete(name)
    return default_storage.save(name, ContentFile(data))


def store_pdf(name: str, data: bytes) -> str:
    """Store a signed PDF under name (replacing a leftover of a failed attempt); returns it."""
    return _store(name, data)


def store_image(name: str, data: bytes) -> str:
    """Store a checked signature image under name; returns the stored name."""
    return _store(name, data)


def read_file(name: str) -> bytes:
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def delete_file(name: str) -> None:
    """Remove a stored file if it is there; quiet if it is already gone."""
    if name and default_storage.exists(name):
        default_storage.delete(name)
