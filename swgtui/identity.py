"""Who is using swgtui on this laptop: name, organisation and role, kept in the config folder."""

from __future__ import annotations

from swgtui import paths
from swgtui.i18n import _
from swgtui.model.review import Person, ReviewError, check_person
from swgtui.store.storage import StorageError, read_json, write_json_atomic

FILE_NAME = "identity.json"


def load_identity() -> Person | None:
    """The saved identity, or None if none was saved (or the file is not usable)."""
    try:
        data = read_json(paths.config_dir() / FILE_NAME)
        return check_person(data) if data is not None else None
    except (StorageError, ReviewError):
        return None


def save_identity(name: str, organisation: str, role: str) -> Person:
    person = check_person({"name": name, "organisation": organisation, "role": role})
    folder = paths.config_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_json_atomic(folder / FILE_NAME, person)
    except (OSError, StorageError) as error:
        raise ReviewError(
            _("cannot save who you are in {folder}: {error}").format(folder=folder, error=error)
        ) from None
    return person
