"""What the screens use of the app (`swgtui.app.SwgApp`), declared here so they need not import it."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from textual.dom import DOMNode


@runtime_checkable
class Host(Protocol):
    read_only_note: str  # what a read-only editor says: "Read-only", or who holds the store
    asking_who: bool  # the "who are you" dialog is up: saves wait for the answer

    def ask_who_once(self) -> None:
        """With no identity saved, ask who the user is (at most twice in all)."""

    def hold_keys(self) -> None:
        """Keep the keys typed from now on (a report is opening) until `release_keys`."""

    def release_keys(self) -> None:
        """Deliver the kept keys, in the order typed, to the screen now shown."""


def host(node: DOMNode) -> Host:
    """The app that `node` runs in."""
    app = node.app
    if not isinstance(app, Host):
        raise TypeError(f"{type(app).__name__} is not swgtui's app")
    return app
