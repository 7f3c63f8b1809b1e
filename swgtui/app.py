"""The Textual app: opens on the report list; every key is also in the command palette."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import importlib
import os
import signal
from collections.abc import Iterable

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer

from swgtui.identity import load_identity
from swgtui.idle_gc import IdleCollector
from swgtui.model.review import Person
from swgtui.screens.dialogs import ConfirmDialog
from swgtui.screens.report_list import ReportListScreen
from swgtui.store import ReportStore, StoreError

EDITOR_MODULE = "swgtui.screens.editor"  # imported when first needed: start-up does not wait for it
# closing the terminal (SIGHUP) or being told to stop (SIGTERM): the typed text is saved first
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))
HOLD_KEYS_AT_MOST = 10.0  # seconds: keys typed while a report opens wait this long at most
BACKUP_DELAY = 1.0  # seconds after the first screen is shown
WARM_UP_DELAY = 0.3  # seconds after the first screen is shown, while the user reads the report list


class SwgApp(App[None]):
    """swgtui: draft a Sector Working Group report and export it to Word."""

    TITLE = "swgtui"
    # however narrow the terminal, no list gets 0 cells for its text (Textual cannot draw that)
    CSS = "OptionList { min-width: 12; }"
    SUB_TITLE = "Sector Working Group reports"
    BINDINGS = [
        Binding("f1", "toggle_keys", "Keys", id="app.keys", tooltip="Keys of this screen (help)"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", show=False, tooltip="Quit (saves first)"),
    ]

    def __init__(self, store: ReportStore, title_note: str = "", ask_who: bool = False) -> None:
        """`ask_who`: with no identity saved, ask who the user is at start (and, if skipped, at
        the first edit), so the history records who wrote each text."""
        super().__init__()
        self.store = store
        # what the editor says of a read-only store: "Read-only", and who holds it when someone does
        note = title_note if title_note.startswith("read-only") else "read-only"
        self.read_only_note = note[:1].upper() + note[1:]
        self.ask_who = ask_who and store.writable
        self.asking_who = False  # the "who are you" dialog is up: saves wait for the answer
        self._times_asked = 0
        self.collector = IdleCollector()
        self._rescued = False  # the typed text was saved as the app died of an error
        self._held: list[events.Key | events.Paste] | None = None  # keys typed while a report opens
        self._holding: Timer | None = None  # lets them go if the opening never ends
        if title_note:
            self.sub_title = title_note

    def on_mount(self) -> None:
        gc.disable()  # no collection walks the objects while the first screen is built: the warm-up collects
        self.push_screen(ReportListScreen(self.store))
        if self.store.upgrade_note:  # said once: the next opening finds the store upgraded already
            note = self.store.upgrade_note.removeprefix("note: ")
            self.notify(note, title="Store upgraded", timeout=30, markup=False)
        if self.ask_who:
            self.ask_who_once()
        self.call_after_refresh(self._after_first_frame)
        self._handle_stop_signals(True)

    def _after_first_frame(self) -> None:
        """Work that waits until the first screen is shown, counted from then: on a slow or busy
        machine it must not start while that screen is still being built."""
        self.set_timer(WARM_UP_DELAY, self.warm_up)
        if self.store.writable:
            self.set_timer(BACKUP_DELAY, lambda: self.run_worker(self._back_up, thread=True, exit_on_error=False))

    def warm_up(self) -> None:
        """Once the report list is shown: load the editor ahead of the first open, and collect
        garbage only in the user's pauses from now on."""
        self.run_worker(lambda: importlib.import_module(EDITOR_MODULE), thread=True, exit_on_error=False)
        self.collector.start()
        self.set_interval(IdleCollector.IDLE_CHECK, self.collector.tick)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseDown | events.Paste):
            self.collector.touch()
        if isinstance(event, events.Key | events.Paste) and not event.is_forwarded:
            if self._held is not None:
                self._held.append(event)  # for the editor being opened, not the list under it
                return
            opens = getattr(self.screen, "opens_a_report_on", None)
            if isinstance(event, events.Key) and opens is not None and opens(event.key):
                await super().on_event(event)
                self.hold_keys()  # from the key that opens it: the next ones may be on their way already
                return
        await super().on_event(event)

    def hold_keys(self) -> None:
        """Keep the keys typed from now on (a report is opening: they are meant for its editor,
        and would act on the report list meanwhile) until `release_keys`."""
        if self._held is None:
            self._held = []
            self._holding = self.set_timer(HOLD_KEYS_AT_MOST, self.release_keys)  # whatever happens to the opening

    def release_keys(self) -> None:
        """Deliver the kept keys, in the order typed, to the screen now shown."""
        held, self._held = self._held or [], None
        if self._holding is not None:  # not to let go of the keys of a later opening
            self._holding.stop()
            self._holding = None
        for event in held:  # as the terminal sent them: from the app (made here, they would come from the screen)
            if isinstance(event, events.Key):
                self.post_message(events.Key(event.key, event.character).set_sender(self))
            else:
                self.post_message(events.Paste(event.text).set_sender(self))

    def on_unmount(self) -> None:
        self.collector.stop()
        self._handle_stop_signals(False)

    def _handle_stop_signals(self, handle: bool) -> None:
        """While the app runs, SIGTERM and SIGHUP save what the user typed, then end the app with
        the signal's exit status (128 + its number), the terminal restored; without this the
        process died at once, losing the text typed in the last moment before the save delay."""
        loop = asyncio.get_running_loop()
        for number in STOP_SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):  # Windows: none
                if handle:
                    loop.add_signal_handler(number, self._stop_on_signal, number)
                else:
                    loop.remove_signal_handler(number)

    def _stop_on_signal(self, number: int) -> None:
        self._save_before_dying()
        if number == getattr(signal, "SIGHUP", None):  # the terminal is gone: nothing to restore there
            with contextlib.suppress(Exception):  # Textual would wait on it for ever, holding the store
                self.store.close()
            os._exit(128 + number)
        self.exit(return_code=128 + number)

    def _back_up(self) -> None:
        """A rolling backup each time the app opens a store, taken while the user starts reading."""
        try:
            self.store.backup_now()
        except StoreError as error:
            self.call_from_thread(self.notify, str(error), title="No backup taken", severity="warning", markup=False)

    def action_toggle_keys(self) -> None:
        """Show or hide the keys of the screen (the app's first, then the focused widget's)."""
        from swgtui.widgets.keys_panel import KeysPanel

        panels = self.screen.query(KeysPanel)
        if panels:
            panels.remove()
        else:
            self.screen.mount(KeysPanel())

    async def action_quit(self) -> None:
        """Write any pending change before leaving; if that fails, ask before losing it."""
        try:
            for screen in self.screen_stack:
                flush = getattr(screen, "flush_saves", None)
                if flush is not None:
                    flush()
        except StoreError as error:
            question = f"Your latest changes could not be saved ({error}). Quit anyway and lose them?"
            self.push_screen(ConfirmDialog(question, "Quit and lose them"), self._quit_if)
            return
        self.exit()

    def _handle_exception(self, error: Exception) -> None:
        """The app dies of an unexpected error: first save what the user typed, if that can be done."""
        self._save_before_dying()
        super()._handle_exception(error)

    def _save_before_dying(self) -> None:
        if self._rescued or not self.store.writable:  # once: a second error must not save a broken state again
            return
        self._rescued = True
        for screen in self.screen_stack:
            flush = getattr(screen, "flush_saves", None)
            if flush is not None:
                with contextlib.suppress(Exception):  # dying already: the first error is the one reported
                    flush()

    def _quit_if(self, confirmed: bool | None) -> None:
        if confirmed:
            self.exit()

    def ask_who_once(self) -> None:
        """With no identity saved, ask who the user is: at start and, if skipped, once more at
        the first edit. Does nothing once answered or asked twice (cheap: called on each edit)."""
        if not self.ask_who or self.asking_who:
            return
        from swgtui.screens.review_dialogs import IdentityDialog
        from swgtui.screens.reviewing import identity_given

        if load_identity() is not None:
            self.ask_who = False
            return
        self._times_asked += 1
        self.ask_who = self._times_asked < 2
        self.asking_who = True

        def answered(answer: Person | None) -> None:
            self.asking_who = False
            if answer is not None:
                self.ask_who = False
            identity_given(self, answer, None)

        self.push_screen(IdentityDialog(), answered)

    def action_change_identity(self) -> None:
        from swgtui.screens.review_dialogs import IdentityDialog
        from swgtui.screens.reviewing import identity_given

        self.push_screen(IdentityDialog(load_identity()), lambda answer: identity_given(self, answer, None))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette (ctrl+p) finds every key of the current screen by its name in the users'
        words (a binding's tooltip), plus a few commands without a key. Textual's own commands
        (screenshot, maximize, its widgets' keys) are left out: they are not the users' work."""
        yield SystemCommand("Theme (colours)", "Change the colours of the app", self.action_change_theme)
        yield SystemCommand(
            "Who am I", "Change the name, organisation and role your comments carry", self.action_change_identity
        )
        yield from getattr(screen, "palette_commands", tuple)()
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.tooltip or seen & {binding.action, binding.tooltip} or not active.enabled:
                continue  # a binding without a tooltip is Textual's own (cursor keys, focus, copy)
            if binding.action == "command_palette":
                continue  # the palette is open already
            seen |= {binding.action, binding.tooltip}
            key = self.get_key_display(binding)
            yield SystemCommand(
                binding.tooltip,
                f"Key: {key}",
                lambda action=binding.action, node=active.node: self.call_later(self.run_action, action, node),
            )


def make_app(store: ReportStore, title_note: str = "", ask_who: bool = False) -> SwgApp:
    """The app on an open, writable store: used by the command line (which asks who the user
    is) and by the tests."""
    return SwgApp(store, title_note=title_note, ask_who=ask_who)
