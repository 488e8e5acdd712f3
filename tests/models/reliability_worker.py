"""A message-sending process for tests/models/test_reliability.py.

Run as a script (``python reliability_worker.py MODE …``), one per simulated
client. Client ids are ``<tag>-<counter>``, so the parent can tell who sent
what and in which order.

``burst URL USER PEER_A PEER_B COUNT TAG``
    Open the database, print ``ready``, wait for a line on stdin, then send
    COUNT messages, alternately to PEER_A and PEER_B, as fast as possible.
``stream URL USER PEER START STOP TAG``
    Send counters START … STOP-1 to PEER, printing each client id only after
    ``send_message`` returned (an acknowledgement the parent may rely on).
``churn URL USER PEER START STOP`` (tests/models/test_search_index.py)
    For each counter: send ``word<counter>z fresh`` (counter in four digits);
    every third one is then edited to ``word<counter>z edited``, every fifth
    deleted. Prints ``sent N ID``, ``edited N ID`` and ``deleted N ID`` after
    each change returned.

Any failure prints a traceback to stderr and exits with status 1; a clean
finish prints ``done`` and exits 0.
"""

from __future__ import annotations

import sys
import traceback


def _send(user: int, peer: int, tag: str, counter: int) -> str:
    from models.messages import send_message

    client_id = f"{tag}-{counter}"
    message = send_message(user, peer, f"{tag} message {counter}", client_id)
    if message.client_id != client_id:
        raise AssertionError(f"sent {client_id}, stored {message.client_id}")
    return client_id


def burst(url: str, user: str, peer_a: str, peer_b: str, count: str, tag: str) -> None:
    from models.db import open_database

    open_database(url)
    print("ready", flush=True)
    sys.stdin.readline()  # the start signal: every process begins at once
    peers = (int(peer_a), int(peer_b))
    for counter in range(int(count)):
        _send(int(user), peers[counter % 2], tag, counter)


def stream(url: str, user: str, peer: str, start: str, stop: str, tag: str) -> None:
    from models.db import open_database

    open_database(url)
    out = sys.stdout
    for counter in range(int(start), int(stop)):
        client_id = _send(int(user), int(peer), tag, counter)
        out.write(client_id + "\n")
        out.flush()


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


MODES = {"burst": burst, "stream": stream, "churn": churn}


def main(argv: list[str]) -> int:
    try:
        MODES[argv[0]](*argv[1:])
    except BaseException:  # noqa: BLE001 - report everything to the parent
        traceback.print_exc()
        return 1
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
