"""The footer of a screen whose letter keys pause while a field has the
focus (issue 17: a key painted in one frame).

Textual leaves out of a screen's active bindings every key the focused field
would type (a letter, a space): in Music, Ctrl+L to the search took "i
Import · a My music ± · l To playlist · t Share… · space Play / pause" off
the footer and 1 (My music) put them back, each time a new set of footer
keys: mounted, laid out a second time and drawn in a second frame after the
tab's (20–40 ms of the switch). ``DimsKeysWhileTyping`` keeps those keys in
the footer, dimmed while the field has the focus (they type into it then),
so the footer only dims or undims them in place (``AppFooter``).
"""

from __future__ import annotations

from textual.binding import ActiveBinding
from textual.keys import key_to_character
from textual.widgets import Input


class DimsKeysWhileTyping:
    """For a ``Screen``: its keys that a focused ``Input`` would type stay in
    its active bindings, disabled, in their place."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        active: dict[str, ActiveBinding] = super().active_bindings  # type: ignore[misc]
        focused = self.focused  # type: ignore[attr-defined]
        if not isinstance(focused, Input):
            return active
        chain = list(focused.ancestors_with_self)
        typed: dict[str, ActiveBinding] = {}
        for node in chain[1:]:
            for key, bindings in node._bindings.key_to_bindings.items():
                if key in active or key in typed:
                    continue
                if not focused.check_consume_key(key, key_to_character(key)):
                    continue
                for binding in bindings:
                    if self.app._check_action_state(binding.action, node) is not False:  # type: ignore[attr-defined]
                        typed[key] = ActiveBinding(node, binding, False, binding.tooltip)
                        break
        if not typed:
            return active
        merged: dict[str, ActiveBinding] = {}
        for node in chain:  # in the binding chain's order, as with the list focused
            for key in node._bindings.key_to_bindings:
                if key not in merged and (found := active.get(key) or typed.get(key)):
                    merged[key] = found
        for key, found in active.items():
            merged.setdefault(key, found)
        return merged
