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
from textual.command import CommandPalette
from textual.screen import Screen
from textual.timer import Timer

from swgtui import i18n
from swgtui.i18n import N_, _
from swgtui.identity import load_identity
from swgtui.idle_gc import IdleCollector
from swgtui.model.review import Person
from swgtui.screens.dialogs import ChoiceDialog, ConfirmDialog
from swgtui.screens.report_list import ReportListScreen
from swgtui.settings import save_setting
from swgtui.store import ReportStore, StoreError
from swgtui.store.storage import StorageError
from swgtui.widgets.palette import Commands, Palette, Themes

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
    SUB_TITLE = N_("Sector Working Group reports")
    COMMANDS = {Commands}  # the palette's search compares whole grapheme clusters (Lao)
    BINDINGS = [
        Binding("f1", "toggle_keys", N_("Keys"), id="app.keys", tooltip=N_("Keys of this screen (help)")),
        Binding("ctrl+q", "quit", N_("Quit"), id="app.quit", show=False, tooltip=N_("Quit (saves first)")),
    ]

    def __init__(self, store: ReportStore, title_note: str = "", ask_who: bool = False) -> None:
        """`ask_who`: with no identity saved, ask who the user is at start (and, if skipped, at
        the first edit), so the history records who wrote each text."""
        super().__init__()
        self.store = store
        self.title_note = title_note
        self.ask_who = ask_who and store.writable
        self.asking_who = False  # the "who are you" dialog is up: saves wait for the answer
        self._times_asked = 0
        self.collector = IdleCollector()
        self._rescued = False  # the typed text was saved as the app died of an error
        self._held: list[events.Key | events.Paste] | None = None  # keys typed while a report opens
        self._holding: Timer | None = None  # lets them go if the opening never ends
        self.sub_title = title_note or _(self.SUB_TITLE)

    @property
    def read_only_note(self) -> str:
        """What the editor says of a read-only store: "Read-only", and who holds it when someone does."""
        note = self.title_note if self.title_note and not self.store.writable else _("read-only")
        return note[:1].upper() + note[1:]

    def on_mount(self) -> None:
        gc.disable()  # no collection walks the objects while the first screen is built: the warm-up collects
        self.push_screen(ReportListScreen(self.store))
        if self.store.upgrade_note:  # said once: the next opening finds the store upgraded already
            note = self.store.upgrade_message
            self.notify(note, title=_("Store upgraded"), timeout=30, markup=False)
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
            self.call_from_thread(self.notify, str(error), title=_("No backup taken"), severity="warning", markup=False)

    def action_toggle_keys(self) -> None:
        """Show or hide the keys of the screen (the app's first, then the focused widget's)."""
        from swgtui.widgets.keys_panel import KeysPanel

        panels = self.screen.query(KeysPanel)
        if panels:
            panels.remove()
        else:
            self.screen.mount(KeysPanel())

    def flush_saves(self) -> None:
        """Write what every open screen has pending (StoreError when it cannot be written)."""
        for screen in self.screen_stack:
            flush = getattr(screen, "flush_saves", None)
            if flush is not None:
                flush()

    async def action_quit(self) -> None:
        """Write any pending change before leaving; if that fails, ask before losing it."""
        try:
            self.flush_saves()
        except StoreError as error:
            question = _("Your latest changes could not be saved ({error}). Quit anyway and lose them?")
            self.push_screen(ConfirmDialog(question.format(error=error), _("Quit and lose them")), self._quit_if)
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

    # --- the interface's language ------------------------------------------------------------

    def action_choose_language(self) -> None:
        current = i18n.language()  # marked; each language in its own words
        choices = [(code, name + " ✓" if code == current else name) for code, name in i18n.LANGUAGES.items()]
        dialog = ChoiceDialog(_("Language of swgtui"), choices, current=current)
        self.push_screen(dialog, self._language_chosen)

    def _language_chosen(self, code: str | None) -> None:
        if code:
            self.set_interface_language(code)

    def set_interface_language(self, code: str) -> None:
        """Show swgtui in the language `code` (of i18n.LANGUAGES) from now on, and at the next
        start (the setting). What is typed is saved first; then the screens above the report
        list are closed and the list is built again in the new language, its report still
        highlighted (a screen made in the old language would keep its words)."""
        try:
            save_setting("language", code)
        except (OSError, StorageError) as error:
            message = _("The language is not kept for the next start: {error}").format(error=error)
            self.notify(message, title=_("Setting not saved"), severity="warning", markup=False)
        if code == i18n.language():
            return
        try:
            self.flush_saves()
        except StoreError as error:
            message = _("Your latest changes could not be saved ({error}); the language was not changed.")
            self.notify(message.format(error=error), severity="error", markup=False)
            return
        i18n.set_language(code)
        if not self.title_note:
            self.sub_title = _(self.SUB_TITLE)
        self.call_later(self._rebuild_screens)

    async def _rebuild_screens(self) -> None:
        """Back to the report list, built anew (in the language now set)."""
        lists = [screen for screen in self.screen_stack if isinstance(screen, ReportListScreen)]
        if not lists:
            return
        shown = lists[0]
        selected = shown.selected_id()
        while self.screen is not shown:
            await self.pop_screen()
        await self.switch_screen(ReportListScreen(self.store, select=selected))

    # --- the command palette ------------------------------------------------------------------

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(Palette(placeholder=_("Search for commands…"), id="--command-palette"))

    def search_themes(self) -> None:
        self.push_screen(Palette(providers=[Themes], placeholder=_("Search for themes…")))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette (ctrl+p) finds every key of the current screen by its name in the users'
        words (a binding's tooltip), plus a few commands without a key. Textual's own commands
        (screenshot, maximize, its widgets' keys) are left out: they are not the users' work."""
        yield SystemCommand(_("Theme (colours)"), _("Change the colours of the app"), self.action_change_theme)
        yield SystemCommand(
            _("Who am I"), _("Change the name, organisation and role your comments carry"), self.action_change_identity
        )
        yield SystemCommand(language_command(), _("Show swgtui in English or in Lao"), self.action_choose_language)
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
                _(binding.tooltip),
                _("Key: {key}").format(key=key),
                lambda action=binding.action, node=active.node: self.call_later(self.run_action, action, node),
            )


def language_command() -> str:
    """The palette's name of the language command, in the interface's language and in the other
    (found by "language" and by "ພາສາ" whichever is shown): "Language (ພາສາ)", "ພາສາ (Language)"."""
    word = N_("Language")
    shown = _(word)
    other = word if shown != word else i18n.translator("lo").gettext(word)
    return shown if other == shown else f"{shown} ({other})"


def make_app(store: ReportStore, title_note: str = "", ask_who: bool = False) -> SwgApp:
    """The app on an open, writable store: used by the command line (which asks who the user
    is) and by the tests."""
    return SwgApp(store, title_note=title_note, ask_who=ask_who)
