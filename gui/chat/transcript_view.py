"""The transcript: one widget per message, bound to a :class:`TranscriptModel`.

Tokens land in the model as they arrive; here a message only re-renders on a ~50 ms
throttle, and only the messages that changed, so a long reply does not make each new
token repaint the whole conversation (a reply's thinking streams on the same
throttle). The view follows the stream while the user is at the bottom and stays put
once they scroll up. Which replies have their thinking open is remembered by message,
so it stays open when the transcript is built again.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QPushButton, QScrollArea, QVBoxLayout, QWidget

from engine.llm.messages import Role
from gui.chat.message_widget import MessageWidget, format_stats
from gui.chat.transcript_model import STREAMING, TranscriptModel
from gui.common.throttle import Throttle

# format_stats: the status line shows the last reply's statistics as the footer does.
__all__ = ["RENDER_INTERVAL_MS", "SHOWN_MESSAGES", "TranscriptView", "format_stats"]

RENDER_INTERVAL_MS = 50

# How many of the newest messages a conversation opens with, and how many more each
# "Show earlier messages" adds.
SHOWN_MESSAGES = 100


class TranscriptView(QScrollArea):
    """Shows a :class:`TranscriptModel`; repaints streaming text at most every 50 ms.

    Signals:
        action_requested(str, int): a message action (one of
            :data:`gui.chat.message_widget.ACTIONS` or ``VERSION_ACTIONS``) and its row.
        edit_submitted(int, str): a row and the text it was edited to in place.
    """

    action_requested = Signal(str, int)
    edit_submitted = Signal(int, str)

    def __init__(self, model: TranscriptModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transcript")
        self.setAccessibleName(self.tr("Conversation transcript"))
        self.setAccessibleDescription(
            self.tr("The messages of the open conversation; Tab moves from message to message.")
        )
        self.setWidgetResizable(True)
        # Tab stops here on the way in and goes on to the newest message (focusInEvent);
        # the messages follow the transcript in the focus chain (_order_focus_chain).
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._model = model
        self._container = QWidget(self)
        self._container.setObjectName("transcriptContainer")
        self._layout = QVBoxLayout(self._container)
        self._layout.setContentsMargins(12, 12, 12, 12)
        self._layout.setSpacing(8)
        self._layout.addStretch(1)
        # A long conversation shows its newest messages; older ones on request (a
        # widget per message: 100,000 of them would take minutes and gigabytes).
        self._earlier = QPushButton(self._container)
        self._earlier.setObjectName("earlierMessagesButton")
        self._earlier.clicked.connect(self._on_earlier_clicked)
        self._layout.insertWidget(0, self._earlier)
        self.setWidget(self._container)
        self._first = 0  # the model row of the first message with a widget
        self._widgets: list[MessageWidget] = []
        self._dirty: set[int] = set()
        self._follow = True
        self._target: MessageWidget | None = None
        # Messages (by id) whose thinking the user opened.
        self._open_thoughts: set[int] = set()
        self._render_throttle = Throttle(RENDER_INTERVAL_MS, self._render_dirty, self)
        bar = self.verticalScrollBar()
        bar.valueChanged.connect(self._on_scrolled)
        bar.rangeChanged.connect(self._on_range_changed)
        model.rowsInserted.connect(self._on_rows_inserted)
        model.rowsRemoved.connect(self._rebuild)
        model.modelReset.connect(self._rebuild)
        model.dataChanged.connect(self._on_data_changed)
        self.render_count = 0
        self._rebuild()

    def message_widget(self, row: int) -> MessageWidget:
        """The widget of model row ``row`` (IndexError for an earlier, hidden one)."""
        if row < self._first:
            raise IndexError(f"message {row} is not shown")
        return self._widgets[row - self._first]

    def start_editing(self, row: int, note: str) -> None:
        """Open the in-place editor of ``row`` (shown), ``note`` saying what sending does."""
        self._show_from(row)
        widget = self.message_widget(row)
        widget.start_editing(note)
        self._follow = False
        self._scroll_to(widget)

    def reveal(self, row: int) -> None:
        """Scroll to ``row`` and highlight it (a search hit), not to the end."""
        self._show_from(row)
        self.clear_highlight()
        widget = self.message_widget(row)
        widget.set_highlighted(True)
        self._follow = False
        self._scroll_to(widget)

    def clear_highlight(self) -> None:
        """Take the search hit's frame off (the search was cleared)."""
        for widget in self._widgets:
            widget.set_highlighted(False)

    def _show_from(self, row: int) -> None:
        """Give every row from ``row`` on a widget (an earlier message is not shown yet)."""
        for earlier in range(self._first - 1, max(row, 0) - 1, -1):
            self._first = earlier
            self._insert_widget(earlier)
        self._update_earlier_button()
        self._refresh_actions()
        self._order_focus_chain()

    def _scroll_to(self, widget: MessageWidget) -> None:
        # Messages still being laid out move it: it is scrolled to again as the
        # transcript's height settles (see _on_range_changed).
        self._target = widget
        self._container.adjustSize()
        self.verticalScrollBar().setValue(max(0, widget.y() - 12))

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Tab from before the transcript lands on the newest message, the one to read
        first (Shift+Tab then walks back through older ones); Shift+Tab back out of the
        oldest goes on to what precedes the transcript."""
        reason = event.reason()
        if reason == Qt.FocusReason.TabFocusReason:
            if self._widgets:
                newest = self._widgets[-1]
                newest.setFocus(Qt.FocusReason.TabFocusReason)
                self.ensureWidgetVisible(newest, 0, 0)
            else:
                self.focusNextChild()
            return
        if reason == Qt.FocusReason.BacktabFocusReason:
            self.focusPreviousChild()
            return
        super().focusInEvent(event)

    @property
    def first_shown_row(self) -> int:
        return self._first

    @property
    def following(self) -> bool:
        return self._follow

    @Slot()
    def _rebuild(self) -> None:
        for widget in self._widgets:
            widget.deleteLater()
        self._widgets = []
        self._dirty.clear()
        self._first = max(0, self._model.rowCount() - SHOWN_MESSAGES)
        for row in range(self._first, self._model.rowCount()):
            self._insert_widget(row)
        self._update_earlier_button()
        self._refresh_actions()
        self._order_focus_chain()
        self._follow = True
        self._target = None

    def _insert_widget(self, row: int) -> None:
        widget = MessageWidget(self._model.message(row), self._container)
        widget.action_triggered.connect(self._on_message_action_triggered)
        widget.edit_submitted.connect(self._on_message_edit_submitted)
        widget.thought_toggled.connect(self._on_message_thought_toggled)
        if widget.message_id in self._open_thoughts:
            widget.thought.set_expanded(True)
        self._widgets.insert(row - self._first, widget)
        # Layout item 0 is the "earlier messages" button.
        self._layout.insertWidget(row - self._first + 1, widget)

    def _order_focus_chain(self, start: int = 0) -> None:
        """Put the messages from index ``start`` of the shown ones (all by default) in
        the focus chain right after the transcript (and "Show earlier messages"),
        oldest to newest, not after the widgets built before them. A new message is
        chained alone: a send does not walk the whole conversation."""
        previous: QWidget = self._earlier
        if start == 0:
            QWidget.setTabOrder(self, self._earlier)
        else:
            parts = _focus_parts(self._widgets[start - 1], self.window())
            previous = parts[-1] if parts else previous
        for widget in self._widgets[start:]:
            # setTabOrder moves a widget alone: its focusable children follow it here.
            for part in _focus_parts(widget, self.window()):
                QWidget.setTabOrder(previous, part)
                previous = part

    @Slot(bool)
    def _on_message_thought_toggled(self, expanded: bool) -> None:
        sender = self.sender()
        if isinstance(sender, MessageWidget):
            if expanded:
                self._open_thoughts.add(sender.message_id)
            else:
                self._open_thoughts.discard(sender.message_id)

    def _update_earlier_button(self) -> None:
        count = self._first
        self._earlier.setText(self.tr("Show earlier messages (%Ln more)", "", count))
        self._earlier.setVisible(self._first > 0)

    @Slot()
    def _on_earlier_clicked(self) -> None:
        start = max(0, self._first - SHOWN_MESSAGES)
        bar = self.verticalScrollBar()
        from_bottom = bar.maximum() - bar.value()
        for row in range(self._first - 1, start - 1, -1):
            self._first = row
            self._insert_widget(row)
        self._update_earlier_button()
        self._refresh_actions()
        self._order_focus_chain()
        self._follow = False
        # Keep the message the user was reading where it was.
        self._container.adjustSize()
        bar.setValue(bar.maximum() - from_bottom)

    @Slot(str)
    def _on_message_action_triggered(self, action: str) -> None:
        sender = self.sender()
        if isinstance(sender, MessageWidget) and sender in self._widgets:
            self.action_requested.emit(action, self._first + self._widgets.index(sender))

    @Slot(str)
    def _on_message_edit_submitted(self, text: str) -> None:
        sender = self.sender()
        if isinstance(sender, MessageWidget) and sender in self._widgets:
            self.edit_submitted.emit(self._first + self._widgets.index(sender), text)

    def _refresh_actions(self) -> None:
        last_reply = next(
            (
                row
                for row in range(self._model.rowCount() - 1, -1, -1)
                if self._model.message(row).role == Role.ASSISTANT
            ),
            None,
        )
        last_row = self._model.rowCount() - 1
        rows = [self._model.message(row) for row in range(self._first, last_row + 1)]
        locked = any(message.state == STREAMING for message in rows)
        for row, widget in enumerate(self._widgets, start=self._first):
            widget.set_actions(
                rows[row - self._first],
                is_last_reply=row == last_reply and row == last_row,
                is_last_row=row == last_row,
                locked=locked,
            )

    @Slot(QModelIndex, int, int)
    def _on_rows_inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        if first < self._first:  # rows only ever arrive at the end; otherwise start over
            self._rebuild()
            return
        for row in range(first, last + 1):
            self._insert_widget(row)
        self._refresh_actions()
        self._order_focus_chain(first - self._first)
        self._follow = True
        self._target = None

    @Slot(QModelIndex, QModelIndex, list)
    def _on_data_changed(self, top: QModelIndex, bottom: QModelIndex, roles: list[int]) -> None:
        if roles and top == bottom:
            # Streamed text or thinking (one row, one role): repainted by the throttle,
            # without joining the row's pieces for every token.
            self._dirty.add(top.row())
            self._render_throttle.request()
            return
        # A whole message changed (not streamed text): a reply being continued, or one
        # that ended, changes which actions fit every message.
        finished = not roles
        for row in range(top.row(), bottom.row() + 1):
            message = self._model.message(row)
            if message.state == STREAMING:
                self._dirty.add(row)
            else:
                # A finished message is shown at once, in full.
                self._dirty.discard(row)
                self._render_row(row)
                finished = True
        if finished:
            self._refresh_actions()
        if self._dirty:
            self._render_throttle.request()

    @Slot()
    def _render_dirty(self) -> None:
        rows, self._dirty = self._dirty, set()
        for row in sorted(rows):
            self._render_row(row)

    def _render_row(self, row: int) -> None:
        if 0 <= row - self._first < len(self._widgets):
            self._widgets[row - self._first].update_from(self._model.message(row))
            self.render_count += 1

    @Slot(int)
    def _on_scrolled(self, value: int) -> None:
        bar = self.verticalScrollBar()
        self._follow = value >= bar.maximum() - 4

    @Slot(int, int)
    def _on_range_changed(self, _minimum: int, maximum: int) -> None:
        if self._target is not None and self._target in self._widgets:
            self.verticalScrollBar().setValue(max(0, self._target.y() - 12))
        elif self._follow:
            self.verticalScrollBar().setValue(maximum)


def _focus_parts(widget: QWidget, window: QWidget) -> list[QWidget]:
    """``widget`` and its descendants in ``window`` that can take focus, in the order
    they were made (a message: itself, its text, its thinking, its buttons)."""
    found = [widget, *widget.findChildren(QWidget)]
    return [
        part
        for part in found
        if part.focusPolicy() != Qt.FocusPolicy.NoFocus and part.window() is window
    ]
