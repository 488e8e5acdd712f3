"""``python -m cli`` runs the ``messenger`` command."""

import sys

from . import main

sys.exit(main())
