"""The read-only tables of the Models window, built one way."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from gui.common.markdown_render import plain_tooltip


def make_table(
    parent: QWidget, name: str, headers: list[str], accessible_name: str, description: str = ""
) -> QTableWidget:
    """A table that selects whole rows, one at a time, and cannot be edited; screen
    readers call it ``accessible_name`` (and read ``description`` on request)."""
    table = QTableWidget(0, len(headers), parent)
    table.setObjectName(name)
    table.setAccessibleName(accessible_name)
    if description:
        table.setAccessibleDescription(description)
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.setWordWrap(False)
    return table


def table_item(text: str, data: str | None = None, tooltip: str = "") -> QTableWidgetItem:
    """A cell showing ``text``; ``data`` is kept under ``Qt.UserRole`` (see
    :func:`row_data`), ``tooltip`` shows as written."""
    item = QTableWidgetItem(text)
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    if tooltip:
        # Paths and hub names can hold anything, tags included: never render them.
        item.setToolTip(plain_tooltip(tooltip))
    return item


def row_data(table: QTableWidget, row: int) -> str | None:
    """The data kept in the first cell of ``row`` (None for no such row)."""
    item = table.item(row, 0) if row >= 0 else None
    if item is None:
        return None
    data = item.data(Qt.ItemDataRole.UserRole)
    return None if data is None else str(data)
