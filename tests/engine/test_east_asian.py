"""A translation into a language that writes no Chinese, Japanese or Korean never
chooses a token that writes them (engine/llm/east_asian.py): which tokens those are,
that greedy decoding and beam search both leave them out on the real starter model, and
which translation requests ask for it."""

from __future__ import annotations

import re

from engine.llm.east_asian import east_asian_tokens, writes_east_asian
from engine.llm.generation import generate_reply
from engine.llm.messages import ChatMessage
from engine.llm.model import LoadedModel
from engine.llm.parameters import SamplingSettings
from engine.translation.glossary import Glossary, GlossaryEntry
from engine.translation.job import AUTO, TranslationJob
from engine.translation.model_io import translation_sampling
from engine.translation.segmenter import parse_text

WIDE = re.compile(r"[\u1100-\u11ff\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]")


def test_tokens_that_write_east_asian_letters_whole_or_begun() -> None:
    for text in ("中", "见", "ア", "ひらがな", "한국어", "，", "。", " 中文", "a中"):
        assert writes_east_asian(text.encode()), text
    # A token may end with the first bytes of a character: counted where every
    # character they can begin is East Asian.
    assert writes_east_asian("中".encode()[:1])  # 0xE4: U+4000–U+4FFF
    assert writes_east_asian("中".encode()[:2])
    assert writes_east_asian("한".encode()[:1])  # 0xED: U+D000–U+D7FF
    assert writes_east_asian("가".encode()[:2])  # 0xEA 0xB0: U+AC00–U+AFFF
    for text in ("the", " l'été", "“", "—", "€", "Привет", "สวัสดี", "नमस्ते", "🌟", "ß"):
        assert not writes_east_asian(text.encode()), text
    # 0xEA alone also begins Latin and Cyrillic letters (U+A640, U+A720); 0xE2 begins
    # quotation marks; a character's last bytes alone cannot be told (so a model could
    # still spell 가 as 0xEA then 0xB0 0x80: the checks flag what gets through).
    for piece in (b"\xea", b"\xe2", "中".encode()[1:], b""):
        assert not writes_east_asian(piece), piece
    pieces = {0: b"a", 1: "中".encode(), 2: b" the", 3: "中".encode()[:1], 4: "é".encode()}
    assert east_asian_tokens(5, pieces.__getitem__) == (1, 3)


def _asked(model: LoadedModel, ban: bool, beams: int) -> str:
    sampling = SamplingSettings(
        temperature=0.0, top_p=1.0, top_k=0, min_p=0.0, repeat_penalty=1.0, max_tokens=24,
        seed=1, beams=beams, no_east_asian=ban,
    )  # fmt: skip
    messages = [ChatMessage("user", "Write the Chinese word for hello.")]
    return generate_reply(model, messages, sampling).text


def test_the_starter_model_writes_no_chinese_when_its_tokens_are_ruled_out(
    smollm2_model: LoadedModel,
) -> None:
    tokens = smollm2_model.east_asian_tokens()
    assert tokens and all(writes_east_asian(smollm2_model.token_bytes(t)) for t in tokens[:50])
    for beams in (1, 4):  # greedy decoding and beam search
        assert WIDE.search(_asked(smollm2_model, False, beams)), beams
        reply = _asked(smollm2_model, True, beams)
        assert reply.strip() and not WIDE.search(reply), (beams, reply)


def _task_rules_out(text: str, source: str, target: str, glossary: Glossary | None = None) -> bool:
    job = TranslationJob(
        parse_text(text, "text"), source, target, use_memory=False, glossary=glossary
    )
    task = job.next_task()
    assert task is not None
    assert translation_sampling(task).no_east_asian == task.no_east_asian
    assert translation_sampling(task, reproducible=False).no_east_asian == task.no_east_asian
    return task.no_east_asian


def test_which_translation_requests_rule_out_east_asian_tokens() -> None:
    # Into a language that writes none, from one that does or from a text without any.
    assert _task_rules_out("硬链接不能脱离被链接文件。", "zh", "en")
    assert _task_rules_out("ハードリンクです。", "ja", "de")
    assert _task_rules_out("I'm sorry, I didn't understand the question.", "en", "de")
    assert _task_rules_out("Привет, как дела?", "ru", "fr")
    # Into Chinese, Japanese or Korean, never.
    for target in ("zh", "zh-TW", "ja", "ko"):
        assert not _task_rules_out("The shop opens at nine.", "en", target), target
    # A source in another language that quotes them keeps what it quotes: as a
    # placeholder from a language written in the Latin alphabet (chosen or detected),
    # written by the model otherwise.
    for source in ("en", AUTO):
        assert _task_rules_out("The sign said 出口, which means exit.", source, "fr")
    assert not _task_rules_out("На табличке было написано 出口.", "ru", "fr")
    # A glossary term kept as written in them is to be written; one translated into
    # English is not.
    kept = Glossary((GlossaryEntry("微信", ""),), "zh")
    assert not _task_rules_out("请用微信联系我。", "zh", "en", kept)
    translated = Glossary((GlossaryEntry("软件包", "package"),), "zh")
    assert _task_rules_out("新的软件包文件被解压。", "zh", "en", translated)
    # A link, a path or a file name set apart by spaces is a placeholder in the prompt
    # and comes back as it was, whatever its letters.
    for text in (
        "请访问 https://example.com/docs 了解详情。",
        "请访问 https://例子.测试/文档 了解详情。",
        "打开 报告.docx 文件。",
        "请打开/home/用户/配置.txt并检查设置。",
    ):
        assert _task_rules_out(text, "zh", "en"), text
    assert _task_rules_out("Open /home/用户/配置.txt now.", "en", "fr")
    # One written against the text, a hashtag or a mention is kept as written by the
    # model: its letters stay possible.
    for text in (
        "请访问https://例子.测试/文档了解详情。",
        "关注 #长城 话题。",
        "请联系 @小明。",
        "打开报告.docx文件。",
        "请看https://zh.wikipedia.org/wiki/出口了解更多。",
        # The same name again where it is no placeholder.
        "打开 报告.docx 文件，报告.docx很重要。",
    ):
        assert not _task_rules_out(text, "zh", "en"), text
