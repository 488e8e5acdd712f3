"""Listen to the statements peewee sends (its ``peewee`` logger at DEBUG)."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator


@contextlib.contextmanager
def peewee_log(handler: logging.Handler) -> Iterator[None]:
    """``handler`` gets a record per statement while the block runs; each
    record's ``msg`` is ``(sql, params)``."""
    logger = logging.getLogger("peewee")
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
