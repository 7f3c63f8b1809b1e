"""Where swgtui keeps its files; every location can be redirected for scripts and tests."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "swgtui"


def default_store_path() -> Path:
    """The store file: $SWGTUI_DB, else ``store.json`` in the user's data folder."""
    chosen = os.environ.get("SWGTUI_DB")
    if chosen:
        return Path(chosen).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME)) / "store.json"


def export_dir() -> Path:
    """Where exported documents go: $SWGTUI_EXPORT_DIR, else Documents/swgtui."""
    chosen = os.environ.get("SWGTUI_EXPORT_DIR")
    if chosen:
        return Path(chosen).expanduser()
    return Path(platformdirs.user_documents_dir()) / APP_NAME


def export_record_path() -> Path:
    """The fingerprints of the files swgtui exported: $SWGTUI_EXPORT_RECORD, else exports.json in the data folder."""
    chosen = os.environ.get("SWGTUI_EXPORT_RECORD")
    if chosen:
        return Path(chosen).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME)) / "exports.json"


def templates_dir() -> Path:
    """Extra templates added by the user: $SWGTUI_TEMPLATES, else the data folder's templates/."""
    chosen = os.environ.get("SWGTUI_TEMPLATES")
    if chosen:
        return Path(chosen).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME)) / "templates"


def config_dir() -> Path:
    """The user's settings (who they are): $SWGTUI_CONFIG_DIR, else the platform's config folder."""
    chosen = os.environ.get("SWGTUI_CONFIG_DIR")
    if chosen:
        return Path(chosen).expanduser()
    return Path(platformdirs.user_config_dir(APP_NAME))
