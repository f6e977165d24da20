"""The open conversation's Thinking control: On/Off for a model whose template can turn
its thinking off, Low/Medium/High effort for gpt-oss, and for a model with no switch a
disabled control that says so. The choice is the conversation's (saved with its
sampling settings); what it can be depends on the loaded model."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Signal, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from engine.chat.history_store import HistoryStore
from engine.llm.model import ModelInfo
from engine.llm.parameters import SamplingSettings
from engine.llm.reasoning import (
    THINKING_VALUES,
    Thinking,
    ThinkingSwitch,
    can_turn_off,
    describe_switch,
)
from engine.remote.engines import parse_remote_path
from gui.common.ui_locale import QT_TRANSLATE_NOOP

LABELS = {
    Thinking.AUTO: QT_TRANSLATE_NOOP("ThinkingSwitchBox", "Model default"),
    #: the Thinking control's choice: the model thinks before it answers
    Thinking.ON: QT_TRANSLATE_NOOP("ThinkingSwitchBox", "On"),
    #: the Thinking control's choice: the model answers without thinking
    Thinking.OFF: QT_TRANSLATE_NOOP("ThinkingSwitchBox", "Off"),
    Thinking.LOW: QT_TRANSLATE_NOOP("ThinkingSwitchBox", "Low effort"),
    Thinking.MEDIUM: QT_TRANSLATE_NOOP("ThinkingSwitchBox", "Medium effort"),
    Thinking.HIGH: QT_TRANSLATE_NOOP("ThinkingSwitchBox", "High effort"),
}
NO_MODEL_TIP = QT_TRANSLATE_NOOP(
    "ThinkingSwitchBox", "Load a model to choose whether it thinks before it answers."
)
REMOTE_TIP = QT_TRANSLATE_NOOP(
    "ThinkingSwitchBox", "A model on a remote engine: Hearth has no thinking switch for it."
)
# What the control can do for a model, by its switch: the engine's describe_switch
# sentences, listed here for translation (the engine's text is the source).
SWITCH_TIPS = {
    ThinkingSwitch.NONE: QT_TRANSLATE_NOOP(
        "ThinkingSwitchBox",
        "This model has no thinking switch: it thinks, or not, as it was trained to.",
    ),
    ThinkingSwitch.FLAG: QT_TRANSLATE_NOOP(
        "ThinkingSwitchBox", "Thinking can be turned on or off for this model."
    ),
    ThinkingSwitch.EFFORT: QT_TRANSLATE_NOOP(
        "ThinkingSwitchBox", "This model always reasons; its effort can be low, medium or high."
    ),
    ThinkingSwitch.SOFT: QT_TRANSLATE_NOOP(
        "ThinkingSwitchBox",
        "Thinking is turned on or off by a /think or /no_think note in the prompt.",
    ),
    ThinkingSwitch.EMPTY_THOUGHT: QT_TRANSLATE_NOOP(
        "ThinkingSwitchBox",
        "This model always thinks; Off writes an empty thought for it, so that it answers at once.",
    ),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("ThinkingSwitchBox", text)


def describe(switch: ThinkingSwitch) -> str:
    """What the Thinking control can do for a model with ``switch``, in a sentence."""
    return _tr(describe_switch(switch))


def switch_of(model: ModelInfo | None) -> ThinkingSwitch | None:
    """The loaded model's switch (None: no model is loaded)."""
    if model is None:
        return None
    try:
        return ThinkingSwitch(model.thinking_switch)
    except ValueError:
        return ThinkingSwitch.NONE


def choices(switch: ThinkingSwitch | None) -> tuple[Thinking, ...]:
    """What the user may choose for a model with this switch (none: nothing to switch)."""
    if switch is not None and can_turn_off(switch):
        return (Thinking.AUTO, Thinking.ON, Thinking.OFF)
    if switch == ThinkingSwitch.EFFORT:
        return (Thinking.AUTO, Thinking.LOW, Thinking.MEDIUM, Thinking.HIGH)
    return ()


def shown_choice(switch: ThinkingSwitch | None, thinking: str) -> Thinking:
    """The choice a saved value amounts to for this model, as the engine applies it: a
    conversation set to Off and then run on gpt-oss thinks with low effort (it cannot
    stop), one set to High on a model with an On/Off switch thinks (On)."""
    value = Thinking(thinking) if thinking in THINKING_VALUES else Thinking.AUTO
    if switch is not None and can_turn_off(switch):
        return value if value in (Thinking.AUTO, Thinking.OFF) else Thinking.ON
    if switch == ThinkingSwitch.EFFORT:
        if value == Thinking.OFF:
            return Thinking.LOW
        return Thinking.AUTO if value == Thinking.ON else value
    return Thinking.AUTO


def save_sampling(store: HistoryStore, conversation_id: int, sampling: SamplingSettings) -> None:
    """Keep ``sampling`` (its thinking included) as the conversation's own settings."""
    settings: dict[str, Any] = dict(store.conversation(conversation_id).settings)
    settings["sampling"] = sampling.as_dict()
    store.set_conversation_settings(conversation_id, settings)


class ThinkingSwitchBox(QWidget):
    """A "Thinking" label and its choices.

    Signals:
        thinking_chosen(str): the user picked a value of
            :class:`~engine.llm.reasoning.Thinking` (not emitted when the shown value
            follows a conversation or a model).
    """

    thinking_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("thinkingSwitchBox")
        self._switch: ThinkingSwitch | None = None
        self._remote = False
        self._thinking = str(Thinking.AUTO)
        self.combo = QComboBox(self)
        self.combo.setObjectName("thinkingSwitch")
        self.combo.setAccessibleName(self.tr("Thinking for this conversation"))
        # As wide as the longest choice whatever the model: the header does not shift.
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.combo.setMinimumContentsLength(max(len(_tr(label)) for label in LABELS.values()))
        self.label = QLabel(self.tr("&Thinking"), self)
        self.label.setBuddy(self.combo)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.label)
        layout.addWidget(self.combo)
        self.combo.activated.connect(self._on_combo_activated)
        self._rebuild()

    @property
    def switch(self) -> ThinkingSwitch | None:
        return self._switch

    @Slot(object)
    def show_model(self, model: ModelInfo | None) -> None:
        """Offer what the newly loaded model allows (None: no model is loaded)."""
        self._switch = switch_of(model)
        self._remote = model is not None and parse_remote_path(model.path) is not None
        self._rebuild()

    @Slot()
    def show_no_model(self) -> None:
        self.show_model(None)

    def show_thinking(self, thinking: str) -> None:
        """Show the open conversation's saved value."""
        self._thinking = thinking
        self._rebuild()

    def chosen(self) -> Thinking | None:
        """The choice shown (None: the control is off, nothing to choose)."""
        data = self.combo.currentData()
        return Thinking(data) if self.combo.isEnabled() and data else None

    def _rebuild(self) -> None:
        offered = choices(self._switch)
        self.combo.blockSignals(True)
        self.combo.clear()
        if offered:
            for value in offered:
                self.combo.addItem(_tr(LABELS[value]), str(value))
            shown = shown_choice(self._switch, self._thinking)
            self.combo.setCurrentIndex(max(0, self.combo.findData(str(shown))))
            tip = describe(self._switch or ThinkingSwitch.NONE)
        else:
            self.combo.addItem(
                self.tr("No model") if self._switch is None else self.tr("No switch"), ""
            )
            if self._switch is None:
                tip = _tr(NO_MODEL_TIP)
            else:
                tip = _tr(REMOTE_TIP) if self._remote else describe(ThinkingSwitch.NONE)
        self.combo.blockSignals(False)
        self.combo.setEnabled(bool(offered))
        self.label.setEnabled(bool(offered))
        for widget in (self, self.combo, self.label):
            widget.setToolTip(tip)
        self.combo.setAccessibleDescription(tip)

    @Slot(int)
    def _on_combo_activated(self, index: int) -> None:
        value = self.combo.itemData(index)
        if value and value != str(shown_choice(self._switch, self._thinking)):
            self._thinking = str(value)
            self.thinking_chosen.emit(self._thinking)
