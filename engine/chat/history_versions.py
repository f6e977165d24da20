"""Versions of a message: the tree the chat history keeps (schema 3).

Every message hangs under the one it follows (``parent_id``; None for the first). A
regenerated reply or an edited message is added as a *sibling* of the message it
replaces, so the earlier version and every turn that followed it stay in the history.
In each group of siblings exactly one is ``selected``; the conversation shown and sent
to the model is the chain of selected messages from the first one down, and its rows
carry ``active = 1`` so that reading a conversation stays one indexed query.

The functions here run inside the caller's write transaction.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict

# A message row with which of its versions it is and how many there are.
MESSAGE_SELECT = """
    SELECT m.*,
        (SELECT COUNT(*) FROM messages s WHERE s.conversation_id = m.conversation_id
            AND s.parent_id IS m.parent_id) AS versions,
        (SELECT COUNT(*) FROM messages s WHERE s.conversation_id = m.conversation_id
            AND s.parent_id IS m.parent_id AND s.id <= m.id) AS version
    FROM messages m
"""


def _tree(
    db: sqlite3.Connection, conversation_id: int
) -> tuple[dict[int | None, list[int]], set[int]]:
    """Children (in id order) of each message id (None: the first messages), and the
    ids that are selected."""
    children: dict[int | None, list[int]] = defaultdict(list)
    selected: set[int] = set()
    for row in db.execute(
        "SELECT id, parent_id, selected FROM messages WHERE conversation_id = ? ORDER BY id",
        (conversation_id,),
    ):
        parent = None if row[1] is None else int(row[1])
        children[parent].append(int(row[0]))
        if row[2]:
            selected.add(int(row[0]))
    return children, selected


def refresh_active(db: sqlite3.Connection, conversation_id: int) -> None:
    """Mark the chain of selected messages active and every other row inactive. A group
    with no selected message (or several, from an older or edited file) gets its newest
    one selected."""
    children, selected = _tree(db, conversation_id)
    path: list[int] = []
    chosen_in_group: list[tuple[list[int], int]] = []
    parent: int | None = None
    while children.get(parent):
        group = children[parent]
        marked = [m for m in group if m in selected]
        choice = marked[-1] if marked else group[-1]
        if marked != [choice]:
            chosen_in_group.append((group, choice))
        path.append(choice)
        parent = choice
    for group, choice in chosen_in_group:
        _select_in_group(db, group, choice)
    db.execute(
        "UPDATE messages SET active = 0 WHERE conversation_id = ? AND active = 1",
        (conversation_id,),
    )
    db.executemany("UPDATE messages SET active = 1 WHERE id = ?", [(i,) for i in path])


def _select_in_group(db: sqlite3.Connection, group: list[int], choice: int) -> None:
    db.executemany(
        "UPDATE messages SET selected = ? WHERE id = ?",
        [(1 if member == choice else 0, member) for member in group],
    )


def _siblings(db: sqlite3.Connection, message_id: int) -> tuple[int, list[int]]:
    """The conversation of a message and its group of siblings (itself included)."""
    row = db.execute(
        "SELECT conversation_id, parent_id FROM messages WHERE id = ?", (message_id,)
    ).fetchone()
    if row is None:
        raise KeyError(message_id)
    group = [
        int(r[0])
        for r in db.execute(
            "SELECT id FROM messages WHERE conversation_id = ? AND parent_id IS ? ORDER BY id",
            (row[0], row[1]),
        )
    ]
    return int(row[0]), group


def select_version(db: sqlite3.Connection, message_id: int, step: int) -> int:
    """Select the sibling ``step`` places after (or before) ``message_id``, stopping at
    the first and the last; return the id selected now."""
    conversation_id, group = _siblings(db, message_id)
    index = max(0, min(len(group) - 1, group.index(message_id) + step))
    _select_in_group(db, group, group[index])
    refresh_active(db, conversation_id)
    return group[index]


def select_branch(db: sqlite3.Connection, message_id: int) -> None:
    """Select ``message_id`` and each message above it, so that it is shown."""
    conversation_id, _group = _siblings(db, message_id)
    current: int | None = message_id
    while current is not None:
        _conversation, group = _siblings(db, current)
        _select_in_group(db, group, current)
        row = db.execute("SELECT parent_id FROM messages WHERE id = ?", (current,)).fetchone()
        current = None if row[0] is None else int(row[0])
    refresh_active(db, conversation_id)


def add_sibling(db: sqlite3.Connection, message_id: int, values: dict[str, object]) -> int:
    """Insert a new version beside ``message_id`` (same parent, place and role) and
    select it; ``values`` are the new row's other columns. Return its id."""
    row = db.execute(
        "SELECT conversation_id, parent_id, position, role FROM messages WHERE id = ?",
        (message_id,),
    ).fetchone()
    if row is None:
        raise KeyError(message_id)
    columns = {
        "conversation_id": row[0],
        "parent_id": row[1],
        "position": row[2],
        "role": row[3],
        **values,
    }
    names = ", ".join(columns)
    marks = ", ".join("?" for _ in columns)
    db.execute(
        "UPDATE messages SET selected = 0 WHERE conversation_id = ? AND parent_id IS ?",
        (row[0], row[1]),
    )
    cursor = db.execute(
        f"INSERT INTO messages ({names}) VALUES ({marks})",
        tuple(columns.values()),
    )
    new_id = int(cursor.lastrowid or 0)
    refresh_active(db, int(row[0]))
    return new_id


def append_message(db: sqlite3.Connection, conversation_id: int, values: dict[str, object]) -> int:
    """Insert a message after the last one shown (the end of the selected versions), at
    the next place; ``values`` are the new row's other columns. Return its id."""
    position = int(
        db.execute(
            "SELECT COALESCE(MAX(position), -1) + 1 FROM messages WHERE conversation_id = ?",
            (conversation_id,),
        ).fetchone()[0]
    )
    last = db.execute(
        "SELECT id FROM messages WHERE conversation_id = ? AND active = 1 "
        "ORDER BY position DESC LIMIT 1",
        (conversation_id,),
    ).fetchone()
    columns = {
        "conversation_id": conversation_id,
        "parent_id": None if last is None else int(last[0]),
        "position": position,
        **values,
    }
    names = ", ".join(columns)
    marks = ", ".join("?" for _ in columns)
    cursor = db.execute(f"INSERT INTO messages ({names}) VALUES ({marks})", tuple(columns.values()))
    return int(cursor.lastrowid or 0)


def branch_ids(db: sqlite3.Connection, message_id: int) -> list[int]:
    """``message_id`` and every message below it, in every version."""
    found = [message_id]
    index = 0
    while index < len(found):
        found += [
            int(r[0])
            for r in db.execute("SELECT id FROM messages WHERE parent_id = ?", (found[index],))
        ]
        index += 1
    return found


def delete_version(db: sqlite3.Connection, message_id: int) -> int:
    """Delete a message; return how many rows went.

    A message with other versions goes with the turns that followed it (its branch; the
    neighbouring version is selected instead). A message that is the only one at its
    place goes alone: what followed it moves up under its parent, as before versions.
    """
    conversation_id, group = _siblings(db, message_id)
    if len(group) > 1:
        ids = branch_ids(db, message_id)
        index = group.index(message_id)
        neighbour = group[index - 1] if index > 0 else group[index + 1]
        db.executemany("DELETE FROM messages WHERE id = ?", [(i,) for i in reversed(ids)])
        was_selected = db.execute(
            "SELECT COUNT(*) FROM messages WHERE conversation_id = ? AND parent_id IS "
            "(SELECT parent_id FROM messages WHERE id = ?) AND selected = 1",
            (conversation_id, neighbour),
        ).fetchone()[0]
        if not was_selected:
            _select_in_group(db, [m for m in group if m not in ids], neighbour)
        refresh_active(db, conversation_id)
        return len(ids)
    parent = db.execute("SELECT parent_id FROM messages WHERE id = ?", (message_id,)).fetchone()[0]
    db.execute("UPDATE messages SET parent_id = ? WHERE parent_id = ?", (parent, message_id))
    db.execute("DELETE FROM messages WHERE id = ?", (message_id,))
    refresh_active(db, conversation_id)
    return 1
