"""The people, communities, friendships, posts and dialogs of the benchmark
community, row by row (``bench/generate.py`` calls ``fill_community``, which
ends with the groups and the tracks: ``bench/generate_groups.py``,
``bench/generate_tracks.py``).

``Sizes.at(scale)`` says how many of each.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from .generate_groups import fill_groups
from .generate_tracks import fill_track_attachments

BENCH_LOGIN = "bench"  # person 1
START = datetime(2025, 3, 14, 0, 0, 0)
SPAN_SECONDS = 365 * 24 * 3600

FIRST_RU = (
    "Анна Мария Елена Ольга Татьяна Наталья Ирина Светлана Екатерина Юлия Дарья Алёна "
    "Ксения Полина Вера Людмила Алексей Андрей Борис Владимир Дмитрий Евгений Иван Игорь "
    "Кирилл Максим Михаил Николай Олег Павел Пётр Сергей Фёдор Юрий Ярослав Григорий"
).split()
LAST_RU = (
    "Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Фёдоров "
    "Морозов Волков Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев "
    "Орлов Андреев Макаров Никитин Захаров Зайцев Соловьёв Борисов Яковлев Григорьев "
    "Романов Воробьёв Сергеев Кузьмин Фролов Александров Дмитриев Королёв Гусев Киселёв "
    "Ильин Максимов Поляков Сорокин Виноградов Ковалёв Белов Медведев Антонов Тарасов"
).split()
FIRST_EN = (
    "Anna Maria Helen Olga Julia Emma Olivia Sophia Grace Alice Chloe Lucy Mia Ruth "
    "Alexander Andrew Boris David Edward Ivan Igor John Michael Nicholas Oliver Paul "
    "Peter Samuel Thomas William James George Henry Jack Leo Oscar"
).split()
LAST_EN = (
    "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore "
    "Martin Jackson Thompson White Harris Clark Lewis Robinson Walker Young Allen King "
    "Wright Scott Hill Green Adams Baker Nelson Carter Mitchell Roberts Turner Phillips "
    "Campbell Parker Evans Edwards Collins Stewart Morris Murphy Cook Rogers Morgan Cooper"
).split()
WORDS = (
    "привет как дела что нового сегодня завтра встретимся вечером спасибо хорошо отлично "
    "посмотри фото музыка концерт работа дом кофе чай погода снег дождь солнце книга фильм "
    "hello how are you today tomorrow see you tonight thanks great look photo music work "
    "home coffee tea weather snow rain sun book film meeting later sure maybe yes no"
).split()
# Words in about one text in 500 each, so that two of them seldom meet.
RARE_WORDS = ("байдарка", "ладога")
RARE_SHARE = 0.002
FEMALE_RU = set("Анна Мария Елена Ольга Татьяна Наталья Ирина Светлана Екатерина Юлия Дарья "
                "Алёна Ксения Полина Вера Людмила".split())


@dataclass(frozen=True)
class Sizes:
    users: int
    dialogs: int
    messages: int
    bench_dialogs: int  # dialogs of person 1
    big_dialog_messages: int  # messages in person 1's dialog with person 2
    posts: int
    likes: int
    communities: int
    memberships: int
    friendships: int
    bench_friends: int
    bench_communities: int

    @classmethod
    def at(cls, scale: float) -> Sizes:
        def n(full: int, least: int) -> int:
            return max(least, round(full * scale))

        def own(full: int, least: int) -> int:
            # What person 1 has grows with the community up to scale 1 and then
            # stays: at scale 10 a person still has 1 000 dialogs, not 10 000,
            # so a figure at scale 10 beside scale 1 shows what the community's
            # size alone costs.
            return max(least, round(full * min(scale, 1.0)))

        users = n(100_000, 60)
        communities = n(5_000, 5)
        dialogs = n(50_000, 30)
        bench_dialogs = min(own(1_000, 10), users - 1, dialogs)
        messages = n(1_000_000, 200)
        big = min(own(200_000, 100), messages // 2)
        return cls(
            users=users,
            dialogs=dialogs,
            messages=messages,
            bench_dialogs=bench_dialogs,
            big_dialog_messages=big,
            posts=n(500_000, 300),
            likes=n(300_000, 100),
            communities=communities,
            memberships=max(communities, n(250_000, 50)),
            friendships=n(300_000, 100),
            bench_friends=min(own(150, 5), users - 1),
            bench_communities=min(20, communities),
        )


def _ts(seconds: float) -> str:
    return str(START + timedelta(seconds=seconds))


def _names(rng: random.Random) -> tuple[str, str]:
    if rng.random() < 0.6:
        first = rng.choice(FIRST_RU)
        last = rng.choice(LAST_RU)
        if first in FEMALE_RU:
            last += "а"
    else:
        first, last = rng.choice(FIRST_EN), rng.choice(LAST_EN)
    return first, last


def _sentence(rng: random.Random, low: int = 2, high: int = 14) -> str:
    words = rng.choices(WORDS, k=rng.randint(low, high))
    if rng.random() < 2 * RARE_SHARE:  # a search that finds little (bench/search_ops.py)
        words.append(rng.choice(RARE_WORDS))
    return " ".join(words).capitalize()


def _pairs(rng: random.Random, count: int, users: int, taken: set[tuple[int, int]],
           lowest: int = 1) -> list[tuple[int, int]]:
    """``count`` new distinct pairs (lo < hi) of people numbered ``lowest``..``users``."""
    out = []
    while len(out) < count:
        a, b = rng.randint(lowest, users), rng.randint(lowest, users)
        if a == b:
            continue
        pair = (a, b) if a < b else (b, a)
        if pair in taken:
            continue
        taken.add(pair)
        out.append(pair)
    return out


def _insert(conn, table: str, columns: tuple[str, ...], rows) -> None:
    cols = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    conn.executemany(f'INSERT INTO "{table}" ({cols}) VALUES ({marks})', rows)


def fill_community(conn, sizes: Sizes, rng: random.Random, password_hash: str,
                   scale: float) -> dict[str, int]:
    from models.community_words import rows_of
    from models.search_keys import person_keys
    from models.text import identity_key

    counts: dict[str, int] = {}

    # ---- people: person 1 is "bench"; everyone shares one real argon2id hash
    users = []
    for uid in range(1, sizes.users + 1):
        first, last = ("Бенч", "Тестов") if uid == 1 else _names(rng)
        login = BENCH_LOGIN if uid == 1 else f"user{uid}"
        created = _ts(rng.random() * SPAN_SECONDS * 0.2)
        keys = person_keys(first, last)
        users.append((uid, login, identity_key(login), password_hash, first, last,
                      keys["first_key"], keys["last_key"], keys["first_alt_key"],
                      keys["last_alt_key"], "", "", created))
    _insert(conn, "user", ("id", "login", "login_key", "password_hash", "first_name",
                           "last_name", "first_key", "last_key", "first_alt_key",
                           "last_alt_key", "city", "about", "created_at"), users)
    counts["users"] = len(users)
    del users

    # ---- communities and memberships (the owner is the first member)
    communities = [
        (cid, f"Сообщество {cid}" if cid % 2 else f"Community {cid}",
         f"сообщество {cid}" if cid % 2 else f"community {cid}",
         _sentence(rng), rng.randint(1, sizes.users), _ts(rng.random() * SPAN_SECONDS * 0.3))
        for cid in range(1, sizes.communities + 1)
    ]
    _insert(conn, "community", ("id", "name", "name_key", "name_search", "about", "owner_id",
                                "created_at"),
            ((cid, name, key, key, about, owner, at) for cid, name, key, about, owner, at
             in communities))
    _insert(conn, "community_word", ("community_id", "prefix", "tail", "name_key"),
            (row for cid, _, key, _, _, _ in communities for row in rows_of(cid, key, key)))
    members: set[tuple[int, int]] = {(cid, owner) for cid, _, _, _, owner, _ in communities}
    for cid in range(1, sizes.bench_communities + 1):
        members.add((cid, 1))
    while len(members) < sizes.memberships:
        members.add((rng.randint(1, sizes.communities), rng.randint(2, sizes.users)))
    membership_rows = sorted(members)
    _insert(conn, "membership", ("community_id", "user_id", "joined_at"),
            ((c, u, _ts(SPAN_SECONDS * 0.3)) for c, u in membership_rows))
    counts["communities"] = len(communities)
    counts["memberships"] = len(membership_rows)
    by_community: dict[int, list[int]] = {}
    for c, u in membership_rows:
        by_community.setdefault(c, []).append(u)
    del communities, members, membership_rows

    # ---- friendships: person 1 has bench_friends friends; 90 % accepted
    taken: set[tuple[int, int]] = {(1, uid) for uid in range(2, sizes.bench_friends + 2)}
    pairs = sorted(taken) + _pairs(rng, sizes.friendships - len(taken), sizes.users, taken, 2)
    friend_rows = []
    for lo, hi in pairs:
        accepted = lo == 1 or rng.random() < 0.9
        when = _ts(SPAN_SECONDS * 0.2 + rng.random() * SPAN_SECONDS * 0.1)
        friend_rows.append((lo, hi, rng.choice((lo, hi)), int(accepted), when,
                            when if accepted else None))
    _insert(conn, "friendship", ("user_lo_id", "user_hi_id", "requester_id", "accepted",
                                 "created_at", "accepted_at"), friend_rows)
    counts["friendships"] = len(friend_rows)
    del taken, pairs, friend_rows

    # ---- posts (a fifth in communities, by a member), then likes and counts
    posts = []
    for pid in range(1, sizes.posts + 1):
        community = None
        if rng.random() < 0.2:
            community = rng.randint(1, sizes.communities)
            author = rng.choice(by_community[community])
        else:
            author = rng.randint(1, sizes.users)
        created = _ts(SPAN_SECONDS * 0.3 + SPAN_SECONDS * 0.7 * pid / sizes.posts)
        posts.append((pid, author, community, _sentence(rng, 3, 40), created, 0))
    _insert(conn, "post", ("id", "author_id", "community_id", "text", "created_at",
                           "like_count"), posts)
    counts["posts"] = len(posts)
    del posts, by_community
    liked: set[tuple[int, int]] = set()
    while len(liked) < sizes.likes:
        # Newer posts collect more likes.
        post = sizes.posts - int(rng.random() ** 3 * sizes.posts)
        liked.add((max(1, post), rng.randint(1, sizes.users)))
    _insert(conn, "post_like", ("post_id", "user_id", "created_at"),
            ((p, u, _ts(SPAN_SECONDS)) for p, u in sorted(liked)))
    conn.execute(
        "UPDATE post SET like_count = (SELECT COUNT(*) FROM post_like WHERE post_id = post.id)"
        " WHERE id IN (SELECT DISTINCT post_id FROM post_like)"
    )
    counts["likes"] = len(liked)
    del liked

    # ---- dialogs: person 1 with persons 2..; the rest among other people
    taken = {(1, peer) for peer in range(2, sizes.bench_dialogs + 2)}
    dialog_pairs = sorted(taken)
    dialog_pairs += _pairs(rng, sizes.dialogs - len(dialog_pairs), sizes.users, taken, 2)
    ndialogs = len(dialog_pairs)
    # Message counts: the long dialog gets big_dialog_messages, the others share the
    # rest at random (every dialog has at least one message: it exists from its first).
    rest = sizes.messages - sizes.big_dialog_messages
    per_dialog = [1] * ndialogs
    per_dialog[0] = sizes.big_dialog_messages
    for _ in range(rest - (ndialogs - 1)):
        per_dialog[rng.randint(1, ndialogs - 1)] += 1
    order = [d for d, count in enumerate(per_dialog) for _ in range(count)]
    rng.shuffle(order)  # messages of all dialogs interleave in time, as they do

    seqs = [0] * ndialogs
    last_id = [0] * ndialogs
    last_sender = [0] * ndialogs
    total = len(order)
    batch = []
    for index, d in enumerate(order):
        mid = index + 1
        seqs[d] += 1
        lo, hi = dialog_pairs[d]
        sender = lo if rng.random() < 0.5 else hi
        reply = None
        deleted = 0
        roll = rng.random()
        if roll < 0.01:
            deleted = 1
        elif roll < 0.05 and last_id[d]:
            reply = last_id[d]
        text = "" if deleted else _sentence(rng)
        batch.append((mid, d + 1, seqs[d], sender, f"b{mid}", text, reply,
                      _ts(SPAN_SECONDS * 0.3 + SPAN_SECONDS * 0.7 * mid / total), deleted))
        last_id[d] = mid
        last_sender[d] = sender
        if len(batch) >= 50_000:
            _insert(conn, "message", ("id", "dialog_id", "seq", "sender_id", "client_id",
                                      "text", "reply_to_id", "created_at", "deleted"), batch)
            batch = []
    _insert(conn, "message", ("id", "dialog_id", "seq", "sender_id", "client_id", "text",
                              "reply_to_id", "created_at", "deleted"), batch)
    del order, batch

    _insert(conn, "dialog", ("id", "user_lo_id", "user_hi_id", "created_at", "last_seq",
                             "last_message_id"),
            ((d + 1, lo, hi, _ts(SPAN_SECONDS * 0.3), seqs[d], last_id[d])
             for d, (lo, hi) in enumerate(dialog_pairs)))
    member_rows = []
    for d, (lo, hi) in enumerate(dialog_pairs):
        for user, peer in ((lo, hi), (hi, lo)):
            # Most dialogs are read; some have a few unread messages, the long one 40.
            behind = 40 if d == 0 else (rng.randint(1, 5) if rng.random() < 0.3 else 0)
            read = seqs[d] if last_sender[d] == user else max(0, seqs[d] - behind)
            member_rows.append((d + 1, user, peer, read, last_id[d]))
    _insert(conn, "dialog_member", ("dialog_id", "user_id", "peer_id", "last_read_seq",
                                    "last_message_id"), member_rows)
    counts["dialogs"] = ndialogs
    counts["messages"] = total
    counts["bench_dialogs"] = sum(1 for lo, _ in dialog_pairs if lo == 1)
    counts["big_dialog_messages"] = seqs[0]
    counts.update(fill_groups(conn, scale, sizes.users, rng, total + 1, ndialogs + 1,
                              lambda fraction: _ts(SPAN_SECONDS * fraction), _sentence))
    counts.update(fill_track_attachments(conn, scale, sizes.posts, _ts(SPAN_SECONDS * 0.3)))
    return counts
