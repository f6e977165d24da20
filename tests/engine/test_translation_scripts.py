"""Words in a writing system neither language uses, a statement turned into a question,
spoken French's refusal, and e-mail addresses kept as they are: each caught (asked
again, then flagged) or kept; what a good translation does passes."""

from __future__ import annotations

import unicodedata

import pytest

from engine.translation.checks import check_translation, dropped_reason
from engine.translation.glossary import Glossary, GlossaryEntry
from engine.translation.job import TranslationJob
from engine.translation.languages import Language, language
from engine.translation.prompt import protect, restore
from engine.translation.scripts import (
    dropped_quoted_words,
    foreign_words,
    other_script,
    quoted_words,
    writing_system,
)
from engine.translation.segmenter import parse_text
from tests.engine.fake_replies import run_answering

EN, FR, DE, ES, ZH, JA, RU, EL = (
    language(c) for c in ("en", "fr", "de", "es", "zh", "ja", "ru", "el")
)
MEDICINE = "Keep this medicine out of the reach of children."


def kinds_and_reasons(
    source: str, translation: str, source_lang: Language, target: Language
) -> list[tuple[str, str]]:
    failures = check_translation(source, translation, source_lang, target)
    return [(f.kind, f.reason) for f in failures]


def test_writing_systems_of_letters() -> None:
    assert writing_system("药") == "Han"
    assert writing_system("Д") == "Cyrillic"
    assert writing_system("é") == "Latin"
    assert writing_system("ｱ") == "Kana"  # halfwidth
    assert writing_system("ー") == "Kana"
    for not_a_letter in ("µ", "ª", "1", " ", "?", "→"):
        assert writing_system(not_a_letter) is None


@pytest.mark.parametrize(
    ("translation", "source", "target", "runs"),
    [
        ("Dieses药品 nicht aus der Nähe von Kindern.", MEDICINE, DE, ["药品"]),
        ("Привет 世界", MEDICINE, RU, ["世界"]),
        ("东京タワー很高。", "Tokyo Tower is tall.", ZH, ["タワー"]),
        # The target's own writing systems, the source's, and the Latin alphabet pass.
        ("東京タワーは高い。", "Tokyo Tower is tall.", JA, []),
        ("Dis こんにちは à ta sœur.", "Say こんにちは to your sister.", FR, []),
        ("Tiếng Việt, naïve café", MEDICINE, FR, []),
        # A letter or two of an alphabet are symbols (β, μ, γδ, kΩ), not a word.
        ("La version β est prête : 5 μm.", "The beta version is ready: 5 µm.", FR, []),
        ("γδ T细胞在免疫中起作用。", "Gamma delta T cells play a role in immunity.", ZH, []),
        ("10 k\u03a9", "10 k\u2126", DE, []),  # the Greek letter for the ohm sign
        # 々 repeats the character before it: 佐々木 is one Chinese name, the kana are not.
        ("佐々木さん来了。", "Mr Sasaki has come.", ZH, ["さん"]),
    ],
)
def test_runs_in_another_writing_system(
    translation: str, source: str, target: Language, runs: list[str]
) -> None:
    assert other_script(translation, source, target)[0] == runs


def test_a_symbol_alone_is_no_reply_in_another_language() -> None:
    assert not check_translation("pi", "π", EN, FR)


def test_a_chinese_word_in_german_and_a_russian_reply_for_french_are_caught() -> None:
    assert kinds_and_reasons(MEDICINE, "Dieses药品 nicht aus der Nähe von Kindern.", EN, DE) == [
        ("wrong_language", "part of the translation is in another writing system: “药品”")
    ]
    for reply in ("Держите это лекарство подальше от детей.", "यह दवा बच्चों की पहुँच से दूर रखें।"):
        assert kinds_and_reasons(MEDICINE, reply, EN, FR) == [
            ("wrong_language", "the translation is not in French")
        ]
    # The glossary's own term stays the user's choice.
    glossary = Glossary((GlossaryEntry("medicine", "药品"),), "en")
    assert not check_translation(
        MEDICINE, "Halten Sie dieses 药品 von Kindern fern.", EN, DE, glossary=glossary
    )
    assert not check_translation(MEDICINE, "Halten Sie dieses Medikament von Kindern fern.", EN, DE)


@pytest.mark.parametrize(
    ("source", "translation", "source_lang", "target"),
    [
        ("Let me know if you need anything else.", "¿Podrías decirme algo más?", EN, ES),
        ("This is why Debian is called a “meritocracy”.", "C'est pourquoi Debian ?", EN, FR),
        ("Il fait trop chaud pour sortir.", "Is it too hot to go out?", FR, EN),
    ],
)
def test_a_statement_that_came_back_as_a_question_is_caught(
    source: str, translation: str, source_lang: Language, target: Language
) -> None:
    assert ("question", "a statement came back as a question") in kinds_and_reasons(
        source, translation, source_lang, target
    )


@pytest.mark.parametrize(
    ("source", "translation", "source_lang", "target"),
    [
        # A question typed without its mark, a question anywhere in the source, and
        # Greek's question mark (a semicolon) are questions.
        ("what time is it", "Quelle heure est-il ?", EN, FR),
        ("He asked: are you coming? Then he left.", "Il a demandé : tu viens ?", EN, FR),
        ("Τι ώρα είναι;", "What time is it?", EL, EN),
        # Questions that end with a full stop, and short exclamations.
        ("ご注文はお決まりですか。", "Are you ready to order?", JA, EN),
        ("你明天来吗。", "Are you coming tomorrow?", ZH, EN),
        ("내일 오십니까.", "Are you coming tomorrow?", language("ko"), EN),
        ("Why not.", "Pourquoi pas ?", EN, FR),
        ("You must be joking.", "Vous plaisantez ?", EN, FR),
        (
            "Let me know if you need anything else.",
            "Dites-moi si vous avez besoin d'autre chose.",
            EN,
            FR,
        ),
    ],
)
def test_questions_and_statements_that_stay_so_pass(
    source: str, translation: str, source_lang: Language, target: Language
) -> None:
    kinds = [k for k, _ in kinds_and_reasons(source, translation, source_lang, target)]
    assert "question" not in kinds and "answer" not in kinds


def test_a_question_into_greek_keeps_its_semicolon() -> None:
    assert not check_translation("What time is it?", "Τι ώρα είναι;", EN, EL)
    assert not check_translation("What time is it?", "Τι ώρα είναι\u037e", EN, EL)


def test_a_statement_that_came_back_as_a_question_is_flagged_without_a_retry() -> None:
    text = "Let me know if you need anything else.\n"
    job = TranslationJob(parse_text(text, "text"), "en", "es", use_memory=False)
    tasks = run_answering(job, lambda _task: "¿Podrías decirme algo más?")
    assert [t.attempt for t in tasks] == [0], "flagged, not asked again"
    assert list(job.results[0].issues) == ["a statement came back as a question"]


def test_spoken_french_refusal_is_caught() -> None:
    kinds = [
        k
        for k, _ in kinds_and_reasons(
            "Let me know if you need anything else.",
            "Je peux pas vous aider avec ce que vous avez demandé.",
            EN,
            FR,
        )
    ]
    assert kinds == ["refusal"]
    # The source's own "I can't" comes back as it should, with either apostrophe.
    for source in ("I can't help you with that, sorry.", "I can’t help you with that, sorry."):
        assert not check_translation(source, "Je peux pas t'aider avec ça, désolé.", EN, FR)


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("You can reach me at anna.berg@example.com or on 555-0142.", "anna.berg@example.com"),
        ("你可以通过anna.berg@example.com联系我。", "anna.berg@example.com"),
        ("Write to user+tag@mail.example.co.uk.", "user+tag@mail.example.co.uk"),
        ("Écris à müller@firma.de demain.", "müller@firma.de"),
        ("josé.garcía@empresa.es", "josé.garcía@empresa.es"),
    ],
)
def test_an_email_address_is_kept_as_it_is(text: str, address: str) -> None:
    protected = protect(text)
    assert protected.originals == (address,)
    assert address not in protected.text
    # The model's respelling cannot reach it: the placeholder comes back as the address.
    restored, missing = restore(protected.text.replace("anna", "Anna"), protected)
    assert address in restored and not missing


def test_not_an_email_address() -> None:
    assert protect("Ask @anna or me@localhost at 5@home.").originals == ()


def test_an_address_in_a_chinese_translation_does_not_hide_the_chinese() -> None:
    source = "You can reach me at anna.berg@example.com or on 555-0142."
    translation = "你可以通过 anna.berg@example.com 或 555-0142。"
    assert not check_translation(source, translation, EN, ZH, verbatim=("anna.berg@example.com",))


def test_a_word_in_another_writing_system_is_asked_again_then_flagged() -> None:
    text = f"{MEDICINE}\n\nThe shop opens at nine.\n"
    job = TranslationJob(parse_text(text, "text"), "en", "de", use_memory=False)
    answers = {
        MEDICINE: ["Dieses药品 nicht aus der Nähe von Kindern.", "Halte dieses 药品 fern."],
        "The shop opens at nine.": ["Der Laden öffnet um neun."],
    }

    def answer(task: object) -> str:
        return answers[job.segments[task.index].strip()].pop(0)  # type: ignore[attr-defined]

    tasks = run_answering(job, answer)
    assert [t.attempt for t in tasks] == [0, 1, 0]
    assert "another writing system" in tasks[1].messages[-1].content
    assert list(job.results[0].issues) == [
        "part of the translation is in another writing system: “药品” (also after a retry)"
    ]
    assert not job.results[1].issues


SIGN = "The sign by the door said 出口, which means exit."
DROPPED = "the translation leaves out what the source writes in another writing system: "


def test_words_a_source_quotes_in_another_writing_system_must_stay() -> None:
    # A sign, a name: no translation into French writes them otherwise.
    assert kinds_and_reasons(SIGN, "Le panneau disait « entrée », donc sortie.", EN, FR) == [
        ("foreign", DROPPED + "“出口”")
    ]
    assert kinds_and_reasons("Ask for Олег at the desk.", "Demandez Oleg à l'accueil.", EN, FR) == [
        ("foreign", DROPPED + "“Олег”")
    ]
    assert not check_translation(
        SIGN, "Le panneau près de la porte disait 出口, donc sortie.", EN, FR
    )
    # Into a language that writes them, the translation writes them too (the sign's
    # letters, not another sign's: 非常口 is an emergency exit).
    assert not check_translation(SIGN, "门边的标志写着“出口”，意思是出口。", EN, ZH)
    assert kinds_and_reasons(SIGN, "ドアのそばの標識には非常口と書いてあった。", EN, JA) == [
        ("foreign", dropped_reason(["出口"]))
    ]
    # The glossary's translation of such a word, a placeholder's original and a symbol
    # or two of an alphabet are no words to keep.
    glossary = Glossary((GlossaryEntry("出口", "sortie"),))
    assert not check_translation(SIGN, "Le panneau disait sortie.", EN, FR, glossary=glossary)
    # A placeholder the model dropped is the placeholder check's.
    path = "/home/用户/配置.txt"
    kinds = [
        f.kind
        for f in check_translation(
            f"Open {path} now.", "Ouvrez-le maintenant.", EN, FR, verbatim=(path,), dropped=[path]
        )
    ]
    assert kinds == ["placeholder"]
    assert not check_translation("γδ T cells are rare.", "Les cellules T sont rares.", EN, FR)
    # A reply of the source's names alone is not Chinese.
    names = "Install Docker Desktop on Windows 11 with WSL 2 enabled."
    assert kinds_and_reasons(names, "Docker Desktop, Windows 11, WSL 2.", EN, ZH) == [
        ("wrong_language", "the translation is not in Chinese (Simplified)")
    ]
    # The glossary's translation in any case, marks and half-width letters.
    glossary = Glossary((GlossaryEntry("выход", "sortie"),), "en")
    assert not check_translation(
        "The sign said ВЫХОД.", "Le panneau disait SORTIE.", EN, FR, glossary=glossary
    )
    assert not check_translation("Ask for مُحَمَّد.", "Demandez محمد.", EN, FR)
    assert not check_translation("Buy ｿﾌﾄ now.", "Achetez ソフト maintenant.", EN, FR)
    # A single character is no word (an emoticon, の written for 的), and a source in a
    # language with a writing system of its own is not judged (a Chinese text that
    # quotes a Japanese title mixes both).
    assert not check_translation("Whatever ¯\\_(ツ)_/¯ let's go.", "Peu importe, allons-y.", EN, FR)
    assert "foreign" not in [
        f.kind
        for f in check_translation(
            "我最喜欢的电影是《千と千尋の神隠し》。", "My favourite film is Spirited Away.", ZH, EN
        )
    ]
    # A text mostly in that writing system is in another language than the one chosen.
    mostly = kinds_and_reasons("这是中文。", "C'est du chinois.", EN, FR)
    assert "foreign" not in [kind for kind, _ in mostly]


def test_a_quoted_word_goes_to_the_model_as_a_placeholder() -> None:
    # Asked to keep 出口, Qwen2.5-0.5B dropped or translated it: it never sees it.
    job = TranslationJob(parse_text(SIGN, "text"), "en", "fr", use_memory=False)
    replies = ["Le panneau disait « entrée », donc sortie.", "Le panneau disait ⟦1⟧, donc sortie."]
    tasks = run_answering(job, lambda _task: replies.pop(0))
    assert tasks[0].protected.originals == ("出口",) and "出口" not in tasks[0].messages[-1].content
    assert [t.attempt for t in tasks] == [0, 1], "the first reply dropped it"
    assert job.results[0].target == "Le panneau disait 出口, donc sortie."
    assert job.results[0].issues == ()
    # Not from a language with a writing system of its own, nor into one that writes it,
    # nor a glossary term to translate, nor a sentence mostly in them.
    for source, target in (("ru", "fr"), ("en", "zh")):
        other = TranslationJob(parse_text(SIGN, "text"), source, target, use_memory=False)
        task = other.next_task()
        assert task is not None and task.protected.originals == ()
    glossary = Glossary((GlossaryEntry("出口", "sortie"),))
    termed = TranslationJob(parse_text(SIGN, "text"), "en", "fr", glossary=glossary)
    task = termed.next_task()
    assert task is not None and "出口 → sortie" in task.messages[-1].content
    mixed = "Dans Settings 里选择 Model, 然后点击 Download 下载 Qwen2.5-0.5B."
    assert foreign_words(mixed, "fr", EN) == []
    assert foreign_words("I live in 東京 and work in 大阪.", "en", FR) == ["東京", "大阪"]
    assert foreign_words("Ask Олег.", "en", language("ja")) == ["Олег"]
    quoted = "Ask for Олег and 東京 at the 出口."
    assert foreign_words(quoted, "en", DE) == ["Олег", "東京", "出口"]
    # A name written in two scripts stays whole ("屋" is Chinese too).
    eaten = "For dinner we ate at すし屋まつもと near the station."
    assert foreign_words(eaten, "en", ZH) == ["すし屋まつもと"]


@pytest.mark.parametrize(
    ("source", "source_lang"),
    [("お元気ですか。", JA), ("你明天来吗。", ZH), ("내일 오십니까.", language("ko"))],
)
def test_a_question_that_ends_with_a_full_stop_still_asks(
    source: str, source_lang: Language
) -> None:
    kinds = [k for k, _ in kinds_and_reasons(source, "Yes, I'm feeling good.", source_lang, EN)]
    # "你明天来吗。" names tomorrow, which the answer leaves out.
    assert kinds == ["answer", "date_left"] if "明天" in source else kinds == ["answer"]
    assert not check_translation(source, "Are you coming tomorrow?", source_lang, EN)


@pytest.mark.parametrize(
    ("source", "source_lang"),
    [
        ("そうですか。", JA),
        ("そうなんですか。", JA),
        ("それは問題ではないでしょうか。", JA),
        ("他在吃饭呢。", ZH),
        ("这不是很好吗。", ZH),
        ("비가 오니까.", language("ko")),
        ("좋지 않습니까.", language("ko")),
    ],
)
def test_statements_that_end_like_questions_do_not_ask(source: str, source_lang: Language) -> None:
    kinds = [k for k, _ in kinds_and_reasons(source, "I see it now.", source_lang, EN)]
    assert "answer" not in kinds


def test_a_link_leaves_the_full_stop_of_its_sentence_outside() -> None:
    protected = protect("For help, visit https://hearth-app.org/help.")
    assert protected.originals == ("https://hearth-app.org/help",)
    assert protected.text.endswith("⟦1⟧.")
    assert protect("See https://example.com/a?b=c, then go.").originals == (
        "https://example.com/a?b=c",
    )
    assert protect("Read https://x.org/a.html now.").originals == ("https://x.org/a.html",)


def test_elided_spoken_french_refusal_is_caught() -> None:
    kinds = [
        k
        for k, _ in kinds_and_reasons(
            "Let me know if you need anything else.", "J'peux pas vous aider avec ça.", EN, FR
        )
    ]
    assert kinds == ["refusal"]


@pytest.mark.parametrize(
    ("source", "translation", "source_lang", "target"),
    [
        # A question asked the target's own way, without a question mark.
        ("お元気ですか。", "你好吗。", JA, ZH),
        ("What time is it?", "何時ですか。", EN, JA),
        ("What time is it?", "지금 몇 시입니까.", EN, language("ko")),
        ("What time is it?", "ตอนนี้กี่โมงแล้ว", EN, language("th")),
        ("Τι ώρα είναι;", "Quelle heure est-il ?", EL, FR),
    ],
)
def test_a_question_asked_the_targets_own_way_passes(
    source: str, translation: str, source_lang: Language, target: Language
) -> None:
    kinds = [k for k, _ in kinds_and_reasons(source, translation, source_lang, target)]
    assert "answer" not in kinds


def test_a_greek_question_answered_is_caught() -> None:
    kinds = [k for k, _ in kinds_and_reasons("Τι ώρα είναι;", "It is ten o'clock.", EL, EN)]
    assert "answer" in kinds


def test_an_address_with_vietnamese_or_separate_accents_is_one_address() -> None:
    assert protect("Gửi cho nguyễn.văn@vn.example.com nhé.").originals == (
        "nguyễn.văn@vn.example.com",
    )
    decomposed = "jose\u0301.garci\u0301a@empresa.es"
    assert protect(f"Escribe a {decomposed}.").originals == (decomposed,)


def test_names_an_english_text_writes_in_chinese_letters_must_stay_in_chinese() -> None:
    text = "I flew to 東京 last week and ate at すし屋まつもと."
    # Into Chinese the kana name is a placeholder already; the Han one is the
    # model's to write, and must come back.
    assert quoted_words(text, "en", ZH) == ["東京"]
    assert foreign_words(text, "en", ZH) == ["すし屋まつもと"]
    assert quoted_words(text, "en", JA) == ["東京", "すし屋まつもと"]
    assert quoted_words(text, "en", FR) == [] and quoted_words(text, "en", language("ko")) == []
    # Compared in Simplified letters: Japanese and Traditional forms are kept.
    source = "I flew to 東京 last week."
    assert dropped_quoted_words(source, "我上周飞往东京。", "en", ZH) == []
    assert dropped_quoted_words(source, "先週東京に行きました。", "en", JA) == []
    assert dropped_quoted_words(source, "我上周去了北京。", "en", ZH) == ["東京"]
    dish = "My favourite dish is 麻婆豆腐."
    assert dropped_quoted_words(dish, "我最喜欢的菜是麻辣豆腐。", "en", language("zh-TW")) == [
        "麻婆豆腐"
    ]
    assert ("foreign", dropped_reason(["東京"])) in kinds_and_reasons(
        source, "我上周去了北京。", EN, ZH
    )
    # Not from a Chinese text, which writes its own words.
    assert quoted_words("我上周去了東京。", "zh", JA) == []


def test_a_chinese_name_dropped_is_asked_again_as_a_placeholder() -> None:
    job = TranslationJob(parse_text("I flew to 東京 last week.", "text"), "en", "zh")
    replies = ["我上周去了北京。", "我上周飞往 ⟦1⟧ 。"]
    tasks = run_answering(job, lambda _task: replies.pop(0))
    assert [t.attempt for t in tasks] == [0, 1]
    assert "東京" in tasks[0].messages[-1].content, "the model writes it the first time"
    # As the source writes it (converted, "手紙" would be "手纸", toilet paper), without
    # the spaces the source had around it.
    assert tasks[1].protected.originals == ("東京",)
    assert job.results[0].target == "我上周飞往東京。"
    assert job.results[0].issues == ()


def test_what_a_chinese_or_japanese_translation_may_write_its_own_way() -> None:
    # Letters the target's character sets lack: its writers spell the word otherwise.
    assert quoted_words("Meet me at 新宿駅 at noon today.", "en", ZH) == []
    assert quoted_words("We ate 北京烤鸭 at the new place.", "en", JA) == []
    # Hearth's own conversion into Taiwan's words, and "々" written out, are kept.
    manual = "In the manual the word is 打印机 on every page."
    assert dropped_quoted_words(manual, "手冊上每頁都寫著印表機。", "en", language("zh-TW")) == []
    assert dropped_quoted_words("Ask for 佐々木 at the desk.", "请找佐佐木。", "en", ZH) == []


def test_spaces_around_a_placeholder_go_only_between_chinese_or_japanese_letters() -> None:
    # Korean words and Latin text keep theirs, and code written out is not touched.
    sign = "The sign said 출입 금지 in red."
    job = TranslationJob(parse_text(sign, "text"), "en", "zh", use_memory=False)
    task = job.next_task()
    assert task is not None
    result = job.complete(task, "标志上用红色写着 ⟦1⟧ ⟦2⟧。")
    assert result is not None and result.target == "标志上用红色写着 출입 금지。"
    code = "Type `すし 寿司` to find すし shops."
    job = TranslationJob(parse_text(code, "text"), "en", "zh", use_memory=False)
    task = job.next_task()
    assert task is not None and task.protected.originals == ("`すし 寿司`", "すし")
    result = job.complete(task, "输入 ⟦1⟧ 查找 ⟦2⟧ 店。")
    assert result is not None and result.target == "输入 `すし 寿司` 查找すし店。"


def test_words_in_another_writing_system_are_kept_in_a_decomposed_text() -> None:
    # "Й" written as "И" and a combining breve (NFD), as some editors save it.
    text = unicodedata.normalize("NFD", "Ask for Йосиф at the desk.")
    job = TranslationJob(parse_text(text, "text"), "en", "fr", use_memory=False)
    task = job.next_task()
    assert task is not None and task.protected.text == "Ask for ⟦1⟧ at the desk."
    result = job.complete(task, "Demandez ⟦1⟧ à l'accueil.")
    assert result is not None and result.issues == ()
    assert result.target == "Demandez " + unicodedata.normalize("NFD", "Йосиф") + " à l'accueil."


def test_a_short_text_around_a_link_or_code_handed_back_is_untranslated() -> None:
    # Too short once the link or code is set aside for the rule on texts handed back.
    for text, target in (
        ("Go to https://example.org/help.", FR),
        ("Run `ls -la` here.", DE),
        ("Open settings.json now.", FR),
    ):
        verbatim = protect(text).originals
        failures = check_translation(text, text, EN, target, verbatim=verbatim)
        assert [f.kind for f in failures] == ["untranslated"], text
    # Names kept around a link are no copy, nor a label before one, which a
    # translation may keep ("Pull Request: …" in German documentation).
    for kept, target in (
        ("Docker Desktop: https://docker.com", FR),
        ("Happy hour: https://bar.example.org", FR),
        ("Pull request: https://github.com/x/y/pull/1", DE),
    ):
        failures = check_translation(kept, kept, EN, target, verbatim=protect(kept).originals)
        assert "untranslated" not in [f.kind for f in failures], kept


def test_a_phrase_of_the_source_left_whole_in_chinese_is_flagged() -> None:
    # Words too short or too few for the check on single words, left as a phrase.
    failures = kinds_and_reasons(
        "The taxi dropped us at 渋谷.", "出租车我们 dropped us at 渋谷。", EN, ZH
    )
    assert ("copied", "part of the text was left in English: “dropped us at”") in failures
    # Not a phrase the source does not have, nor a name's words.
    assert not check_translation(
        "The taxi dropped us at the hotel.", "出租车把我们送到了酒店。", EN, ZH
    )
    assert not check_translation(
        "We watched Lord of the Rings at home.", "我们在家看了 Lord of the Rings。", EN, ZH
    )
    # A command or placeholder text kept as it is: its words are no common English.
    command = "First run sudo apt update in the terminal to refresh the list."
    assert not check_translation(
        command, "首先在终端里运行 sudo apt update 命令来更新软件列表。", EN, ZH
    )
    filler = "Type lorem ipsum dolor into the box to test the layout."
    assert not check_translation(filler, "在框中输入 lorem ipsum dolor 来测试布局。", EN, ZH)
