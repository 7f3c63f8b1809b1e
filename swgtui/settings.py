"""The user's settings kept between runs (today: the interface's language), in the config folder."""

from __future__ import annotations

from typing import Any

from swgtui import paths
from swgtui.store.storage import StorageError, read_json, write_json_atomic

FILE_NAME = "settings.json"


def load_settings() -> dict[str, Any]:
    """The saved settings; empty when none were saved or the file is not usable."""
    try:
        data = read_json(paths.config_dir() / FILE_NAME)
    except StorageError:
        return {}
    return data if isinstance(data, dict) else {}


def saved_language() -> str | None:
    """The language chosen in the app, as saved (a string), or None."""
    value = load_settings().get("language")
    return value if isinstance(value, str) else None


def save_setting(key: str, value: Any) -> None:
    """Keep `value` under `key`, the other settings as they were; OSError or StorageError when
    the folder cannot be written."""
    folder = paths.config_dir()
    folder.mkdir(parents=True, exist_ok=True)
    write_json_atomic(folder / FILE_NAME, {**load_settings(), key: value})
