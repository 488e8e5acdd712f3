"""The list of my dialogs and groups: saved notes first, then by newest message,
with unread and "@" (mentions) badges and a green dot before online friends.

A row is keyed by its chat (``chat_key``): "peer-<id>" for a dialog with a
person (it may not exist yet), "group-<dialog id>" for a group.
"""

from __future__ import annotations

from datetime import datetime

from rich.console import Group
from rich.text import Text
from textual.message import Message
from textual.visual import RichVisual, Visual
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from models.views import DialogSummary
from tui.chats import chat_key, parse_key, peer_key
from tui.formatting import plain, preview_line, relative_time
from tui.i18n import _
from tui.relative_times import first_change, shows_times, times_shown


def muted_mark() -> str:
    return _("muted")


def dialog_title(summary: DialogSummary, me_id: int) -> str:
    if summary.kind == "group":
        return summary.title or ""
    return _("Saved notes") if summary.peer.id == me_id else summary.peer.full_name


def preview_text(summary: DialogSummary) -> Text:
    from tui.system_text import system_sentence

    first = preview_line(summary.last_message_preview)
    text = Text(end="", no_wrap=True, overflow="ellipsis")
    if not summary.last_message_at:
        text.append(_("No messages yet"), "italic")
        return text
    if summary.last_system is not None:
        text.append_text(plain(system_sentence(summary.last_system, summary.last_sender),
                               "italic"))
        return text
    if summary.last_message_from_me:
        text.append(_("You: "), "bold")
    elif summary.kind == "group" and summary.last_sender is not None:
        text.append_text(plain(summary.last_sender.first_name + ": ", "bold"))
    text.append_text(plain(first))
    return text


def badges(summary: DialogSummary, muted: bool = False) -> Text:
    """" @ " when unread messages mention me (with their number past one), then
    the unread count (dim for a muted dialog: it is not in the header's total)."""
    badge = Text("", end="")
    if summary.mention_count:
        mark = "@" if summary.mention_count == 1 else f"@{summary.mention_count}"
        badge.append(f" {mark} ", style="bold reverse")
        if summary.unread_count:
            badge.append(" ")
    if summary.unread_count:
        badge.append(f" {summary.unread_count} ", style="dim reverse" if muted else "bold reverse")
    return badge


def draft_text(draft: str, label_style) -> Text:
    """"Draft: " in the draft colour, then the draft's first line (as Telegram shows it)."""
    text = Text(end="", no_wrap=True, overflow="ellipsis")
    text.append(_("Draft: "), label_style)
    text.append_text(plain(draft.strip().split("\n", 1)[0]))
    return text


def _two_ends(left: Text, right: Text, width: int) -> Text:
    """``left`` cut with an ellipsis where it would reach ``right``, which ends the line.

    Cell for cell what a two-column ``Table.grid`` drew here before whenever
    ``right`` fits (it always does at the list's width): the left column
    padded in its own style (unstyled when the right one is empty), the right
    one right-justified; but a ``left`` cut short keeps a cell between its
    ellipsis and a ``right`` that starts with no space of its own (a long
    name and its time read "Python в терминале…  yesterday", not "…yesterday"),
    and so does one that would fill its room to the last cell ("Иванов…
    just now", not "Ивановаjust now").
    """
    room = width - right.cell_len
    if left.cell_len >= room and right.plain[:1] not in ("", " "):
        room -= 1
    cut = left.copy()
    cut.truncate(max(0, room), overflow="ellipsis", pad=bool(right))
    end = right.copy()
    end.rstrip()
    end.pad_left(right.cell_len - end.cell_len)
    line = Text(no_wrap=True, overflow="crop")
    line.append_text(cut)
    line.append(" " * max(0, width - cut.cell_len - end.cell_len))
    line.append_text(end)
    return line


class DialogRow(Visual):
    """One dialog in two lines: name … time, then preview … unread badge.

    Always two lines high, so the list learns every row's height without
    drawing it; a row is drawn (two short ``Text`` lines at the list's width)
    only when it scrolls into view. A Rich table per row, measured for every
    row when the list was filled, cost about 0.13 s for 50 dialogs.
    """

    def __init__(self, widget: DialogList, name: Text, time: Text, preview: Text,
                 badge: Text) -> None:
        self._widget = widget
        self._name, self._time, self._preview, self._badge = name, time, preview, badge

    def get_optimal_width(self, rules, container_width: int) -> int:
        return max(self._name.cell_len + self._time.cell_len,
                   self._preview.cell_len + self._badge.cell_len)

    def get_height(self, rules, width: int) -> int:
        return 2

    def render_strips(self, width, height, style, options):
        lines = Group(_two_ends(self._name, self._time, width),
                      _two_ends(self._preview, self._badge, width))
        return RichVisual(self._widget, lines).render_strips(width, height, style, options)


ROWS_DRAWN_AHEAD = 50  # the list's first rows (a page as the list reads it) drawn out of sight


class DialogList(OptionList):
    """Dialogs as two-line entries: name and time, then a preview and the unread count.

    Its first ``ROWS_DRAWN_AHEAD`` rows are drawn out of sight once the
    section is built after log-in (``draw_rows_ahead``, called by the app in
    a quiet moment). A chat opened from elsewhere (a profile, a search
    result, a notification) scrolls the list to its row, and every row that
    scrolled into view was drawn on that key: 13 rows, ~5 ms of the
    session's first chat in Dialogs on the shared machine (issue 17). Rows
    made anew later (a new order) are drawn as they come into view, as before.
    """

    DEFAULT_CSS = """
    DialogList {
        height: 1fr;
        border: none;
        padding: 0;
    }
    DialogList > .option-list--option { padding: 0 1; }
    /* Focus shows in the highlighted row's colour only: a tint of the whole list
       made every row draw again whenever the focus came or went (opening a chat
       moves it to the composer). No border either (OptionList:focus has one):
       it took two columns from rows already drawn for the full width, which
       cut their times, and rows drawn while it showed stayed short after. */
    DialogList:focus { background-tint: 0%; border: none; }
    DialogList > .dialog-list--draft { color: $text-error; text-style: bold; }
    DialogList > .dialog-list--online { color: $text-success; }
    """

    COMPONENT_CLASSES = {"dialog-list--draft", "dialog-list--online"}

    class Opened(Message):
        """The person chose the chat ``key`` (see ``chat_key``)."""

        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

        @property
        def peer_id(self) -> int | None:
            """The person, when the chat is a dialog."""
            kind, number = parse_key(self.key)
            return number if kind == "peer" else None

    def __init__(self, me_id: int, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.me_id = me_id
        self.summaries: list[DialogSummary] = []
        self.drafts: dict[str, str] = {}  # chat key -> my unsent text for that chat
        self.muted: frozenset[int] = frozenset()  # ids of the dialogs I muted
        self.online: frozenset[int] = frozenset()  # peer ids shown with a green dot

    _rows_drawn: tuple = ()  # what the rows on show were drawn from (_rows_drawn_from)

    def _rows_drawn_from(self) -> tuple:
        """Everything the rows' prompts show: the theme's colours, whose
        list it is, and each row's (``_row_shows``)."""
        return (self.app.theme, self.me_id, tuple(self._row_shows(s) for s in self.summaries))

    def _row_shows(self, s: DialogSummary) -> tuple:
        """Everything a row's prompt shows: the summary, its draft, muted and
        online marks, the time as words ("5 min")."""
        return (s, self.drafts.get(chat_key(s)),
                s.dialog_id is not None and s.dialog_id in self.muted,
                s.peer is not None and s.peer.id in self.online,
                relative_time(s.last_message_at))

    def _prompt(self, summary: DialogSummary) -> DialogRow:
        draft = self.drafts.get(chat_key(summary))
        muted = summary.dialog_id is not None and summary.dialog_id in self.muted
        name = plain(dialog_title(summary, self.me_id), "bold")
        if summary.read_only:
            name.stylize("dim")
        if summary.peer is not None and summary.peer.id in self.online:
            dot = Text("● ", self.get_component_rich_style("dialog-list--online", partial=True),
                       end="")
            name = dot + name
        time = Text(relative_time(summary.last_message_at), style="dim", end="")
        if muted:
            time = Text.assemble((muted_mark() + " · ", "dim italic"), time, end="")
        return DialogRow(
            self,
            name,
            time,
            preview_text(summary) if draft is None else draft_text(
                draft, self.get_component_rich_style("dialog-list--draft", partial=True)),
            badges(summary, muted),
        )

    def show_drafts(self, drafts: dict[str, str]) -> None:
        """Rows show "Draft: …" for the chats in ``drafts`` (chat key -> text)."""
        changed = {key for key in self.drafts.keys() | drafts.keys()
                   if self.drafts.get(key) != drafts.get(key)}
        self.drafts = dict(drafts)
        self._draw_again([index for index, summary in enumerate(self.summaries)
                          if chat_key(summary) in changed])

    def set_online(self, online: set[int] | frozenset[int]) -> None:
        """Green dots before the people in ``online`` (peer ids), none before others."""
        online = frozenset(online)
        changed = online ^ self.online
        self.online = online
        self._draw_again([index for index, summary in enumerate(self.summaries)
                          if summary.peer is not None and summary.peer.id in changed])

    def show_muted(self, muted: frozenset[int]) -> None:
        """Rows of the dialogs in ``muted`` (dialog ids) show the muted mark."""
        changed = self.muted ^ muted
        self.muted = frozenset(muted)
        self._draw_again([index for index, summary in enumerate(self.summaries)
                          if summary.dialog_id in changed])

    def set_dialogs(self, summaries: list[DialogSummary], selected: str | int | None,
                    drafts: dict[str, str] | None = None,
                    muted: frozenset[int] | None = None) -> None:
        """Show ``summaries`` (notes first), keeping the highlight on the chat
        ``selected`` (a key, or a person's id); ``drafts`` (chat key -> text)
        replace the rows' previews; ``muted`` (dialog ids) get the muted mark."""
        if drafts is not None:
            self.drafts = dict(drafts)
        if muted is not None:
            self.muted = frozenset(muted)
        notes = [s for s in summaries if chat_key(s) == peer_key(self.me_id)]
        others = [s for s in summaries if chat_key(s) != peer_key(self.me_id)]
        self.summaries = notes + others
        highlight = peer_key(selected) if isinstance(selected, int) else selected
        if highlight is None and self.highlighted is not None and self.highlighted < self.option_count:
            highlight = self.get_option_at_index(self.highlighted).id
        rows = self._rows_drawn_from()
        if rows != self._rows_drawn or self.option_count != len(self.summaries):
            # Only a list that changed is drawn again: Dialogs reads its list on
            # every show (F3), mostly the same rows as when it was left.
            if not self._redraw_changed_rows(rows):  # else _draw_again kept _rows_drawn
                self._rows_drawn = rows
                self.set_options(Option(self._prompt(s), id=chat_key(s))
                                 for s in self.summaries)
        if highlight is not None:
            self.highlight_key(highlight)
        elif self.summaries:
            self.highlighted = 0
        times_shown(self)

    def on_mount(self) -> None:
        shows_times(self)

    # The rows' times read as drawn until this moment (None: always), for
    # these summaries: each F3 asks again (tui/relative_times.py), and
    # reading a thousand rows' times took ~3 ms of the key (issue 17).
    _times_true: tuple[list[DialogSummary] | None, datetime | None] = (None, None)

    def _times_still_true(self, now: datetime) -> bool:
        summaries, until = self._times_true
        return summaries is self.summaries and (until is None or now < until)

    def next_time_change(self, now: datetime) -> datetime | None:
        """When a row's time reads otherwise ("5 min" a minute on: ``tui/relative_times.py``)."""
        if not self._times_still_true(now):
            self._times_true = (self.summaries,
                                first_change((s.last_message_at for s in self.summaries), now))
        return self._times_true[1]

    def show_times_again(self, now: datetime) -> None:
        """The rows whose time reads otherwise now drawn again, no other."""
        if self._times_still_true(now):
            return  # none reads otherwise before the moment found last
        drawn = self._rows_drawn
        if len(drawn) == 3 and len(drawn[2]) == len(self.summaries):
            self._draw_again([index for index, (shown, summary)
                              in enumerate(zip(drawn[2], self.summaries, strict=True))
                              if shown[-1] != relative_time(summary.last_message_at, now)])

    def _redraw_changed_rows(self, rows: tuple) -> bool:
        """Only the rows that changed drawn again, when the list holds the same
        chats in the same order as the rows drawn (a chat read: its badge
        goes; a draft, a new time): ``set_options`` threw away every row's
        drawing, and each row on show was drawn again (~0.4 ms a row).
        False when the chats or their order changed (each row's drawing holds
        its index, for the mouse) or the theme did: then all are made anew."""
        drawn = self._rows_drawn
        if (len(drawn) != 3 or drawn[:2] != rows[:2] or len(drawn[2]) != len(rows[2])
                or len(self._options) != len(self.summaries)
                or any(option.id != chat_key(summary)
                       for option, summary in zip(self._options, self.summaries, strict=True))):
            return False
        self._draw_again([index for index, (old, new)
                          in enumerate(zip(drawn[2], rows[2], strict=True)) if old != new])
        return True

    def _draw_again(self, indexes: list[int]) -> None:
        """The rows at ``indexes`` made again from what they show now and drawn
        again; every other row keeps its drawing. (``OptionList`` throws every
        row's drawing away when one prompt is replaced.)"""
        if not indexes:
            return
        options = {self._options[index] for index in indexes}
        for index in indexes:
            self._options[index]._set_prompt(self._prompt(self.summaries[index]))
        cache = self._option_render_cache
        for key in [key for key in cache.keys() if key[0] in options]:
            cache.discard(key)
        if len(self._rows_drawn) == 3 and len(self._rows_drawn[2]) == len(self.summaries):
            shown = list(self._rows_drawn[2])  # what each row shows now, as drawn
            for index in indexes:
                shown[index] = self._row_shows(self.summaries[index])
            self._rows_drawn = (*self._rows_drawn[:2], tuple(shown))
        self.refresh()

    def draw_rows_ahead(self) -> int:
        """Draw the first ``ROWS_DRAWN_AHEAD`` rows not drawn yet, as a row
        not highlighted is drawn at the list's width, and keep them in the
        list's own cache of drawn rows (``OptionList._get_option_render``:
        what a paint takes, until the rows are made anew or the list is
        resized). Returns how many it drew (none before the list is laid out):
        the rows that cache gained, as a row drawn already is only looked up."""
        if not self.is_mounted or self.scrollable_content_region.width <= 0:
            return 0
        style = self.get_visual_style("option-list--option")
        cache = self._option_render_cache
        before = len(cache)
        for option in self._options[:ROWS_DRAWN_AHEAD]:
            self._get_option_render(option, style)
        return len(cache) - before

    def highlight_key(self, key: str) -> None:
        for index, summary in enumerate(self.summaries):
            if chat_key(summary) == key:
                self.highlighted = index
                return

    def highlight_peer(self, peer_id: int) -> None:
        self.highlight_key(peer_key(peer_id))

    def summary_for(self, chat: str | int) -> DialogSummary | None:
        """The row of the chat ``chat`` (a key, or a person's id)."""
        key = peer_key(chat) if isinstance(chat, int) else chat
        return next((s for s in self.summaries if chat_key(s) == key), None)

    def next_unread(self, after: str | None) -> str | None:
        """The chat to read next: the next one below ``after`` (wrapping round)
        with an unread message that mentions me, else with any unread message."""
        if not self.summaries:
            return None
        keys = [chat_key(s) for s in self.summaries]
        start = keys.index(after) + 1 if after in keys else 0
        order = [self.summaries[(start + step) % len(keys)] for step in range(len(keys))]
        for wanted in (lambda s: s.mention_count, lambda s: s.unread_count):
            for summary in order:
                if wanted(summary) and chat_key(summary) != after:
                    return chat_key(summary)
        return None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Opened(event.option.id))
