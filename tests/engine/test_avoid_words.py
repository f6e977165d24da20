"""A translation's retry after words it left in the source language rules those words
out (SamplingSettings.avoid_words, LoadedModel.word_tokens): which tokens those are, and
that greedy decoding and beam search both leave them out on the real starter model."""

from __future__ import annotations

from engine.llm.generation import Reply, ReplyStats, banned_tokens, generate_reply
from engine.llm.messages import ChatMessage
from engine.llm.model import LoadedModel
from engine.llm.parameters import SamplingSettings


def _settings(avoid: tuple[str, ...], beams: int = 1) -> SamplingSettings:
    return SamplingSettings(
        temperature=0.0, top_p=1.0, top_k=0, min_p=0.0, repeat_penalty=1.0, max_tokens=24,
        seed=1, beams=beams, avoid_words=avoid,
    )  # fmt: skip


def test_the_tokens_that_write_a_word_whole(smollm2_model: LoadedModel) -> None:
    model = smollm2_model
    kitchen = model.word_tokens(["kitchen"])
    # After a space or not, as given, in lower case, capitalised: each one token.
    assert model.tokenize(" kitchen")[0] in kitchen
    assert model.tokenize(" Kitchen")[0] in kitchen
    assert all(len(model.tokenize(model.token_bytes(t).decode())) == 1 for t in kitchen)
    # A phrase's words each; letters only; words under three letters are kept.
    assert set(model.word_tokens(["my kitchen"])) == set(kitchen)
    assert set(model.word_tokens(["the kitchen"])) > set(kitchen)
    assert model.word_tokens(["at", "42", "--"]) == ()
    # A word of several tokens is not ruled out (its first token may begin another).
    assert len(model.tokenize(" Donnerstagnachmittag")) > 1
    assert model.word_tokens(["Donnerstagnachmittag"]) == ()
    # With the East Asian tokens where both are asked for, each token once.
    both = banned_tokens(model, SamplingSettings(no_east_asian=True, avoid_words=("kitchen",)))
    assert set(both) == set(model.east_asian_tokens()) | set(kitchen)
    assert len(both) == len(set(both))


def test_the_starter_model_does_not_write_a_word_ruled_out(smollm2_model: LoadedModel) -> None:
    messages = [ChatMessage("user", "Repeat exactly: The kitchen is clean.")]
    for beams in (1, 4):  # greedy decoding and beam search
        assert "kitchen" in generate_reply(smollm2_model, messages, _settings((), beams)).text
        reply = generate_reply(smollm2_model, messages, _settings(("kitchen",), beams)).text
        assert reply.strip() and "kitchen" not in reply.lower(), (beams, reply)


def test_a_retry_goes_on_from_its_first_attempt_without_the_word(
    smollm2_model: LoadedModel,
) -> None:
    from engine.translation.job import SegmentTask, TranslationJob, model_generator, run_job
    from engine.translation.segmenter import parse_text

    job = TranslationJob(parse_text("Don't go in the kitchen!", "text"), "en", "fr")
    real = model_generator(smollm2_model)
    tasks: list[SegmentTask] = []
    continued: list[str] = []

    def generate(task: SegmentTask) -> Reply:
        tasks.append(task)
        if task.attempt == 0:  # a first attempt that left the word in English
            return Reply(
                "N'entre pas dans la kitchen !", ReplyStats(0, 0, 1, 0.0, 0.0, 0.0, "stop")
            )
        reply = real(task)
        continued.append(reply.text)
        return reply

    assert run_job(job, generate) is True
    assert [(t.attempt, t.avoid_words, t.prefix) for t in tasks] == [
        (0, (), ""),
        (1, ("kitchen",), "N'entre pas dans la"),
    ]
    # The model wrote what follows the words kept, and not the word ruled out.
    assert continued and "kitchen" not in continued[0].lower()
    assert not continued[0].startswith("N'entre")
    result = job.results[0]
    assert result.target.startswith("N'entre pas dans la")
    # Kept where it leaves fewer words in English, else the first attempt, flagged.
    if result.target != "N'entre pas dans la kitchen !":
        assert result.target == "N'entre pas dans la" + continued[0].rstrip()
