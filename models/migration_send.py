"""Schema version 15: PostgreSQL sends a message in one statement (issue 17).

``messenger_send`` does on the server what ``models.messages`` does for a send
statement by statement (15 round trips on PostgreSQL before, each a wait for
the network): the checks, the dialog of a pair made on its first message, the
seq under the dialog row's lock, the message (its search words by the
``message_search`` trigger), the newest message and read marks, a group's
mentions, the sent draft and the "typing…" row. ``models/pg_send.py`` calls it.

Its refusals are ``RAISE``s whose text is ``messenger:<reason>``; Python turns
each into the domain error the statement-by-statement send raises, with the
same message (``pg_send.REFUSALS``). Two cases it declines with
``messenger:slow`` (nothing written: the statement is rolled back whole), and
Python sends the long way: a group send that first moves the sender's read
mark over others' messages (read receipts, activity rows), and anything it
does not know. A resend (a client id already stored) answers ``resent`` with
the stored message's id and dialog, for Python to check and show.

The function is written here as it is at version 15; a later change of it is
a later step. SQLite has no such function: the send stays in Python there.
"""

from __future__ import annotations

import peewee

SEND_FUNCTION = "messenger_send"

# No "%" anywhere: the text goes through the driver's parameter formatting.
SEND_SQL = r"""
CREATE OR REPLACE FUNCTION messenger_send(
    p_sender integer, p_peer integer, p_dialog integer, p_client_id text, p_text text,
    p_reply_to integer, p_now timestamp, p_drafts text[], p_mentions text[], p_channel text)
RETURNS TABLE (status text, message_id integer, dialog_id integer, seq integer,
               peer_id integer, login text, first_name text, last_name text,
               avatar_id integer, reply_text text, reply_deleted boolean)
LANGUAGE plpgsql AS $send$
#variable_conflict use_column
DECLARE
    v_group boolean := false;
    v_dialog integer := p_dialog;
    v_peer integer := p_peer;
    v_role text;
    v_from integer := 0;
    v_left integer;
    v_mark integer := 0;
    v_login text;
    v_first text;
    v_last text;
    v_avatar integer;
    v_found integer;
    v_found_dialog integer;
    v_blockers integer[];
    v_r_dialog integer;
    v_r_text text;
    v_r_deleted boolean;
    v_r_seq integer;
    v_r_kind text;
    v_lo integer;
    v_hi integer;
    v_seq integer;
    v_id integer;
BEGIN
    IF p_dialog IS NOT NULL THEN  -- by dialog id: my place in it
        SELECT m.role, m.from_seq, m.left_seq, m.last_read_seq, m.peer_id
          INTO v_role, v_from, v_left, v_mark, v_peer
          FROM dialog_member m WHERE m.user_id = p_sender AND m.dialog_id = p_dialog;
        IF NOT FOUND THEN RAISE EXCEPTION 'messenger:not_found'; END IF;
        v_group := v_role IS NOT NULL;
        IF v_group AND v_left IS NOT NULL THEN RAISE EXCEPTION 'messenger:removed'; END IF;
    END IF;
    IF NOT v_group THEN
        SELECT u.login, u.first_name, u.last_name, u.avatar_id
          INTO v_login, v_first, v_last, v_avatar FROM "user" u WHERE u.id = p_sender;
        IF NOT FOUND THEN RAISE EXCEPTION 'messenger:user_missing'; END IF;
        IF NOT EXISTS (SELECT 1 FROM "user" u WHERE u.id = v_peer) THEN
            RAISE EXCEPTION 'messenger:peer_missing';
        END IF;
        IF p_sender <> v_peer THEN
            SELECT array_agg(b.blocker_id) INTO v_blockers FROM block b
             WHERE (b.blocker_id = p_sender AND b.blocked_id = v_peer)
                OR (b.blocker_id = v_peer AND b.blocked_id = p_sender);
            IF v_peer = ANY(v_blockers) THEN RAISE EXCEPTION 'messenger:refused'; END IF;
            IF p_sender = ANY(v_blockers) THEN RAISE EXCEPTION 'messenger:you_blocked'; END IF;
        END IF;
    END IF;
    SELECT m.id, m.dialog_id INTO v_found, v_found_dialog FROM message m
     WHERE m.sender_id = p_sender AND m.client_id = p_client_id LIMIT 1;
    IF FOUND THEN
        RETURN QUERY SELECT 'resent'::text, v_found, v_found_dialog, NULL::integer, v_peer,
            NULL::text, NULL::text, NULL::text, NULL::integer, NULL::text, NULL::boolean;
        RETURN;
    END IF;
    IF NOT v_group AND v_dialog IS NULL THEN  -- the pair's dialog, made by its first message
        v_lo := least(p_sender, v_peer);
        v_hi := greatest(p_sender, v_peer);
        SELECT d.id INTO v_dialog FROM dialog d WHERE d.user_lo_id = v_lo AND d.user_hi_id = v_hi;
        IF NOT FOUND THEN
            INSERT INTO dialog (user_lo_id, user_hi_id, created_at, last_seq, kind, member_count)
            VALUES (v_lo, v_hi, p_now, 0, 'pair', 0) ON CONFLICT DO NOTHING;
            SELECT d.id INTO v_dialog FROM dialog d
             WHERE d.user_lo_id = v_lo AND d.user_hi_id = v_hi;
            INSERT INTO dialog_member (dialog_id, user_id, peer_id, last_read_seq,
                                       last_message_id, from_seq)
            SELECT v_dialog, x.u, x.p, 0, 0, 0
              FROM (VALUES (1, v_lo, v_hi), (2, v_hi, v_lo)) AS x (n, u, p)
             WHERE x.n = 1 OR v_lo <> v_hi  -- saved notes: one member
            ON CONFLICT DO NOTHING;
        END IF;
    END IF;
    IF p_reply_to IS NOT NULL THEN
        SELECT m.dialog_id, m.text, m.deleted, m.seq, m.kind
          INTO v_r_dialog, v_r_text, v_r_deleted, v_r_seq, v_r_kind
          FROM message m WHERE m.id = p_reply_to;
        IF NOT FOUND OR v_r_dialog <> v_dialog
           OR (v_group AND (v_r_seq < v_from OR v_r_kind <> 'text')) THEN
            RAISE EXCEPTION 'messenger:reply';
        END IF;
    END IF;
    -- Wake the readers at commit; txid_current() numbers the transaction before
    -- the message takes its id (see models/listen.py, notify).
    IF v_group THEN
        PERFORM pg_notify(p_channel, m.user_id::text) FROM dialog_member m
          WHERE m.dialog_id = v_dialog AND m.left_seq IS NULL;
    ELSE
        PERFORM pg_notify(p_channel, v_peer::text);
    END IF;
    PERFORM txid_current();
    -- The row lock serialises the senders of this dialog: the seq is ours alone.
    UPDATE dialog d SET last_seq = d.last_seq + 1 WHERE d.id = v_dialog
    RETURNING d.last_seq INTO v_seq;
    IF v_seq IS NULL THEN RAISE EXCEPTION 'messenger:not_found'; END IF;
    -- What may have committed while we waited for the lock: a resend of this
    -- message, a block, the sender's removal from the group.
    SELECT m.id, m.dialog_id INTO v_found, v_found_dialog FROM message m
     WHERE m.sender_id = p_sender AND m.client_id = p_client_id LIMIT 1;
    IF FOUND THEN
        UPDATE dialog d SET last_seq = d.last_seq - 1 WHERE d.id = v_dialog;
        RETURN QUERY SELECT 'resent'::text, v_found, v_found_dialog, NULL::integer, v_peer,
            NULL::text, NULL::text, NULL::text, NULL::integer, NULL::text, NULL::boolean;
        RETURN;
    END IF;
    IF v_group THEN
        SELECT m.left_seq INTO v_left FROM dialog_member m
         WHERE m.user_id = p_sender AND m.dialog_id = v_dialog;
        IF NOT FOUND THEN RAISE EXCEPTION 'messenger:not_found'; END IF;
        IF v_left IS NOT NULL THEN RAISE EXCEPTION 'messenger:removed'; END IF;
        IF v_mark < v_seq - 1 THEN RAISE EXCEPTION 'messenger:slow'; END IF;
    ELSIF p_sender <> v_peer THEN
        SELECT array_agg(b.blocker_id) INTO v_blockers FROM block b
         WHERE (b.blocker_id = p_sender AND b.blocked_id = v_peer)
            OR (b.blocker_id = v_peer AND b.blocked_id = p_sender);
        IF v_peer = ANY(v_blockers) THEN RAISE EXCEPTION 'messenger:refused'; END IF;
        IF p_sender = ANY(v_blockers) THEN RAISE EXCEPTION 'messenger:you_blocked'; END IF;
    END IF;
    INSERT INTO message (dialog_id, seq, sender_id, client_id, text, reply_to_id, created_at,
                         deleted, kind)
    VALUES (v_dialog, v_seq, p_sender, p_client_id, p_text, p_reply_to, p_now, false, 'text')
    ON CONFLICT DO NOTHING RETURNING id INTO v_id;
    IF v_id IS NULL THEN RAISE EXCEPTION 'messenger:client_id'; END IF;
    UPDATE dialog d SET last_message_id = v_id WHERE d.id = v_dialog;
    IF v_group THEN  -- the sender's own row only, never one per member
        UPDATE dialog_member m SET last_read_seq = v_seq
         WHERE m.dialog_id = v_dialog AND m.user_id = p_sender AND m.last_read_seq < v_seq;
        IF cardinality(p_mentions) > 0 THEN
            INSERT INTO mention (user_id, dialog_id, seq, message_id)
            SELECT m.user_id, v_dialog, v_seq, v_id
              FROM dialog_member m JOIN "user" u ON u.id = m.user_id
             WHERE m.dialog_id = v_dialog AND m.left_seq IS NULL
               AND u.login_key = ANY(p_mentions) AND m.user_id <> p_sender;
        END IF;
        DELETE FROM draft d
         WHERE d.user_id = p_sender AND d.dialog_id = v_dialog AND d.text = ANY(p_drafts);
        SELECT u.login, u.first_name, u.last_name, u.avatar_id
          INTO v_login, v_first, v_last, v_avatar FROM "user" u WHERE u.id = p_sender;
    ELSE  -- both members learn the newest message; the sender has read up to it
        UPDATE dialog_member m SET last_message_id = v_id,
               last_read_seq = CASE WHEN m.user_id = p_sender AND m.last_read_seq < v_seq
                                    THEN v_seq ELSE m.last_read_seq END
         WHERE m.dialog_id = v_dialog;
        DELETE FROM draft d
         WHERE d.user_id = p_sender AND d.peer_id = v_peer AND d.text = ANY(p_drafts);
    END IF;
    DELETE FROM typing t WHERE t.dialog_id = v_dialog AND t.user_id = p_sender;
    RETURN QUERY SELECT 'sent'::text, v_id, v_dialog, v_seq, v_peer, v_login, v_first, v_last,
        v_avatar, v_r_text, v_r_deleted;
END
$send$
"""


def create_send_function(db: peewee.Database) -> None:
    """PostgreSQL: (re)write ``messenger_send``; SQLite: nothing."""
    if not isinstance(db, peewee.SqliteDatabase):
        db.execute_sql(SEND_SQL)
