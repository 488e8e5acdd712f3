"""A process that sends, edits and deletes messages for
tests/models/test_search_index.py, printing each change only after it returned
(an acknowledgement the parent may rely on):

``churn URL USER PEER START STOP``
    For each counter: send ``word<counter>z fresh`` (counter in four digits); every third one is then
    edited to ``word<counter>z edited``, every fifth deleted. Prints
    ``sent N ID``, ``edited N ID`` and ``deleted N ID``.
"""

from __future__ import annotations

import sys
import traceback


def churn(url: str, user: str, peer: str, start: str, stop: str) -> None:
    from models.db import open_database
    from models.messages import delete_message, edit_message, send_message

    open_database(url)
    out = sys.stdout
    for counter in range(int(start), int(stop)):
        message = send_message(int(user), int(peer), f"word{counter:04d}z fresh", f"c-{counter}")
        out.write(f"sent {counter} {message.id}\n")
        out.flush()
        if counter % 3 == 0:
            edit_message(int(user), message.id, f"word{counter:04d}z edited")
            out.write(f"edited {counter} {message.id}\n")
            out.flush()
        if counter % 5 == 0:
            delete_message(int(user), message.id)
            out.write(f"deleted {counter} {message.id}\n")
            out.flush()


def main(argv: list[str]) -> int:
    try:
        churn(*argv)
    except BaseException:  # noqa: BLE001 - report everything to the parent
        traceback.print_exc()
        return 1
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
