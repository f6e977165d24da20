"""The conversation sidebar: New chat, search (in the thinking too, if asked), and the
list with its context menu."""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QAction,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QPainter,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QLineEdit,
    QListView,
    QMenu,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from engine.chat.history_records import MATCH_END, MATCH_START
from engine.chat.history_store import HistoryStore
from gui.chat.conversation_list_model import ConversationListModel, thinking_label
from gui.common.markdown_render import plain_tooltip
from gui.common.throttle import Throttle

SEARCH_DELAY_MS = 200


def _rename_key() -> QKeySequence:
    return QKeySequence(Qt.Key.Key_F2)


def _delete_key() -> QKeySequence:
    # A standard key is the platform's: built once the application exists.
    return QKeySequence(QKeySequence.StandardKey.Delete)


class PlainTooltipDelegate(QStyledItemDelegate):
    """Shows an item's tooltip exactly as written. Titles come from imports and search
    snippets from replies; Qt would render one that starts with a tag as HTML."""

    def helpEvent(
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        if event.type() != QEvent.Type.ToolTip:
            return super().helpEvent(event, view, option, index)
        text = index.data(Qt.ItemDataRole.ToolTipRole)
        if text:
            QToolTip.showText(event.globalPos(), plain_tooltip(str(text)), view)
        else:
            QToolTip.hideText()
        return True


class SearchResultDelegate(PlainTooltipDelegate):
    """A search result's title, and under it the snippet around the match with the
    matched words in bold; all drawn as plain text (snippets come from replies)."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        if index.data(ConversationListModel.SnippetRole):
            size.setHeight(size.height() + QFontMetrics(option.font).height() + 2)
        return size

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        snippet = str(index.data(ConversationListModel.SnippetRole) or "")
        if not snippet:
            super().paint(painter, option, index)
            return
        line = QFontMetrics(option.font).height() + 2
        # The row's background (selection, hover) across both lines, the title in the top one.
        style = option.widget.style() if option.widget is not None else QApplication.style()
        style.drawPrimitive(
            QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget
        )
        title_option = QStyleOptionViewItem(option)
        title_option.rect = QRect(option.rect.adjusted(0, 0, 0, -line))
        super().paint(painter, title_option, index)
        # The title sits in the top line; the snippet is drawn in the line below it.
        painter.save()
        painter.setClipRect(option.rect)
        x = option.rect.left() + 8
        y = option.rect.bottom() - line + 2
        right = option.rect.right() - 4
        text = " ".join(snippet.split())
        bold = QFont(option.font)
        bold.setBold(True)
        if index.data(ConversationListModel.InReasoningRole):
            label = thinking_label()
            # Set apart from the snippet: it says where the words were found.
            italic = QFont(option.font)
            italic.setItalic(True)
            painter.setFont(italic)
            painter.drawText(
                QRect(x, y, max(0, right - x), line), Qt.TextFlag.TextSingleLine, label
            )
            x += QFontMetrics(italic).horizontalAdvance(label)
        marked = False
        for piece in text.replace(MATCH_END, MATCH_START).split(MATCH_START):
            font = bold if marked else option.font
            metrics = QFontMetrics(font)
            shown = metrics.elidedText(piece, Qt.TextElideMode.ElideRight, max(0, right - x))
            painter.setFont(font)
            painter.drawText(
                QRect(x, y, max(0, right - x), line), Qt.TextFlag.TextSingleLine, shown
            )
            x += metrics.horizontalAdvance(shown)
            marked = not marked
            if x >= right or shown != piece:
                break
        painter.restore()


class Sidebar(QWidget):
    """Signals:
    new_chat_requested(): the New chat button.
    conversation_selected(int): the user picked a conversation.
    search_changed(str): the search text, after typing paused (and at once when
        Include thinking is switched during a search).
    action_requested(str, int): "rename", "delete", "export_markdown" or "export_json"
        for a conversation id, from the context menu (or F2 and Delete in the list).

    Esc in the search box clears it (and only then reaches the window, to stop a reply).
    """

    new_chat_requested = Signal()
    conversation_selected = Signal(int)
    search_changed = Signal(str)
    action_requested = Signal(str, int)

    def __init__(self, model: ConversationListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self.model = model
        self.new_chat_button = QPushButton(self.tr("+ New chat"), self)
        self.new_chat_button.setObjectName("newChatButton")
        self.new_chat_button.setAccessibleName(self.tr("New chat"))
        self.new_chat_button.setToolTip(
            self.tr("Start a new conversation ({shortcut})").format(
                shortcut=QKeySequence(QKeySequence.StandardKey.New).toString(
                    QKeySequence.SequenceFormat.NativeText
                )
            )
        )
        self.search = QLineEdit(self)
        self.search.setObjectName("conversationSearch")
        self.search.setAccessibleName(self.tr("Search conversations"))
        self.search.setAccessibleDescription(
            self.tr("Finds conversations by their title and messages; Esc clears the search.")
        )
        self.search.setPlaceholderText(self.tr("Search chats…"))
        self.search.setClearButtonEnabled(True)
        # Off by default; kept while the app runs (the sidebar lives as long).
        self.include_thinking = QCheckBox(self.tr("Include thinking"), self)
        self.include_thinking.setObjectName("includeThinking")
        self.include_thinking.setAccessibleName(self.tr("Search the thinking of replies too"))
        self.include_thinking.setToolTip(
            self.tr("Also find words in what reasoning models thought before they answered")
        )
        self.list = QListView(self)
        self.list.setObjectName("conversationList")
        self.list.setAccessibleName(self.tr("Conversations"))
        self.list.setAccessibleDescription(
            self.tr("Enter opens a conversation, F2 renames it, Delete deletes it.")
        )
        self.list.setModel(model)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.setUniformItemSizes(False)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setItemDelegate(SearchResultDelegate(self.list))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.new_chat_button)
        layout.addWidget(self.search)
        layout.addWidget(self.include_thinking)
        layout.addWidget(self.list, 1)
        # Search once the typing pauses.
        self._search_debounce = Throttle(
            SEARCH_DELAY_MS, self._emit_search_changed, self, restart=True
        )
        self.new_chat_button.clicked.connect(self.new_chat_requested)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.include_thinking.toggled.connect(self._on_include_thinking_toggled)
        self.list.clicked.connect(self._on_list_clicked)
        self.list.activated.connect(self._on_list_clicked)
        self.list.customContextMenuRequested.connect(self._on_context_menu_requested)
        self.search.installEventFilter(self)
        for name, key, action in (
            ("renameAction", _rename_key(), "rename"),
            ("deleteAction", _delete_key(), "delete"),
        ):
            shortcut = QAction(self.list)
            shortcut.setObjectName(name)
            shortcut.setShortcut(key)
            shortcut.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.setData(action)
            shortcut.triggered.connect(self._on_list_shortcut_triggered)
            self.list.addAction(shortcut)

    def current_conversation(self) -> int | None:
        """The id of the selected conversation in the list (None: none is)."""
        for index in self.list.selectionModel().selectedIndexes():
            conversation_id = index.data(ConversationListModel.ConversationIdRole)
            if conversation_id is not None:
                return int(conversation_id)
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Esc clears a search first: the box claims the key before the window's Stop.
        if (
            watched is self.search
            and event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress)
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and self.search.text()
        ):
            if event.type() == QEvent.Type.KeyPress:
                self.search.clear()
            event.accept()
            return True
        return super().eventFilter(watched, event)

    def show_history(self, store: HistoryStore) -> None:
        """Fill the list: the results of the search typed (in the thinking of replies
        too when asked), else every conversation."""
        query = self.search.text().strip()
        if query:
            thinking = self.include_thinking.isChecked()
            self.model.show_search_results(store.search(query, include_reasoning=thinking))
        else:
            self.model.show_conversations(store.conversations())

    def select(self, conversation_id: int | None) -> None:
        """Highlight a conversation without emitting ``conversation_selected``."""
        row = None if conversation_id is None else self.model.row_of(conversation_id)
        selection = self.list.selectionModel()
        if row is None:
            selection.clearSelection()
            return
        index = self.model.index(row)
        if selection.selectedIndexes() == [index]:
            return  # already so (each send asks again)
        selection.select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.list.scrollTo(index)

    @Slot(str)
    def _on_search_text_changed(self, _text: str) -> None:
        self._search_debounce.request()

    @Slot(bool)
    def _on_include_thinking_toggled(self, _checked: bool) -> None:
        # The results change at once; with no search there are none to change.
        if self.search.text().strip():
            self._search_debounce.cancel()
            self._emit_search_changed()

    def _emit_search_changed(self) -> None:
        self.search_changed.emit(self.search.text())

    @Slot(QModelIndex)
    def _on_list_clicked(self, index: QModelIndex) -> None:
        conversation_id = index.data(ConversationListModel.ConversationIdRole)
        if conversation_id is not None:
            self.conversation_selected.emit(int(conversation_id))

    @Slot()
    def _on_list_shortcut_triggered(self) -> None:
        action = self.sender()
        conversation_id = self.current_conversation()
        if isinstance(action, QAction) and conversation_id is not None:
            self.action_requested.emit(str(action.data()), conversation_id)

    @Slot(QPoint)
    def _on_context_menu_requested(self, position: QPoint) -> None:
        index = self.list.indexAt(position)
        conversation_id = index.data(ConversationListModel.ConversationIdRole)
        if conversation_id is None:
            return
        menu = QMenu(self)
        # The keys as the platform and the window's language name them ("Del", "删除").
        native = QKeySequence.SequenceFormat.NativeText
        for label, action in (
            (self.tr("Rename…") + "\t" + _rename_key().toString(native), "rename"),
            (self.tr("Export as Markdown…"), "export_markdown"),
            (self.tr("Export as JSON…"), "export_json"),
            (self.tr("Delete…") + "\t" + _delete_key().toString(native), "delete"),
        ):
            menu.addAction(label).setData(action)
        chosen = menu.exec(self.list.viewport().mapToGlobal(position))
        if chosen is not None:
            self.action_requested.emit(str(chosen.data()), int(conversation_id))
