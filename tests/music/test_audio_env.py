"""The player's pygame loads without numpy (issue 17, memory): pygame's numpy
bridges (surfarray, sndarray) pull numpy in at import, ~11 MB that playing
music never uses. Run in a fresh interpreter: imports are global to a process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import json, sys
from music.audio_env import open_mixer, close_mixer
mixer, reason = open_mixer()
seen = {"reason": reason, "opened": bool(mixer and mixer.get_init()),
        "numpy": "numpy" in sys.modules}
close_mixer()
import pygame.sndarray  # still there for whoever asks for it by name
seen["sndarray"] = hasattr(pygame.sndarray, "array")
print(json.dumps(seen))
"""


def test_opening_the_mixer_does_not_load_numpy():
    env = dict(os.environ, SDL_AUDIODRIVER="dummy", PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", CHILD], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen == {"reason": None, "opened": True, "numpy": False, "sndarray": True}
