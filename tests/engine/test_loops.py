"""A translation caught in a loop (the same words over and over to the length limit)
ends at the fourth repeat and is flagged; ordinary repetition is not a loop."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from engine.llm.loops import has_repetition, looping_unit
from engine.translation.checks import check_translation
from engine.translation.languages import language
from engine.translation.model_io import translation_sampling
from tests.engine.test_reply_assembly import assemble


def _task(source: str) -> Any:
    return SimpleNamespace(source=source, reuse_cache=False, max_tokens=64)


LOOP = "Le chat de la maison de la maison de la maison de la maison de la maison"


def test_a_unit_repeated_four_times_at_the_end_is_a_loop() -> None:
    assert looping_unit(LOOP) == " de la maison"
    assert looping_unit("安装软件安装软件安装软件安装软件") == "安装软件"
    assert looping_unit("意想不幸，意想不幸，意想不幸，意想不幸，") == "意想不幸，"
    # Three times, a unit narrower than six, a loop that ended before the text did: none.
    assert looping_unit("de la maison de la maison de la maison") == ""
    assert looping_unit("Non, non, non, non, non, non, ") == ""
    assert looping_unit(LOOP + ", mais le chien dort.") == ""
    assert looping_unit("The quick brown fox jumps over the lazy dog.") == ""


def test_a_looping_translation_is_flagged_unless_the_source_loops_too() -> None:
    source = "The cat of the house sleeps in the sun every afternoon."
    reasons = [f.reason for f in check_translation(source, LOOP, language("en"), language("fr"))]
    assert "the translation repeats “de la maison” over and over" in reasons
    # A source that repeats something anywhere may be translated with repeats.
    for chant, echo in (
        (
            "Go team go team go team go team go team go team, we love you!",
            "Allez l'équipe allez l'équipe allez l'équipe allez l'équipe allez l'équipe",
        ),
        ("Contents\nIntroduction ............ 1", "Sommaire\nIntroduction" + " ......" * 6),
    ):
        kinds = [f.kind for f in check_translation(chant, echo, language("en"), language("fr"))]
        assert "loop" not in kinds


def test_repetition_in_a_source_is_told_from_ordinary_text() -> None:
    for repeated in (
        "Ha ha ha ha, very funny.",
        "哈哈哈哈",
        "Chapter 1 ........ 5",
        "Introduction\n============",
    ):
        assert has_repetition(repeated), repeated
    for plain in ("Wait...", "谢谢你", "Mississippi", "1000000 users", "Come on! Come on!"):
        assert not has_repetition(plain), plain


def test_the_reply_ends_at_the_fourth_repeat_only_when_asked() -> None:
    # Only where the source repeats nothing (translation_sampling decides per segment).
    assert translation_sampling(_task("The cat of the house sleeps.")).stop_loops
    assert not translation_sampling(_task("Ha ha ha ha, the cat sleeps.")).stop_loops
    pieces = ["Le chat", " de la", " maison"] + [" de la", " maison"] * 10
    assembler, text, _ = assemble(pieces, None, stop_loops=True)
    assert assembler.looped
    assert "".join(text) == "Le chat" + " de la maison" * 4
    assembler, text, _ = assemble(pieces, None)
    assert not assembler.looped and "".join(text) == "Le chat" + " de la maison" * 11
