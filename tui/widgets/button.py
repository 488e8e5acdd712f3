"""The button of the forms before log-in: Textual's ``Button`` with only the styles they use.

Textual's ``Button`` brings the styles of every variant and of the flat look
(over 7 000 characters of CSS). The app parses them the first time a button is
mounted, which was the largest single stylesheet of painting Log in. The Log in,
Register and Forgot password screens use the default and primary variants only,
so this ``Button`` carries just those rules, copied from Textual's (pinned: see
pyproject) and otherwise left as they are, so it looks and behaves the same:
the same class name, so ``Button`` selectors (``.form-box Button``) and queries
match it, and the same ``Button.Pressed``. The screens after log-in keep
Textual's ``Button`` (and their stylesheet is parsed when they are first shown).
"""

from __future__ import annotations

from textual.widgets import Button as TextualButton


class Button(TextualButton, inherit_css=False):
    """A default or primary ``Button`` (compact or not); no flat look, no other variants."""

    # Textual's Button.DEFAULT_CSS without the flat look and the success, warning
    # and error variants; the last rule holds what Textual's Widget.DEFAULT_CSS
    # gives every widget (``inherit_css=False`` leaves that out too).
    DEFAULT_CSS = """
    Button:ansi.-style-default {
        border: tall $border-blurred;
        background: ansi_default;

        &:disabled {
            text-opacity: 1;
            text-style: bold dim;
            border: tall $border-blurred !important;
            background: ansi_default !important;
            pointer: not-allowed;
            &:hover {
                background: ansi_default;
            }
        }

        &:hover {
            background: $ansi-background;
            border: tall $border;
        }

        &.-active {
            background: $ansi-background !important;
            border: blank $background !important;
            tint: transparent;
        }

        &.-primary {
            color: $primary;
            border: tall $primary;
            background: ansi_default;
            &:hover {
                background: $ansi-background;
            }
        }
    }

    Button {
        width: auto;
        min-width: 16;
        height: auto;
        line-pad: 1;
        text-align: center;
        content-align: center middle;
        pointer: pointer;

        &.-style-default {
            text-style: bold;
            color: $button-foreground;
            background: $surface;
            border: none;
            border-top: tall $surface-lighten-1;
            border-bottom: tall $surface-darken-1;

            &.-textual-compact {
                border: none !important;
            }

            &:disabled {
                text-opacity: 0.6;
                pointer: not-allowed;
            }

            &:focus {
                text-style: $button-focus-text-style;
                background-tint: $foreground 5%;
            }
            &:hover {
                border-top: tall $surface;
                background: $surface-darken-1;
            }

            &.-active {
                background: $surface;
                border-bottom: tall $surface-lighten-1;
                border-top: tall $surface-darken-1;
                tint: $background 30%;
            }

            &.-primary {
                color: $button-color-foreground;
                background: $primary;
                border-top: tall $primary-lighten-3;
                border-bottom: tall $primary-darken-3;

                &:hover {
                    background: $primary-darken-2;
                    border-top: tall $primary;
                }

                &.-active {
                    background: $primary;
                    border-bottom: tall $primary-lighten-3;
                    border-top: tall $primary-darken-3;
                }
            }
        }
    }

    Button {
        scrollbar-background: $scrollbar-background;
        scrollbar-background-hover: $scrollbar-background-hover;
        scrollbar-background-active: $scrollbar-background-active;
        scrollbar-color: $scrollbar;
        scrollbar-color-active: $scrollbar-active;
        scrollbar-color-hover: $scrollbar-hover;
        scrollbar-corner-color: $scrollbar-corner-color;
        scrollbar-size-vertical: 2;
        scrollbar-size-horizontal: 1;
        link-background: $link-background;
        link-color: $link-color;
        link-style: $link-style;
        link-background-hover: $link-background-hover;
        link-color-hover: $link-color-hover;
        link-style-hover: $link-style-hover;
        background: transparent;
    }
    """

    def update_node_styles(self, animate: bool = True) -> None:
        # Textual's Button sets its variant and look classes in __init__, and each
        # restyled the button before it was even mounted (six restyles for the
        # three buttons of Log in); mounting styles it anyway.
        if self.is_attached:
            super().update_node_styles(animate)
