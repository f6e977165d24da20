"""The conversation header's Thinking switch with the real starter model: On/Off under a
template with Qwen3's `enable_thinking`, "No switch" under the model's own template,
"No model" with none; the choice is the conversation's and reaches the reply."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from engine.chat.history_store import HistoryStore
from engine.llm.parameters import LoadSettings, SamplingSettings
from engine.llm.reasoning import Thinking, ThinkingSwitch, describe_switch
from gui.chat.sampling_dialog import SamplingDialog
from gui.chat.thinking_switch import choices, shown_choice
from gui.chat.workspace import ChatWorkspace
from gui.inference.controller import InferenceController
from tests.gui.conftest import WindowFactory
from tests.reasoning_templates import SUM_QUESTION, SWITCHABLE_TEMPLATE, THINKING_TEMPLATE

SWITCHABLE = LoadSettings(n_ctx=1024, n_threads=2, chat_template=SWITCHABLE_TEMPLATE)
PLAIN = LoadSettings(n_ctx=1024, n_threads=2)
# A model that always thinks and has no switch of its own (DeepSeek-R1's kind).
ALWAYS_THINKS = LoadSettings(n_ctx=1024, n_threads=2, chat_template=THINKING_TEMPLATE)
# gpt-oss's kind of switch: an effort, never off.
EFFORT = LoadSettings(
    n_ctx=1024,
    n_threads=2,
    chat_template=SWITCHABLE_TEMPLATE.replace(
        "enable_thinking is defined and enable_thinking is false",
        "reasoning_effort is defined and reasoning_effort == 'low'",
    ),
)


def _load(
    qtbot: QtBot, controller: InferenceController, path: Path, settings: LoadSettings
) -> None:
    with qtbot.waitSignal(controller.model_loaded, timeout=60_000):
        controller.load_model(str(path), settings)


def _items(workspace: ChatWorkspace) -> list[str]:
    combo = workspace.header.thinking.combo
    return [combo.itemText(i) for i in range(combo.count())]


def _saved_thinking(store: HistoryStore, conversation_id: int) -> object:
    return store.conversation(conversation_id).settings.get("sampling", {}).get("thinking")


def test_what_each_kind_of_switch_offers() -> None:
    assert choices(None) == () and choices(ThinkingSwitch.NONE) == ()
    assert choices(ThinkingSwitch.FLAG) == choices(ThinkingSwitch.SOFT)
    assert Thinking.OFF in choices(ThinkingSwitch.FLAG)
    assert choices(ThinkingSwitch.EFFORT) == (
        Thinking.AUTO,
        Thinking.LOW,
        Thinking.MEDIUM,
        Thinking.HIGH,
    )
    # A value saved under one model shows as what it does under another.
    assert shown_choice(ThinkingSwitch.EFFORT, "off") == Thinking.LOW
    assert shown_choice(ThinkingSwitch.FLAG, "high") == Thinking.ON
    assert shown_choice(ThinkingSwitch.SOFT, "off") == Thinking.OFF
    assert shown_choice(ThinkingSwitch.FLAG, "nonsense") == Thinking.AUTO


def test_the_switch_follows_the_model_and_the_conversation(
    qtbot: QtBot,
    make_window: WindowFactory,
    controller: InferenceController,
    store: HistoryStore,
    smollm2: Path,
) -> None:
    window = make_window()
    workspace = window.workspace
    thinking = workspace.header.thinking
    combo = thinking.combo
    # No model: nothing to switch, and it says so.
    assert not combo.isEnabled() and combo.currentText() == "No model"
    assert "Load a model" in combo.toolTip()

    _load(qtbot, controller, smollm2, SWITCHABLE)
    assert combo.isEnabled()
    assert _items(workspace) == ["Model default", "On", "Off"]
    assert combo.currentText() == "Model default"
    assert combo.toolTip() == describe_switch(ThinkingSwitch.FLAG)
    assert combo.accessibleName() == "Thinking for this conversation"
    assert thinking.label.buddy() is combo

    # The keyboard chooses: down twice from Model default is Off.
    first = workspace.conversation_id
    assert first is not None
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == "Off"
    assert _saved_thinking(store, first) == "off"
    assert workspace.chat.sampling_for(first).thinking == "off"
    # The other sampling values are the ones the conversation had.
    assert workspace.chat.sampling_for(first).seed == workspace.chat.sampling.seed
    assert "thinking off" in workspace.header.sampling_button.toolTip()

    # Another conversation has its own (the default); going back shows Off again.
    store.add_message(first, "user", "Keep me.")  # so New chat makes a new one
    workspace.new_chat()
    second = workspace.conversation_id
    assert second != first and combo.currentText() == "Model default"
    assert workspace.chat.sampling_for(second).thinking == "auto"
    workspace.open_conversation(first)
    assert combo.currentText() == "Off"

    # A model with no switch: the control is off and says why; the choice stays saved.
    _load(qtbot, controller, smollm2, PLAIN)
    assert not combo.isEnabled() and combo.currentText() == "No switch"
    assert combo.toolTip() == describe_switch(ThinkingSwitch.NONE)
    assert _saved_thinking(store, first) == "off"
    # An effort switch: Off is not possible, the least effort is what Off gets.
    _load(qtbot, controller, smollm2, EFFORT)
    assert _items(workspace) == ["Model default", "Low effort", "Medium effort", "High effort"]
    assert combo.isEnabled() and combo.currentText() == "Low effort"
    assert combo.toolTip() == describe_switch(ThinkingSwitch.EFFORT)
    combo.activated.emit(combo.findText("High effort"))
    assert _saved_thinking(store, first) == "high"
    # Back to the On/Off model: High means thinking on.
    _load(qtbot, controller, smollm2, SWITCHABLE)
    assert combo.currentText() == "On"
    combo.activated.emit(combo.findText("Off"))
    assert combo.isEnabled() and combo.currentText() == "Off"


def test_the_sampling_dialog_keeps_the_thinking_choice(
    qtbot: QtBot,
    make_window: WindowFactory,
    controller: InferenceController,
    store: HistoryStore,
    smollm2: Path,
) -> None:
    window = make_window()
    workspace = window.workspace
    _load(qtbot, controller, smollm2, SWITCHABLE)
    combo = workspace.header.thinking.combo
    combo.activated.emit(combo.findText("On"))
    conversation = workspace.conversation_id
    assert conversation is not None and _saved_thinking(store, conversation) == "on"

    def edit_temperature(current: SamplingSettings) -> SamplingSettings:
        dialog = SamplingDialog(current, workspace)
        qtbot.addWidget(dialog)
        dialog.temperature.setValue(0.3)
        dialog.preset.setCurrentText("Creative")  # a preset, too, leaves thinking be
        dialog.temperature.setValue(0.4)
        return dialog.settings()

    workspace.ask_sampling = edit_temperature  # type: ignore[method-assign]
    workspace.header.sampling_button.click()
    kept = workspace.chat.sampling_for(conversation)
    assert kept.temperature == 0.4 and kept.thinking == "on"
    assert combo.currentText() == "On"


def test_thinking_off_reaches_the_reply(
    qtbot: QtBot,
    make_window: WindowFactory,
    controller: InferenceController,
    store: HistoryStore,
    smollm2: Path,
) -> None:
    window = make_window()
    workspace = window.workspace
    _load(qtbot, controller, smollm2, SWITCHABLE)
    workspace.show_placeholder(False)

    def reply_to(question: str) -> tuple[dict[str, object], dict[str, object]]:
        with qtbot.waitSignal(workspace.chat.reply_ended, timeout=60_000):
            workspace.input.setPlainText(question)
            qtbot.keyClick(workspace.input, Qt.Key.Key_Return)
        conversation = workspace.conversation_id
        assert conversation is not None
        reply = store.messages(conversation)[-1]
        assert reply.sampling is not None and reply.stats is not None
        return reply.sampling, reply.stats

    sampling, stats = reply_to(SUM_QUESTION)
    assert sampling["thinking"] == "auto" and int(str(stats["reasoning_tokens"])) > 0

    workspace.new_chat()
    combo = workspace.header.thinking.combo
    combo.activated.emit(combo.findText("Off"))
    sampling, stats = reply_to(SUM_QUESTION)
    assert sampling["thinking"] == "off" and stats["reasoning_tokens"] == 0


def test_a_model_that_always_thinks_is_offered_off_and_told_what_it_does(
    qtbot: QtBot,
    make_window: WindowFactory,
    controller: InferenceController,
    store: HistoryStore,
    smollm2: Path,
) -> None:
    window = make_window()
    workspace = window.workspace
    _load(qtbot, controller, smollm2, ALWAYS_THINKS)
    thinking = workspace.header.thinking
    assert thinking.switch == ThinkingSwitch.EMPTY_THOUGHT
    combo = thinking.combo
    assert combo.isEnabled() and thinking.label.isEnabled()
    assert _items(workspace) == ["Model default", "On", "Off"]
    description = describe_switch(ThinkingSwitch.EMPTY_THOUGHT)
    assert combo.toolTip() == description and thinking.label.toolTip() == description
    assert combo.accessibleDescription() == description
    combo.activated.emit(combo.findText("Off"))
    conversation = workspace.conversation_id
    assert conversation is not None and _saved_thinking(store, conversation) == "off"


def test_a_long_title_keeps_clear_of_the_thinking_switch(
    qtbot: QtBot, make_window: WindowFactory, store: HistoryStore
) -> None:
    window = make_window()
    window.resize(800, 600)
    window.show()
    workspace = window.workspace
    workspace.show_placeholder(False)
    conversation = workspace.conversation_id
    assert conversation is not None
    store.rename_conversation(conversation, "A very long title about thinking " * 6)
    workspace.open_conversation(conversation)
    header = workspace.header
    qtbot.waitUntil(lambda: header.title_label.width() > 0)
    title = header.title_label.geometry()
    label = header.thinking.geometry()
    assert title.right() + 12 < label.left()  # a clear gap, at 800 px wide
    window.grab()  # paints the cut title
