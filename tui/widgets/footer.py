"""The key footer of every screen: Textual's ``Footer`` with keys that fit and mount cheaply.

Keys that fit: Textual's footer lays its keys out in one row and cuts the row
at the terminal's edge, so at 80 columns (and sooner in Russian) the last keys
were cut in the middle — "F1 Help" among them. ``AppFooter`` shows only whole
keys: F1 Help always, then the screen's keys in their order of importance
(the order they are listed in), then the palette key; a key that would not fit
whole is left out with every key after it, and the help (F1) lists them all.
The footer reads its width again when the terminal is resized.

Keys that mount cheaply: Textual's footer composes its keys again whenever the
screen's bindings are refreshed (every focus change and every screen switch),
and each new key then restyled itself twice: its ``compact`` watcher adds a
class on mount, and the footer's data binding takes it off again, each a
restyle of the key. On a section switch that was the largest single cost after
the paint itself. The keys ``AppFooter`` makes start in the footer's style, so
mounting them restyles nothing.

Textual also queues one rebuild per bindings signal, three when a screen
comes up; ``AppFooter`` keeps at most one queued (it reads the bindings when
it runs, so the others only repeated it), and that one rebuilds only when the
keys it would show differ from those it shows (a section shown again mostly
offers the keys it offered when it was left): a rebuild mounts every key and
lays the screen out again, a third of an F-key between built sections. And
when they differ, the keys on show take the new keys' text in place: keys
fewer than before are hidden and kept, and only keys more than ever before
are mounted (``AppFooter._keys_in_place``; ``keys_on_show`` lists the keys
shown). The keys are changed from data (``KeySpec``), and a widget is made
only for a key to mount; a screen whose keys grow with the focus can hold
hidden spare keys from its first keys on (``FOOTER_SPARE_KEYS``: Dialogs).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from rich.cells import cell_len
from textual import events
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from ..paint_now import settling
from ..watchers import forget_watchers
from .sized_by_layout import SizedByTheLayout

HELP_KEY = "f1"


@dataclass(frozen=True)
class KeySpec:
    """What a footer key shows and does, without the widget (``AppFooter.key_specs``)."""

    key: str
    key_display: str
    description: str
    action: str
    disabled: bool
    tooltip: str | None
    palette: bool = False

    def widget(self, compact: bool) -> LaidOutKey:
        """The key as Textual's footer makes it, in the footer's style (``AppFooter.compose``)."""
        classes = ("-command-palette" if self.palette
                   else "-compact" if compact else "")
        key = LaidOutKey(self.key, self.key_display, self.description, self.action,
                         disabled=self.disabled, tooltip=self.tooltip or "", classes=classes)
        if not self.palette:
            key.set_reactive(FooterKey.compact, compact)
            key.data_bind(compact=Footer.compact)
        return key


def key_width(key: FooterKey | KeySpec, compact: bool) -> int:
    """Cells ``key`` takes in the footer, by Textual's footer CSS (compact or not)."""
    text = cell_len(key.key_display)
    if _is_palette(key):
        # Drawn compact whatever the footer is, after a border; padded on the
        # right unless the footer is compact.
        text += 1 + cell_len(key.description) if key.description else 0
        return text + 1 + (0 if compact else 1)
    if key.description:
        text += 1 + cell_len(key.description)
    return text + (1 if compact else 2 if key.description else 0)


def keys_that_fit(children: list, width: int, compact: bool) -> list:
    """``children`` (widgets or ``KeySpec``) without the keys that would not
    fit whole in ``width`` cells.

    Importance: the help key, then the others in the order given, then the
    palette key. The first key that does not fit ends the list, so a key is
    never shown while a more important one is hidden.
    """
    keys = [child for child in children if isinstance(child, FooterKey | KeySpec)]
    ranked = (
        [key for key in keys if key.key == HELP_KEY]
        + [key for key in keys if key.key != HELP_KEY and not _is_palette(key)]
        + [key for key in keys if _is_palette(key)]
    )
    kept: set[int] = set()
    used = 0
    for key in ranked:
        used += key_width(key, compact)
        if used > width:
            break
        kept.add(id(key))
    return [child for child in children
            if not isinstance(child, FooterKey | KeySpec) or id(child) in kept]


def _without_enabled(shown: tuple) -> tuple:
    """``AppFooter._keys_to_show`` without whether each key is enabled."""
    keys, *rest = shown
    return (tuple(key[:5] + key[6:] for key in keys), *rest)


def _is_palette(item: Widget | KeySpec) -> bool:
    """Whether ``item`` (a widget, or a key as data) is the palette's key."""
    if isinstance(item, KeySpec):
        return item.palette
    return isinstance(item, FooterKey) and item.has_class("-command-palette")


def _take_key(old: FooterKey, new: KeySpec) -> None:
    """``old`` (on show) becomes the key ``new`` describes."""
    if old.display and (
            (old.key, old.key_display, old.description, old.action, old._disabled, old.tooltip)
            == (new.key, new.key_display, new.description, new.action, new.disabled,
                new.tooltip)):
        return
    if not old.display:
        old.display = True  # a spare key, hidden since it was last needed
    resized = (old.key_display, old.description) != (new.key_display, new.description)
    old.key, old.key_display, old.description = new.key, new.key_display, new.description
    old.action = new.action
    old._disabled = new.disabled
    old.set_class(new.disabled, "-disabled")
    if old.tooltip != new.tooltip:
        old.tooltip = new.tooltip
    if resized:
        old.refresh(layout=True)  # its width is its text's
    else:
        old.refresh()


class LaidOutKey(SizedByTheLayout, FooterKey):
    """A footer key laid out once when it is mounted: a key is not scrollable
    and holds no children (``tui/widgets/sized_by_layout.py``)."""


class AppFooter(Footer):
    """A ``Footer`` of whole keys, born in its style, rebuilt once per refresh.

    ``keys_when_composed``: its screen's keys are known as it is composed (a
    dialog box: ``tui/screens/modal_box.py``), so they are made then, in the
    screen's first frame; Textual's footer waits for the first bindings
    signal, after that frame, and makes them in a second one, laid out again.
    """

    _rebuild_queued = False
    _laid_out_width = 0
    _shown: tuple | None = None  # what the keys on show were made of (``_keys_to_show``)

    def __init__(self, *, keys_when_composed: bool = False) -> None:
        super().__init__()
        if keys_when_composed:
            self.set_reactive(Footer._bindings_ready, True)

    def _keys_to_show(self) -> tuple:
        """Everything ``compose`` makes the keys of: each shown binding with its
        state, the palette's, the width and the style."""
        active = self.screen.active_bindings
        keys = tuple(
            (binding.key, self.app.get_key_display(binding), binding.description,
             binding.action, binding.group, enabled, tooltip)
            for (_node, binding, enabled, tooltip) in active.values() if binding.show
        )
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        if palette is not None:
            palette = (palette[1].key, palette[1].description, palette[2], palette[1].tooltip)
        width = self.size.width or self.app.size.width
        return (keys, palette, width, self.compact, self.show_command_palette,
                self.app.ENABLE_COMMAND_PALETTE)

    def bindings_changed(self, screen: Screen) -> None:
        # Textual queues one rebuild per bindings signal: a screen coming up
        # sends three (auto-focus, resume, focus), which rebuilt the keys three
        # times. One queued rebuild reads the bindings when it runs, so the
        # others would only repeat it.
        if self._rebuild_queued and self._bindings_ready:
            return
        if getattr(screen, "KEYS_REBUILT_WHEN_SHOWN", False) and screen is not screen.app.screen:
            # Out of sight, its keys are rebuilt before it is shown
            # (``rebuild_out_of_sight``) or on the signal of its showing: a
            # rebuild now (Textual runs it after the shown screen's next
            # refresh) was undone by that one, a kept community page's keys
            # mounted twice as it opened (~15–25 ms).
            self._bindings_ready = True
            return
        if self._settled_now(screen):
            return
        if self.is_attached and screen is self.screen and screen.app.app_focus:
            self._rebuild_queued = True
            if screen in settling:
                # Its frame is held for what a key changed (``tui/paint_now.py``):
                # the keys go into that frame, rebuilt now rather than after it.
                self._bindings_ready = True
                self.call_next(self.recompose)
                return
        super().bindings_changed(screen)

    def _settled_now(self, screen: Screen) -> bool:
        """Keys the same but for which are dimmed are dimmed at once, in the
        frame of what changed them: waiting for the screen's next refresh, as
        Textual's footer does, painted them a frame later (Ctrl+B lit or dimmed
        as a chat opened: issue 17, bench/chats_repeat.py). True when nothing
        more is to be done."""
        if not (self._bindings_ready and self._shown is not None and self.is_attached
                and screen is self.screen and screen.app.app_focus):
            return False
        wanted = self._keys_to_show()
        if wanted == self._shown:
            return True
        if _without_enabled(wanted) == _without_enabled(self._shown):
            self._enable_in_place(wanted)
            return True
        return False

    async def recompose(self) -> None:
        self._rebuild_queued = False
        if self._bindings_ready and self._shown is not None and self.is_attached:
            wanted = self._keys_to_show()
            if wanted == self._shown:
                return  # the same keys: nothing to mount, nothing to lay out
            if _without_enabled(wanted) == _without_enabled(self._shown):
                self._enable_in_place(wanted)  # only which keys are dimmed changed
                return
        await self._rebuild()

    def _enable_in_place(self, wanted: tuple) -> None:
        """Dim or undim the keys on show as ``wanted`` says: no key mounted,
        nothing laid out (a key keeps its width either way)."""
        enabled = {(key[0], key[3]): key[5] for key in wanted[0]}
        for child in self.keys_on_show():
            state = enabled.get((child.key, child.action))
            if state is not None:  # as FooterKey's constructor marks a dimmed key
                child._disabled = not state
                child.set_class(not state, "-disabled")
        self._shown = wanted

    async def _rebuild(self) -> None:
        if self._bindings_ready and self.is_attached:
            # Claimed before the old keys are removed: a rebuild asked for
            # meanwhile finds these keys and does nothing (two rebuilds at once
            # mounted the keys twice, the second after the screen was shown).
            self._shown = self._keys_to_show()
            # On screen only: a kept screen's keys rebuilt out of sight are
            # laid out there with the rest of it (``tui/kept_screens.py``);
            # changed in place, they were laid out again as it was shown (a
            # kept community page's opening, 38-41 -> 55-61 ms).
            if self.screen.is_current and await self._keys_in_place():
                return
        await super().recompose()
        # Each key watches the footer's ``compact`` (its data binding); the
        # keys just removed would stay in that list, kept alive, until
        # ``compact`` changes (tui/watchers.py).
        forget_watchers(self)

    def keys_on_show(self) -> list[FooterKey]:
        """The keys the footer shows, in their order (not the spare ones it
        keeps hidden: ``_keys_in_place``)."""
        return [key for key in self.query_children(FooterKey) if key.display]

    async def _keys_in_place(self) -> bool:
        """The keys on show made into the keys wanted: each keeps its widget
        and takes the next wanted key's text and action; keys fewer than
        before are hidden, kept for the next time more are wanted, and only
        keys more than ever before are mounted. Textual removes every key and
        mounts them all again: 7–10 ms of a chat's first opening (a group's
        Ctrl+B and the composer's keys came with it: issue 17), and a key
        removed took 3 ms more. False (nothing done) when a group of keys
        is on show or wanted."""
        shown = list(self.children)
        if not shown or not all(isinstance(child, LaidOutKey) or _is_palette(child)
                                for child in shown):
            return False
        wanted = self.key_specs()
        if wanted is None:
            return False  # a KeyGroup with its label: made anew
        width = self._laid_out_width = self.size.width or self.app.size.width  # as ``compose``
        wanted = keys_that_fit(wanted, width, self.compact)
        old_keys = [child for child in shown if not _is_palette(child)]
        new_keys = [spec for spec in wanted if not spec.palette]
        old_palette = [child for child in shown if _is_palette(child)]
        new_palette = [spec for spec in wanted if spec.palette]
        async with self.batch():  # painted once, all of it
            for old, new in [*zip(old_keys, new_keys, strict=False),
                             *zip(old_palette, new_palette, strict=False)]:
                _take_key(old, new)
            for spare in old_keys[len(new_keys):] + old_palette[len(new_palette):]:
                if spare.display:
                    spare.display = False
            more = [spec.widget(self.compact) for spec in new_keys[len(old_keys):]]
            if more:
                before = old_palette[0] if old_palette and new_palette else None
                await self.mount_all(more, before=before)
            if new_palette[len(old_palette):]:
                await self.mount_all([spec.widget(self.compact)
                                      for spec in new_palette[len(old_palette):]])
        return True

    def key_specs(self) -> list[KeySpec] | None:
        """The keys Textual's footer ``compose`` would make of the screen's
        bindings now, as data: one per action, in order, then the palette's.
        None when it would make a group of keys (a ``KeyGroup`` and its label).
        Making the widgets only to read them took 2.5 ms of a chat's first
        opening (issue 17): the keys on show take the data, and a widget is
        made only for a key to mount."""
        active = self.screen.active_bindings
        by_action: dict[str, tuple] = {}  # an action's first key, as Textual's compose shows
        for (_node, binding, enabled, tooltip) in active.values():
            if binding.show:
                by_action.setdefault(binding.action, (binding, enabled, tooltip))
        for group, actions in groupby(by_action.values(), lambda first: first[0].group):
            if group is not None and len(list(actions)) > 1:
                return None
        display = self.app.get_key_display
        specs = [KeySpec(binding.key, display(binding), binding.description, binding.action,
                         not enabled, tooltip or None)
                 for (binding, enabled, tooltip) in by_action.values()]
        # Textual's compose also sets ``grid_size_columns``: the footer's layout
        # is horizontal, and set here it laid every key out again for nothing.
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            palette = active.get(self.app.COMMAND_PALETTE_BINDING)
            if palette is not None:
                _node, binding, enabled, _tooltip = palette
                specs.append(KeySpec(binding.key, display(binding), binding.description,
                                     binding.action, not enabled,
                                     binding.tooltip or binding.description or None,
                                     palette=True))
        return specs

    async def rebuild_out_of_sight(self) -> None:
        """The keys of the screen's bindings now, while the screen is not shown
        (a kept screen refilled out of sight: ``tui/kept_screens.py``).
        Textual rebuilds a footer after its screen's next refresh, which for a
        screen out of sight comes only once it is shown: a layout more after
        its first paint. Rebuilt here, the rebuild queued then finds the same
        keys and does nothing."""
        self._bindings_ready = True
        if self.is_attached and self._keys_to_show() != self._shown:
            with self._context():  # composed as its own (its keys bind to it)
                await self._rebuild()

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._laid_out_width and self._bindings_ready:
            self.refresh(recompose=True)

    def compose(self):
        width = self.size.width or self.app.size.width
        self._laid_out_width = width
        self._shown = self._keys_to_show() if self._bindings_ready else None
        children = list(super().compose())
        kept = keys_that_fit(children, width, self.compact)
        for child in kept:
            if type(child) is FooterKey:
                child.__class__ = LaidOutKey  # made by Textual's compose, not yet mounted
            if isinstance(child, FooterKey) and not child.has_class("-command-palette"):
                # The palette key is not bound to the footer's style: it stays
                # as Textual makes it.
                child.set_reactive(FooterKey.compact, self.compact)
                child.set_class(self.compact, "-compact", update=False)
        palette_at = next((at for at, child in enumerate(kept) if _is_palette(child)), len(kept))
        yield from kept[:palette_at]
        if kept:
            yield from self._spare_keys()
        yield from kept[palette_at:]

    def _spare_keys(self) -> list[LaidOutKey]:
        """Hidden keys, mounted with the footer's first keys, that keys more
        than those take in place (``_keys_in_place``) rather than be mounted
        as they come: the screen's ``FOOTER_SPARE_KEYS``. Dialogs: a group's
        first opening has more keys than the list had (the composer's Ctrl+J,
        the group's Ctrl+B), and mounting the two more took ~4 ms of it
        (issue 17)."""
        spares = []
        for _ in range(getattr(self.screen, "FOOTER_SPARE_KEYS", 0)):
            spare = KeySpec("", "", "", "", False, None).widget(self.compact)
            spare.display = False
            spares.append(spare)
        return spares
