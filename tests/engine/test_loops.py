"""A translation caught in a loop (the same words over and over to the length limit)
ends at the fourth repeat and is flagged; ordinary repetition is not a loop. A broken
character the model wrote is flagged too."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from engine.llm.loops import REPEATS, SHORTEST, loop_allowance, looping_unit
from engine.translation.checks import check_translation
from engine.translation.languages import language
from engine.translation.model_io import translation_sampling
from tests.engine.test_reply_assembly import assemble


def _task(source: str) -> Any:
    return SimpleNamespace(
        source=source, reuse_cache=False, max_tokens=64, no_east_asian=False, avoid_words=()
    )


EN, ZH = language("en"), language("zh")
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


def test_a_looping_translation_is_flagged_beyond_what_the_source_repeats() -> None:
    source = "The cat of the house sleeps in the sun every afternoon."
    reasons = [f.reason for f in check_translation(source, LOOP, language("en"), language("fr"))]
    assert "the translation repeats “de la maison” over and over" in reasons
    # What the source repeats, its translation may repeat as much.
    for chant, echo in (
        (
            "Go team go team go team go team go team go team, we love you!",
            "Allez l'équipe allez l'équipe allez l'équipe allez l'équipe allez l'équipe",
        ),
        ("Contents\nIntroduction ........................ 1", "Sommaire\nIntroduction" + "." * 30),
    ):
        kinds = [f.kind for f in check_translation(chant, echo, language("en"), language("fr"))]
        assert "loop" not in kinds
    # Not a loop far wider than what the source repeats (a walkthrough: "Ha ha ha ha ha
    # ha, very funny." into German).
    source = "Ha ha ha ha ha ha, very funny."
    looped = "Die " + "Ha ha ha ha ha ha, wirklich ein neue " * 4
    kinds = [f.kind for f in check_translation(source, looped, language("en"), language("de"))]
    assert "loop" in kinds


def test_what_a_source_repeats_is_allowed_twice_over() -> None:
    assert loop_allowance("Ha ha ha ha, very funny.") >= 2 * len("ha ha ha ")
    assert loop_allowance("哈哈哈哈") == 2 * 12
    assert loop_allowance("Chapter 1 ........ 5") == 2 * 8
    # Ordinary text repeats nothing wider than a doubled letter or two.
    for plain in ("Wait...", "谢谢你", "Mississippi", "The cat of the house sleeps."):
        assert loop_allowance(plain) < REPEATS * SHORTEST, plain


def test_the_reply_ends_at_the_fourth_repeat_only_when_asked() -> None:
    sampling = translation_sampling(_task("Ha ha ha ha, the cat sleeps."))
    assert sampling.stop_loops and sampling.loop_allowance == loop_allowance(
        "Ha ha ha ha, the cat sleeps."
    )
    pieces = ["Le chat", " de la", " maison"] + [" de la", " maison"] * 10
    assembler, text, _ = assemble(pieces, None, stop_loops=True)
    assert assembler.looped
    assert "".join(text) == "Le chat" + " de la maison" * 4
    # With an allowance, the repeats go on until they are wider than it.
    assembler, text, _ = assemble(pieces, None, stop_loops=True, loop_allowance=60)
    assert "".join(text) == "Le chat" + " de la maison" * 5
    assembler, text, _ = assemble(pieces, None)
    assert not assembler.looped and "".join(text) == "Le chat" + " de la maison" * 11


def test_a_broken_character_is_flagged_unless_the_source_has_one() -> None:
    # SmolLM2 into Chinese: half a character as invalid UTF-8, decoded as U+FFFD.
    broken = "次于早上的时\ufffdide？"
    kinds = [f.kind for f in check_translation("What time is it?", broken, EN, ZH)]
    assert "broken" in kinds
    kinds = [f.kind for f in check_translation("Caf\ufffd au lait?", broken, EN, ZH)]
    assert "broken" not in kinds
    # Cut in the middle of a character at the length limit: noted as cut, not broken.
    kinds = [f.kind for f in check_translation("What time is it?", "现在几点\ufffd", EN, ZH)]
    assert "broken" not in kinds


def test_a_loop_flag_leaves_out_the_question_and_length_flags_it_brings_about() -> None:
    from engine.llm.generation import Reply, ReplyStats
    from engine.translation.job import SegmentTask, TranslationJob, run_job
    from engine.translation.segmenter import parse_text

    source = "Revenue loss caused by disruption of service?"
    looped = "La despedida de servicio" + " de salud de despedería" * 6
    # The check still names all three: they weigh when a retry is compared.
    kinds = {f.kind for f in check_translation(source, looped, EN, language("es"))}
    assert {"loop", "answer", "length"} <= kinds
    job = TranslationJob(parse_text(source, "text"), "en", "es")

    def generate(_task: SegmentTask) -> Reply:
        return Reply(looped, ReplyStats(0, 0, 1, 0.0, 0.0, 0.0, "stop"))

    run_job(job, generate)
    assert job.results[0].issues == (
        "the translation repeats “de salud de despedería” over and over (also after a retry)",
    )
