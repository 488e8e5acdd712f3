"""The originals of the reposts on a page of posts (models/posts.py), read by
id with their SQL built once: peewee took ~0.6 ms to write the statement on
every page that held a repost — twice when the statement is gathered with
the page's extras (models/gather.py runs a call again with its answers). The
ids are padded to one of a few list sizes with an id no post has, so each
size is one ``Prepared`` statement.
"""

from __future__ import annotations

from .prepared import Prepared

SIZES = (4, 20, 100)  # a page of posts holds at most 100 (people.check_limit)
NO_POST = 0  # ids start at 1


def _statement(size: int) -> Prepared:
    def build(viewer_id, *ids):
        from .posts import Post, _post_query  # they read through this module

        return _post_query(viewer_id).where(Post.id.in_(list(ids)))

    return Prepared(build, size + 1)


_BY_SIZE = {size: _statement(size) for size in SIZES}


def original_rows(ids: list[int], viewer_id: int) -> list[dict]:
    """The posts of ``ids`` that ``viewer_id`` may see, as ``_post_query`` dicts."""
    biggest = SIZES[-1]
    if len(ids) > biggest:
        return [row for start in range(0, len(ids), biggest)
                for row in original_rows(ids[start:start + biggest], viewer_id)]
    size = next(size for size in SIZES if size >= len(ids))
    return _BY_SIZE[size].dicts(viewer_id, *ids, *[NO_POST] * (size - len(ids)))
