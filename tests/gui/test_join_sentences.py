"""Sentences joined into one status message as the window's language writes them."""

from __future__ import annotations

from gui.common.ui_locale import join_sentences


def test_a_space_after_a_latin_stop_none_after_a_chinese_one() -> None:
    assert join_sentences(["Stopped.", "6 kept."]) == "Stopped. 6 kept."
    assert join_sentences(["已停止。", "6 个保留。", "Done."]) == "已停止。6 个保留。Done."
    assert join_sentences(["Where?", "翻译？", "好！", "ok"]) == "Where? 翻译？好！ok"
    assert join_sentences([]) == ""
