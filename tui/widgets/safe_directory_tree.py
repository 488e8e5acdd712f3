"""A ``DirectoryTree`` whose labels are file names made safe to draw.

File names come from outside the app: ``t<ESC>]2;PWNED<ESC>\\.png`` would set
the terminal's title (OSC 52 could write the clipboard) and a name that is not
UTF-8 holds lone surrogates that no terminal encoding can write. Textual's
``DirectoryTree.process_label`` makes a plain ``Text`` of ``path.name`` (no
markup) but keeps ESC and the surrogates; here every label — the root's full
path too — goes through ``shown_path``: undecodable bytes as "�", control and
bidi characters removed. The node's ``data.path`` keeps the real name.
"""

from __future__ import annotations

from rich.text import Text

from models.user_files import shown_path

from .file_tree import FileTree


class SafeDirectoryTree(FileTree):
    """Folders and files with printable labels; hidden entries left out.

    Subclasses say which files to list with ``SUFFIXES``.
    """

    SUFFIXES: frozenset[str] = frozenset()

    def process_label(self, label) -> Text:
        if isinstance(label, Text):
            label = label.plain
        return Text(shown_path(label) or "\ufffd", no_wrap=True, end="")

    def filter_paths(self, paths):
        session = getattr(self.app, "web_session", None)
        return [
            path for path in paths
            if not path.name.startswith(".")
            and (self._safe_is_dir(path) or path.suffix.lower() in self.SUFFIXES)
            # a browser visitor sees the upload folder only, never where a link in it points
            and (session is None or session.allows(path))
        ]
