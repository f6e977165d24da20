"""Text from models, model files and imports is shown as text: it never makes the window
read a local file, never renders as HTML, and its links open only after the user has
seen them, and only for the web and mail."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QHelpEvent, QImage, QTextCursor, QTextDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QToolTip, QWidget
from pytestqt.qtbot import QtBot

import gui.chat.markdown_browser as markdown_browser
from engine.chat.history_store import HistoryStore
from engine.llm.messages import Role
from engine.models.model_profile import ModelProfileStore
from gui.chat.markdown_browser import MarkdownBrowser
from gui.chat.transcript_model import COMPLETE, STREAMING, TranscriptMessage, TranscriptModel
from gui.chat.transcript_view import TranscriptView
from gui.common.markdown_render import InertDocument, plain_tooltip, render_markdown
from gui.inference.controller import InferenceController
from gui.models.load_settings_dialog import LoadSettingsDialog
from gui.models.model_info_dialog import ModelInfoDialog
from gui.models.tables import table_item
from gui.models.welcome_panel import WelcomePanel
from tests.gui.conftest import WindowFactory

REPO = Path(__file__).resolve().parents[2]


# Serves each FIFO named on its command line from a thread of its own: every open for
# reading is answered with an empty file and written down; a FIFO whose ".stop" file
# exists is released. A child process, so that a reader blocked in C++ while holding
# this process's GIL cannot stall the writer.
_WATCHER = """
import os, sys, threading

def serve(path):
    while True:
        fd = os.open(path, os.O_WRONLY)
        os.close(fd)
        if os.path.exists(path + ".stop"):
            return
        with open(path + ".opened", "a") as log:
            log.write("opened\\n")

threads = [threading.Thread(target=serve, args=(p,)) for p in sys.argv[1:]]
for t in threads:
    t.start()
print("ready", flush=True)
for t in threads:
    t.join()
"""


class OpenWatch:
    """FIFOs that record whether anything opened them for reading."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths
        for path in paths:
            os.mkfifo(path)
        self._child = subprocess.Popen(
            [sys.executable, "-c", _WATCHER, *map(str, paths)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._child.stdout is not None
        assert self._child.stdout.readline().strip() == "ready"
        self._released = False

    def opened(self) -> list[str]:
        """Release the FIFOs; the names of those something opened."""
        if not self._released:
            self._released = True
            held = []
            for path in self.paths:
                Path(f"{path}.stop").touch()
                # Wakes the writer if it waits; kept open until it has seen the mark.
                held.append(os.open(path, os.O_RDONLY | os.O_NONBLOCK))
            self._child.wait(10)
            assert self._child.stdout is not None
            self._child.stdout.close()
            for fd in held:
                os.close(fd)
            for path in self.paths:
                # With no writer left, a later open would block: nothing may wait on it.
                path.unlink()
        return [p.name for p in self.paths if Path(f"{p}.opened").exists()]


@pytest.fixture
def watch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[OpenWatch]:
    # Relative sources resolve against the working directory.
    monkeypatch.chdir(tmp_path)
    watcher = OpenWatch([tmp_path / name for name in ("a.png", "b.png", "c.png", "rel.png")])
    yield watcher
    watcher.opened()


def _hostile_reply(watch: OpenWatch) -> str:
    a, b, c = (str(path) for path in watch.paths[:3])
    return (
        f"Look: ![a picture]({a})\n\n"
        f"And ![another](file://{b})\n\n"
        f'Raw: <img src="file://{c}"> and <img src="rel.png">\n\n'
        "Relative: ![rel](rel.png)\n\n"
        f'<p><img src="{c}" alt="block"></p>\n'
    )


def _image_count(document: QTextDocument) -> int:
    count = 0
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            if it.fragment().charFormat().isImageFormat():
                count += 1
            it += 1
        block = block.next()
    return count


def _anchors(document: QTextDocument) -> dict[str, int]:
    """Every link target in ``document`` and a position inside its text."""
    found: dict[str, int] = {}
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            href = fragment.charFormat().anchorHref()
            if href and fragment.length() > 1:
                found.setdefault(href, fragment.position() + 1)
            it += 1
        block = block.next()
    return found


def test_a_reply_with_images_opens_no_file(
    qtbot: QtBot, watch: OpenWatch, monkeypatch: pytest.MonkeyPatch
) -> None:
    answered: list[object] = []
    original = InertDocument.loadResource

    def spy(self: InertDocument, kind: int, url: QUrl) -> object:
        result = original(self, kind, url)
        answered.append(result)
        return result

    monkeypatch.setattr(InertDocument, "loadResource", spy)
    reply = _hostile_reply(watch)
    model = TranscriptModel()
    model.set_messages(
        [
            TranscriptMessage(Role.USER, reply),
            TranscriptMessage(Role.ASSISTANT, reply, COMPLETE),
            TranscriptMessage(Role.ASSISTANT, reply, STREAMING),
        ]
    )
    view = TranscriptView(model)
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    qtbot.waitExposed(view)
    view.grab()  # paint everything, as the screen would
    QApplication.processEvents()
    assert watch.opened() == [], "the transcript opened these files"
    for result in answered:
        assert result is None or (isinstance(result, QImage) and result.width() <= 1)
    body = view.message_widget(1).body
    assert _image_count(body.document()) == 0, "images are shown as text"
    plain = body.toPlainText()
    assert "a picture" in plain and "another" in plain, "an image becomes its alt text"
    assert '<img src="rel.png">' in plain, "raw HTML is shown as written"


def test_a_stored_reply_is_shown_at_start_up_without_opening_files(
    qtbot: QtBot,
    watch: OpenWatch,
    make_window: WindowFactory,
    store: HistoryStore,
) -> None:
    conversation = store.create_conversation()
    store.add_message(conversation.id, "user", "show me")
    store.add_message(conversation.id, "assistant", _hostile_reply(watch))
    window = make_window()
    qtbot.waitExposed(window)
    window.grab()
    assert watch.opened() == [], "opening the window read these files"


def test_dev_zero_as_an_image_source_does_not_hang() -> None:
    # In a child with a memory limit: a renderer that reads /dev/zero would otherwise
    # eat this machine's memory instead of failing.
    script = textwrap.dedent(
        """
        import os, resource, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        resource.setrlimit(resource.RLIMIT_AS, (3 * 2**30, 3 * 2**30))
        sys.path.insert(0, sys.argv[1])
        from PySide6.QtWidgets import QApplication
        from engine.llm.messages import Role
        from gui.chat.transcript_model import TranscriptMessage, TranscriptModel
        from gui.chat.transcript_view import TranscriptView
        app = QApplication([])
        text = '![z](/dev/zero) ![z](file:///dev/zero) <img src="/dev/zero">'
        model = TranscriptModel()
        model.set_messages([TranscriptMessage(Role.ASSISTANT, text)])
        view = TranscriptView(model)
        view.show()
        view.grab()
        app.processEvents()
        print("shown")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(REPO)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "shown" in result.stdout


def test_raw_html_in_a_reply_is_literal_text(qtbot: QtBot) -> None:
    browser = MarkdownBrowser()
    qtbot.addWidget(browser)
    browser.set_markdown(
        "Some <b>bold</b> words and <a href=file:///etc/passwd>a link</a>.\n\n"
        "<div>\n<script>alert(1)</script>\n</div>\n"
    )
    plain = browser.toPlainText()
    assert "<b>bold</b>" in plain
    assert "<a href=file:///etc/passwd>a link</a>" in plain
    assert "<script>alert(1)</script>" in plain
    assert _anchors(browser.document()) == {}, "raw HTML makes no link"
    cursor = QTextCursor(browser.document())
    cursor.setPosition(plain.index("bold") + 1)
    assert cursor.charFormat().fontWeight() < 600, "raw HTML makes no bold text"


def test_markdown_still_renders(qtbot: QtBot) -> None:
    browser = MarkdownBrowser()
    qtbot.addWidget(browser)
    browser.set_markdown(
        "**strong** and [a site](https://example.com)\n\n"
        "```python\ndef f():\n    return 1\n```\n\n- one\n- two\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n"
    )
    document = browser.document()
    assert "https://example.com" in _anchors(document)
    assert document.toMarkdown().count("|") >= 6, "the table is still a table"
    assert document.begin().next().isValid()
    assert browser.code_blocks[0].code == "def f():\n    return 1"
    lists = 0
    block = document.begin()
    while block.isValid():
        lists += block.textList() is not None
        block = block.next()
    assert lists == 2


def _shown_browser(qtbot: QtBot) -> MarkdownBrowser:
    browser = MarkdownBrowser()
    qtbot.addWidget(browser)
    browser.resize(600, 200)
    browser.show()
    qtbot.waitExposed(browser)
    return browser


def _click_anchor(qtbot: QtBot, browser: MarkdownBrowser, href: str) -> None:
    position = _anchors(browser.document())[href]
    cursor = QTextCursor(browser.document())
    cursor.setPosition(position)
    rect = browser.cursorRect(cursor)
    point = QPoint(rect.center().x() + 2, rect.center().y())
    QTest.mouseClick(browser.viewport(), Qt.MouseButton.LeftButton, pos=point)


class _Links:
    """Stands in for the user's browser and the Open question: records the addresses
    asked about and opened; ``answer`` is the user's reply to the question."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *, answer: bool = True) -> None:
        self.answer = answer
        self.asked: list[str] = []
        self.opened: list[str] = []
        monkeypatch.setattr(QDesktopServices, "openUrl", self._open)
        monkeypatch.setattr(markdown_browser, "confirm_open_link", self._confirm)

    def _open(self, url: QUrl) -> bool:
        self.opened.append(url.toString())
        return True

    def _confirm(self, _parent: QWidget, address: str) -> bool:
        self.asked.append(address)
        return self.answer


@pytest.mark.parametrize(
    "href",
    ["file:///etc/passwd", "notes.txt", "javascript:alert(1)", "/etc/passwd", "smb://host/share"],
)
def test_only_web_and_mail_links_open(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, href: str
) -> None:
    links = _Links(monkeypatch)
    browser = _shown_browser(qtbot)
    browser.set_markdown(f"Read [this file]({href}) now")
    _click_anchor(qtbot, browser, href)
    assert links.opened == [] and links.asked == []


def test_a_web_link_opens_after_the_user_has_seen_its_address(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    links = _Links(monkeypatch, answer=False)
    browser = _shown_browser(qtbot)
    href = "https://bank.example.com.evil.test/login?x=1"
    browser.set_markdown(f"Log in at [bank.example.com]({href})")
    browser.highlighted.emit(QUrl(href))
    assert href in browser.toolTip(), "hovering shows where the link goes"
    _click_anchor(qtbot, browser, href)
    assert links.asked == [href] and links.opened == [], "declined: nothing opens"
    links.answer = True
    _click_anchor(qtbot, browser, href)
    assert links.opened == [href]


def _hostile_gguf(path: Path) -> Path:
    from gguf import GGUFWriter

    writer = GGUFWriter(str(path), "llama")
    writer.add_name('<img src="x">Evil')
    writer.add_context_length(128)
    writer.add_string("general.license", "<b>MIT</b>")
    writer.add_tensor("weight", np.ones((4, 8), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def test_model_information_shows_metadata_as_plain_text(qtbot: QtBot, tmp_path: Path) -> None:
    path = _hostile_gguf(tmp_path / "<i>odd<i>.gguf")
    dialog = ModelInfoDialog(str(path), None)
    qtbot.addWidget(dialog)
    labels = {label.text(): label for label in dialog.findChildren(QLabel)}
    for text in ('<img src="x">Evil', "<b>MIT</b>", str(path)):
        assert labels[text].textFormat() == Qt.TextFormat.PlainText, text


def test_model_information_problem_is_plain_text(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "<img src=x>.gguf"
    path.write_bytes(b"<b>not a model</b>")
    dialog = ModelInfoDialog(str(path), None)
    qtbot.addWidget(dialog)
    for label in dialog.findChildren(QLabel):
        if "<" in label.text():
            assert label.textFormat() == Qt.TextFormat.PlainText, label.text()


def test_window_labels_show_untrusted_text_as_plain_text(
    qtbot: QtBot,
    make_window: WindowFactory,
    controller: InferenceController,
    store: HistoryStore,
    tmp_path: Path,
) -> None:
    conversation = store.create_conversation('<img src="x"> imported')
    window = make_window()
    workspace, status = window.workspace, window.status
    workspace.open_conversation(conversation.id)
    assert workspace.header.title_label.text() == '<img src="x"> imported'
    path = tmp_path / "<b>model<b>.gguf"
    path.write_bytes(b"<b>not a model</b>" * 8)
    with qtbot.waitSignal(controller.model_load_failed, timeout=60_000):
        window.model_menu.load_model(str(path))
    assert "<b>model<b>" in window.notice.text() + status.stats_label.text()
    for label in (
        workspace.header.title_label,
        window.notice,
        status.model_label,
        status.stats_label,
    ):
        assert label.textFormat() == Qt.TextFormat.PlainText, label.objectName()
    for widget in workspace.transcript.findChildren(QLabel):
        assert widget.textFormat() == Qt.TextFormat.PlainText, widget.objectName()


def test_a_conversation_tooltip_is_plain_text(
    qtbot: QtBot, make_window: WindowFactory, store: HistoryStore
) -> None:
    title = '<img src="missing.png"> <b>imported</b>'
    conversation = store.create_conversation(title)
    window = make_window()
    qtbot.waitExposed(window)
    view = window.workspace.sidebar.list
    conversations = window.workspace.conversation_model
    row = conversations.row_of(conversation.id)
    assert row is not None
    index = conversations.index(row)
    rect = view.visualRect(index)
    event = QHelpEvent(
        QEvent.Type.ToolTip, rect.center(), view.viewport().mapToGlobal(rect.center())
    )
    QApplication.sendEvent(view.viewport(), event)
    assert QToolTip.text() == plain_tooltip(title)
    QToolTip.hideText()


def test_other_labels_with_outside_text_are_plain_text(
    qtbot: QtBot, tmp_path: Path, smollm2: Path
) -> None:
    panel = WelcomePanel(None)
    qtbot.addWidget(panel)
    assert panel.status.textFormat() == Qt.TextFormat.PlainText
    dialog = LoadSettingsDialog(str(smollm2), ModelProfileStore(tmp_path))
    qtbot.addWidget(dialog)
    assert dialog.error.textFormat() == Qt.TextFormat.PlainText
    item = table_item("name", tooltip="<img src=x>.gguf")
    assert item.toolTip() == plain_tooltip("<img src=x>.gguf")
    assert "&lt;img" in item.toolTip()


def test_a_mail_link_opens_without_attachments(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    links = _Links(monkeypatch)
    browser = _shown_browser(qtbot)
    href = "mailto:a@example.com?attach=/home/u/.ssh/id_rsa&subject=Hi"
    browser.set_markdown(f"Write [to me]({href}) now")
    _click_anchor(qtbot, browser, href)
    assert links.asked == ["mailto:a@example.com?subject=Hi"]
    assert links.opened == ["mailto:a@example.com?subject=Hi"]


def test_an_image_without_alt_text_still_shows_it_was_there(qtbot: QtBot) -> None:
    document = InertDocument()
    render_markdown(document, "Look ![](file:///etc/passwd) and `![](kept)` here")
    assert document.toPlainText() == "Look [image] and ![](kept) here"


def test_questions_quote_titles_as_plain_text(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from gui.common.dialogs import ask_yes_no

    seen: list[Qt.TextFormat] = []

    def fake_exec(box: QMessageBox) -> int:
        seen.append(box.textFormat())
        return int(QMessageBox.StandardButton.Yes.value)

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    assert ask_yes_no(None, "Delete", "Delete <img src='file:///etc/passwd'>?")
    assert seen == [Qt.TextFormat.PlainText]
