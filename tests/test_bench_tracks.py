"""The benchmark community carries tracks on 10 % of its posts (generator
version 4), written as a share leaves them, and the feed reads them back."""

from __future__ import annotations

import sqlite3

from bench import generate as gen


def test_a_tenth_of_the_posts_carry_a_catalogue_track(tmp_path):
    tiny = gen.generate(0.001, tmp_path / "data", quiet=True)
    conn = sqlite3.connect(tiny.path)
    try:
        q = lambda sql: conn.execute(sql).fetchall()  # noqa: E731
        assert q("PRAGMA foreign_key_check") == []
        posts = q("SELECT COUNT(*) FROM post")[0][0]
        shared = q("SELECT COUNT(*) FROM attachment WHERE kind = 'track' AND post_id IS NOT NULL")
        assert shared[0][0] == tiny.counts["posts_with_tracks"] == round(posts * 0.1)
        assert q("""SELECT COUNT(*) FROM attachment a JOIN track t ON t.id = a.track_id
                    JOIN media m ON m.id = t.media_id""")[0][0] == shared[0][0]
        assert q("SELECT COUNT(DISTINCT post_id) FROM attachment")[0][0] == shared[0][0]
    finally:
        conn.close()

    from models import posts as post_model
    from models.db import close_database, database, open_database

    open_database(f"sqlite:///{tiny.path}")
    try:
        page = post_model.feed_everyone(1, limit=100).items
        with_tracks = [p for p in page if p.attachments]
        assert with_tracks and len(with_tracks) < len(page)
        assert all(a.kind == "track" and a.track.title.startswith("Трек")
                   for p in with_tracks for a in p.attachments)
        # the catalogue is found by its words (track_word, schema 17), as imported tracks are
        from models import tracks

        assert [t.title for t in tracks.search_tracks(1, "трек 1")] == ["Трек 1"]  # of 5
        assert len(tracks.search_tracks(1, "ТРЕК")) == tiny.counts["tracks"]
        catalogue = tracks.all_tracks(1)
        for query, artist in (("mueller", "Müller Trio"), ("ensem", "Terminal Ensemble"),
                              ("dvorak", "Dvořák"), ("терминала", "Оркестр терминала")):
            assert tracks.search_tracks(1, query) == [t for t in catalogue if t.artist == artist]
    finally:
        close_database()
        database.initialize(None)
