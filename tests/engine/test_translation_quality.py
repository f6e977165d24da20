"""The checks on every translated segment, the one stricter retry, and the flag.

The checks run on fixed strings; one test runs the real starter model on a pair it
cannot translate, so the segment comes back in the source language, is asked again
and ends flagged. No test asserts a quality score.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.llm.generation import Reply, ReplyStats
from engine.llm.model import LoadedModel
from engine.translation.checks import (
    FLAG_ONLY,
    CheckFailure,
    check_translation,
    copied_source_words,
    echoes_retry_prompt,
    in_third_language,
    left_in_source_script,
    length_units,
    without_shared_names,
)
from engine.translation.chinese_script import chinese_script
from engine.translation.glossary import Glossary, GlossaryEntry
from engine.translation.job import (
    AUTO,
    SegmentResult,
    SegmentTask,
    TranslationJob,
    model_generator,
    run_job,
)
from engine.translation.language_detect import confidence, detect_language
from engine.translation.languages import language
from engine.translation.memory import TranslationMemory
from engine.translation.model_io import kv_stream, translation_sampling
from engine.translation.prompt import (
    DEFAULT_STYLE,
    ContextTurn,
    PromptStyle,
    build_messages,
    clean_output,
)
from engine.translation.segmenter import parse_text
from tests.engine.fake_replies import run_answering

EN, FR, ZH = language("en"), language("fr"), language("zh")
JA, RU, UK = language("ja"), language("ru"), language("uk")
_ZH_EN = {"source_lang": ZH, "target": EN}


def _kinds(source: str, output: str, **kwargs: object) -> list[str]:
    src = kwargs.pop("source_lang", EN)
    tgt = kwargs.pop("target", FR)
    failures = check_translation(source, output, src, tgt, **kwargs)  # type: ignore[arg-type]
    return [f.kind for f in failures]


def test_a_good_translation_passes() -> None:
    assert _kinds("The harbour opens at six in the morning.", "Le port ouvre à six heures.") == []
    assert _kinds("The harbour opens at six in the morning.", "港口早上六点开放。", target=ZH) == []


def test_a_few_words_handed_back_are_flagged_where_the_target_plainly_has_none() -> None:
    # A table's headers came back as they were, unflagged, and went into the memory.
    for header in ("Seats", "Floor", "Entrance", "Cancel"):
        assert _kinds(header, header) == ["kept_words"], header
    # Words the target uses too, most names, a glossary term: kept as they are.
    for kept in ("Menu", "Hotel", "Email", "Weekend", "Tomasz Kowalski", "Black Friday"):
        assert _kinds(kept, kept) == [], kept
    german = language("de")
    assert _kinds("Stuttgart", "Stuttgart", source_lang=german, target=EN) == []
    terms = Glossary((GlossaryEntry("Seats", "Seats"),))
    assert _kinds("Seats", "Seats", glossary=terms) == []
    # Flagged, not asked again: it may be a name.
    assert "kept_words" in FLAG_ONLY


def test_untranslated_output_is_caught_but_names_may_stay() -> None:
    source = "She lives in Kyoto with her two brothers."
    assert _kinds(source, source) == ["untranslated"]
    assert _kinds(source, "  she lives in Kyoto with her two brothers ") == ["untranslated"]
    # A name or a product stays the same in any language: not a failure.
    assert _kinds("Debra + Ian = Debian.", "Debra + Ian = Debian.") == []


def test_words_left_in_the_source_script_are_caught() -> None:
    source = "相对于符号链接，硬链接不能脱离被链接文件。"
    failures = check_translation(source, "Hard links cannot脱离 the linked file.", ZH, EN)
    assert [f.kind for f in failures] == ["untranslated"]
    assert failures[0].reason == "part of the text was left in Chinese (Simplified): “脱离”"
    assert (
        _kinds(source, "Unlike symbolic links, hard links cannot leave the file.", **_ZH_EN) == []
    )
    # One Han character is a word ("Zhang三" for 张三); Han kept into Japanese is that
    # script's own.
    assert left_in_source_script("His name is Zhang三.", ZH, EN) == ["三"]
    assert _kinds(source, "ハードリンクは脱離できない。", source_lang=ZH, target=JA) == []
    # Kana left in a Chinese translation is not Chinese.
    assert _kinds("これはテストです。", "这是テスト。", source_lang=JA, target=ZH) == [
        "untranslated"
    ]
    # What the segment keeps verbatim (its code) and the glossary's kept terms count not.
    code = "运行 `echo 你好` 命令。"
    assert _kinds(code, "Run the `echo 你好` command.", verbatim=("`echo 你好`",), **_ZH_EN) == []
    keep = Glossary((GlossaryEntry("微信"),))
    assert _kinds("打开微信应用程序。", "Open the 微信 app.", glossary=keep, **_ZH_EN) == []
    # Same script on both sides (Russian into Ukrainian): nothing to judge here.
    assert _kinds("Это тест.", "Це тест перевірки.", source_lang=RU, target=UK) == []


def test_words_copied_from_a_source_in_the_same_script_are_caught() -> None:
    spanish, german = language("es"), language("de")
    assert copied_source_words(
        "Ne pas entrer dans le kitchen !", "Don't go in the kitchen!", EN, FR
    ) == ["kitchen"]
    kept = copied_source_words(
        "He forgot his parapluie at the office.", "Il a oublié son parapluie au bureau.", FR, EN
    )
    assert kept == ["parapluie"]
    failures = check_translation(
        "Il a oublié son parapluie au bureau.", "He forgot his parapluie at the office.", FR, EN
    )
    assert [f.reason for f in failures] == ["part of the text was left in French: “parapluie”"]
    # Loanwords the target uses, names and capitalised German nouns, words the two
    # languages share, quoted or bracketed words, a term the glossary keeps and text
    # kept verbatim all stay.
    good = [
        ("Send me an email this weekend.", "Envoie-moi un email ce week-end.", EN, FR),
        ("Install the software on the server.", "Installieren Sie die Software.", EN, german),
        ("La configuration des partitions est importante.",
         "The configuration of the partitions is important.", FR, EN),
        ("The library type corresponds to a source package.",
         "El tipo biblioteca («library») corresponde a un paquete fuente.", EN, spanish),
        ("Open Stranger Things on Netflix.", "Ouvre Stranger Things sur Netflix.", EN, FR),
    ]  # fmt: skip
    for source, translation, src, tgt in good:
        assert copied_source_words(translation, source, src, tgt) == [], translation
    keep = Glossary((GlossaryEntry("kitchen"),))
    assert copied_source_words("Le kitchen est ouvert.", "The kitchen is open.", EN, FR, keep) == []
    verbatim = ("kitchen",)
    assert copied_source_words("Le kitchen.", "The kitchen.", EN, FR, verbatim=verbatim) == []
    # A source in another script is the other check's (left_in_source_script).
    assert copied_source_words("He is a kitchen.", "他是kitchen。", ZH, EN) == []


def test_words_of_a_latin_source_left_in_latin_letters_count_two_at_a_time() -> None:
    japanese, russian = language("ja"), language("ru")
    source = "I forgot my umbrella on the train."
    # Either number of the source's word counts ("umbrella" → "umbrellas"); a time in
    # the same run of Japanese does not hide them.
    for translation in (
        "私は trainsから umbrellasを忘れた。",
        "私は3時にtrainsから umbrellasを忘れた。",
    ):
        left = copied_source_words(translation, source, EN, japanese)
        assert left == ["trains", "umbrellas"], translation
    failures = check_translation(
        "We missed the last bus and had to walk home.",
        "私たちが最後のバスを missedし、家にwalkしてきました。",
        EN,
        japanese,
    )
    assert [(f.kind, f.reason) for f in failures] == [
        ("copied", "part of the text was left in English: “missed”, “walk”")
    ]
    assert "copied" in FLAG_ONLY
    # Only into Chinese and Japanese: Russian documentation keeps English terms its
    # word lists hold low, Korean's and Thai's lists do not hold them.
    for other in (russian, language("ko"), language("th")):
        assert (
            copied_source_words(
                "Река flooded the fields после шторма.",
                "The river flooded the fields after the storm.",
                EN,
                other,
            )
            == []
        )
    source = "Make a backup of the folder."
    left = "为 folder 做一个 backup。"
    assert copied_source_words(left, source, EN, ZH) == ["folder", "backup"]
    # The glossary's terms and text kept verbatim do not count.
    keep = Glossary((GlossaryEntry("backup"),))
    assert copied_source_words(left, source, EN, ZH, keep) == []
    assert copied_source_words(left, source, EN, ZH, verbatim=("folder",)) == []


def test_latin_words_a_translation_into_another_script_may_keep() -> None:
    japanese, russian = language("ja"), language("ru")
    good = [
        # One word alone, as human translations keep a term (the benchmark's references).
        ("The standard way is to use the init system.", "标准方法是使用 init 系统。", ZH),
        ("These versions are called branches.", "这些版本称为 branches。", ZH),
        ("The children are playing.", "子どもたちは playingしています。", japanese),
        # Names, acronyms and names with a capital inside.
        ("Ask Mr Baker and Mrs Fisher about it.", "问问 Baker 先生和 Fisher 太太。", ZH),
        ("Use the RAID and LVM tools.", "使用 RAID 和 LVM 工具。", ZH),
        ("I bought an iPhone on eBay.", "Я купил iPhone на eBay.", russian),
        ("Update to macOS and iOS.", "更新到 macOS 和 iOS。", ZH),
        # Words the target's own texts write in Latin letters ("app", "web", "email").
        ("Open the web app and log in with your email.", "打开 web app 并用您的 email 登录。", ZH),
        ("It works on android and ios.", "它可以在 android 和 ios 上运行。", ZH),
        # Names of tools, rare as English words.
        ("Use rsync, grep and dpkg.", "用 rsync、grep 和 dpkg。", ZH),
        # Units after a number, literals of code, quoted words and placeholders.
        ("It gives 300 hp at 6000 rpm and 40 mpg.", "在 6000 rpm 时输出 300 hp，油耗 40 mpg。", ZH),
        ("It gives 65 watts and weighs 10 lbs.", "输出 65 watts，重 10 lbs。", ZH),
        ("Set debug to true, verbose to false.", "debug を true、verbose を false に。", japanese),
        ("You have {n, plural, one {# item} other {# items}}.",
         "你有 {n, plural, one {# item} other {# items}}。", ZH),
        ("Click “save” and then “cancel”.", "点击“save”，然后点击“cancel”按钮保存或取消。", ZH),
        ("Hello {name}, you have {count} messages.", "你好 {name}，你有 {count} 条消息。", ZH),
        ("Hi %{user}, you have %{total} items.", "%{user}，您有 %{total} 件。", ZH),
        ("Hi ${name}, your $item is ready.", "你好 ${name}，你的 $item 已准备好。", ZH),
    ]  # fmt: skip
    for source, translation, target in good:
        assert copied_source_words(translation, source, EN, target) == [], translation
    # A source language without a list of its own is not judged; one with a small list
    # is (it holds the words common enough to count).
    estonian, indonesian = language("et"), language("id")
    source = "Unustasin vihmavarju rongi ja bussi."
    assert copied_source_words("我把 vihmavarju 忘在 rongi 上。", source, estonian, ZH) == []
    source = "Saya lupa payung saya di kereta."
    assert copied_source_words("我把 payung 忘在 kereta 上了。", source, indonesian, ZH) == [
        "payung",
        "kereta",
    ]


def test_a_phrase_left_in_the_source_language_is_caught_where_its_words_alone_are_not() -> None:
    spanish = language("es")
    source = "The team will review the storage plan next week and report to the board."
    # Spanish's lists hold "next" (3.6) and "week" (3.4) from text that quotes English:
    # alone, neither counts; side by side as in the source, they are a phrase left.
    left = "El equipo revisará el plan next week e informará a la junta."
    assert copied_source_words(left, source, EN, spanish) == ["next", "week"]
    failures = check_translation(source, left, EN, spanish)
    assert [f.reason for f in failures] == ["part of the text was left in English: “next”, “week”"]
    # Apart, or not in the source's order, they are not a phrase left.
    for translation in (
        "El equipo revisará el plan next semana, la week siguiente informará.",
        "El equipo revisará el plan week next e informará a la junta.",
    ):
        assert copied_source_words(translation, source, EN, spanish) == [], translation
    good = "El equipo revisará el plan la próxima semana e informará a la junta."
    assert copied_source_words(good, source, EN, spanish) == []
    # Loan phrases the target writes in lower case stay: their words lean less.
    for source, translation in (
        ("We use machine learning every day.", "Usamos machine learning cada día."),
        ("They fly with a low cost airline.", "Vuelan con una aerolínea low cost."),
        ("I love fast food.", "Me encanta la fast food."),
    ):
        assert copied_source_words(translation, source, EN, spanish) == [], translation


def test_an_english_noun_left_in_german_is_caught_with_its_capital() -> None:
    german = language("de")
    source = "The team will review the storage plan next week and report to the board."
    left = "Die Team wird den Speicherplan für den nächsten Week und den Board informieren."
    # "week" leads by 1.9 (3.6 in German's lists); "board" by 1.3 only: not counted.
    assert copied_source_words(left, source, EN, german) == ["Week"]
    grandmother = copied_source_words(
        "Meine Grandmother hat ihren Schirm vergessen.",
        "My grandmother forgot her umbrella.",
        EN,
        german,
    )
    assert grandmother == ["Grandmother"]
    # Loans German writes, and names (a capital in the source too), stay.
    good = [
        ("The team uses the new software in every meeting.",
         "Das Team nutzt die neue Software in jedem Meeting."),
        ("A packet sent to the broadcast address never crosses the router.",
         "Ein an den Broadcast adressiertes Paket läuft nie über den Router."),
        ("The deadline is on Friday.", "Die Deadline ist am Freitag."),
        ("We met at Pond Street.", "Wir trafen uns in der Pond Street."),
    ]  # fmt: skip
    for source, translation in good:
        assert copied_source_words(translation, source, EN, german) == [], translation
    # Into other targets too, a capital where no sentence begins on a word the source
    # writes in lower case ("Le pool de Swimming"); a name the source capitalises stays.
    spanish, french = language("es"), language("fr")
    assert copied_source_words(
        "Mi Grandmother vive aquí.", "My grandmother lives here.", EN, spanish
    ) == ["Grandmother"]
    assert copied_source_words(
        "Le pool de Swimming sera fermé.", "The swimming pool will be closed.", EN, french
    ) == ["Swimming"]
    assert (
        copied_source_words(
            "Mi abuela vive en Swimming Hall.",
            "My grandmother lives at Swimming Hall.",
            EN,
            spanish,
        )
        == []
    )
    assert copied_source_words("J'utilise Internet.", "I use the internet.", EN, french) == []
    # Not where the source writes nothing with a capital (its names neither), not at a
    # line's start, not from a language that writes its feasts in lower case.
    lower_case = [
        ("i bought it at best buy.", "Lo compré en Best Buy.", EN, spanish),
        ("ask sarah about the report.", "Demande à Sarah pour le rapport.", EN, french),
        ("where to stay\nholiday inn", "Où loger\nHoliday Inn", EN, french),
        ("We vieren sinterklaas.", "Nous fêtons Sinterklaas.", language("nl"), french),
        ("Trabajo en el ayuntamiento.", "Je travaille à l'Ayuntamiento.", spanish, french),
        ("We vieren sinterklaas.", "We celebrate Sinterklaas.", language("nl"), EN),
    ]
    for source, translation, source_lang, target in lower_case:
        assert copied_source_words(translation, source, source_lang, target) == [], translation


def test_english_months_and_days_are_words_not_names() -> None:
    french, german = language("fr"), language("de")
    assert copied_source_words(
        "Le pont ouvrira en March.", "The bridge will open in March.", EN, french
    ) == ["March"]
    assert copied_source_words("Friday est le jour de paie.", "Friday is payday.", EN, french) == [
        "Friday"
    ]
    assert copied_source_words("Wir öffnen im March.", "We open in March.", EN, german) == ["March"]
    # Beside a comma, the pronoun "I", another month or day, a line's end or a German
    # noun the source lacks, a month or a day is no name's; Dutch and Portuguese quote
    # "Friday" more than French does (3.5, 3.7).
    dates = [
        ("The sale ends Friday, March 14.", "La vente se termine le vendredi 14 March.", french),
        ("On Friday I will call you.", "Le Friday, je t'appellerai.", french),
        ("See you Friday evening.", "Wir sehen uns am Friday Abend.", german),
        ("Monday to Friday\nSaturday closed", "Du lundi au vendredi\nSaturday fermé", french),
        ("See you on Friday.", "Tot Friday!", language("nl")),
        ("See you on Friday.", "Até Friday!", language("pt")),
        # The plural, or the singular for it; a month in a date.
        ("The shop opens at ten on Sundays.", "Der Laden öffnet um zehn Uhr Sunday.", german),
        ("The shop opens on Sundays.", "Le magasin ouvre les Sundays.", french),
        ("Asparagus is sold in June.", "Spargel wird in June verkauft.", german),
        ("The deadline is June 5.", "La date limite est le 5 June.", french),
        ("See you in May!", "On se voit en May !", french),
        ("You may leave in May.", "Tu peux partir en May.", french),
        # Beside a date word, an abbreviation or a capital the source does not write.
        ("In March we moved to Rome.", "In March ci siamo trasferiti a Roma.", language("it")),
        ("I am free on Friday.", "Am Friday habe ich frei.", german),
        ("The call is on Friday 5 PM.", "L'appel est le Friday 17 h.", french),
    ]
    for source, translation, target in dates:
        assert len(copied_source_words(translation, source, EN, target)) == 1, translation
    # German writes "November" so; "April", "June" and "August" are first names too; names
    # with a month or a day stay.
    good = [
        ("We open in November.", "Wir öffnen im November.", german),
        ("Ask June about the invoice.", "Demande à June pour la facture.", french),
        ("May I come in?", "May je entrer ?", french),
        ("August Strindberg wrote plays.", "August Strindberg a écrit des pièces.", french),
        ("Black Friday starts on Thursday.", "Black Friday comienza el jueves.", language("es")),
        ("buy it on black friday.", "Achetez-le pendant le Black Friday.", french),
        ("The sale starts on Black Friday.", "Les soldes commencent le Black Friday.", french),
        ("Set up Black Friday", "Black Friday einrichten", german),
        ("I watched Friday Night Lights.", "J'ai regardé Friday Night Lights.", french),
        ("You may go.", "Vous pouvez y aller.", french),
    ]
    for source, translation, target in good:
        assert copied_source_words(translation, source, EN, target) == [], translation
    # A day, or a month that is a first name too, is flagged, not ruled out: ruled out, a
    # small model wrote another day, or would rename a person ("a Abril").
    job = TranslationJob(parse_text("See you on Friday at the lake.", "text"), "en", "fr")
    failure = CheckFailure("copied", "…", ("Friday", "lake", "April", "March"))
    assert job.avoidable_words((failure,)) == ("lake", "March")
    assert copied_source_words(
        "Envía el informe a April.", "Send the report to April.", EN, language("es")
    ) == ["April"]
    kept = _translated_as("Send the report to April.", "es", "Envía el informe a April.")
    assert kept == "Envía el informe a April."


def test_a_run_of_english_words_left_in_lower_case_in_german_is_caught() -> None:
    german = language("de")
    source = "My neighbour's dog barks all night."
    # German's lists hold "all" (5.2) and "night" (4.2) from text that quotes English, so
    # one at a time they pass; side by side as in the source, three of them do not.
    reply = "My neuer Freund's Hund barks all night."
    assert copied_source_words(reply, source, EN, german) == ["barks", "all", "night"]
    assert copied_source_words(
        "Ich go to the office jeden Tag.", "I go to the office every day.", EN, german
    ) == ["go", "to", "the", "office"]
    good = [
        ("My neighbour's dog barks all night.", "Der Hund meines Nachbarn bellt die ganze Nacht."),
        # Words German shares with English, apart.
        ("With all his strength he stood still; the decision was final.",
         "Mit all seiner Kraft stand er still; die Entscheidung war final."),
        # Two such words, the small words of a title, and the words German borrows.
        ("Please send me the file.", "Please schick mir die Datei."),
        ("The new version of The Lord of the Rings is available.",
         "Die neue Version von The Lord of the Rings ist verfügbar."),
        ("The app works online and offline, which is cool.",
         "Die App funktioniert online und offline, das ist cool."),
        ("Are you okay? The show is live now.", "Bist du okay? Die Show ist jetzt live."),
    ]  # fmt: skip
    for english, translation in good:
        assert copied_source_words(translation, english, EN, german) == [], translation


def test_a_copy_capitalised_where_both_sentences_begin_is_caught() -> None:
    source = "Health is more important than everything else."
    # "health" is 3.4 on wordfreq's French scale, 5.4 on its English one; "Health" only
    # begins the source's sentence, so its capital is no name's; "L'" is elided.
    assert copied_source_words("L'Health est plus important que tout.", source, EN, FR) == [
        "Health"
    ]
    # After quoted text too (the positions are the text's less its quotes).
    quoted = 'Click "OK" first. Health is more important than everything else.'
    reply = "Cliquez d'abord sur « OK ». L'Health est plus important que tout."
    assert copied_source_words(reply, quoted, EN, FR) == ["Health"]
    # Without an elided article a capital where both sentences begin may be a name's,
    # and a word the target borrows ("un must") is the target's.
    names = [
        ("Health est plus important.", source),
        ("Teams ne démarre pas après la mise à jour.", "Teams does not start after the update."),
        ("Health Canada a approuvé le vaccin.", "Health Canada approved the vaccine."),
        ("Paramètres : Display s'ouvre.", "Settings: Display opens."),
        (
            "Teams : l'application « Paramètres » est nouvelle.",
            "The “Settings” app for Teams is new.",
        ),
        ("Cette veste est un must pour l'hiver.", "This jacket is a must for winter."),
        ("Kyoto est une belle ville.", "Kyoto is a beautiful city."),
        ("Time Machine sauvegarde le disque.", "Time Machine backs up the disk."),
    ]
    for translation, name_source in names:
        assert copied_source_words(translation, name_source, EN, FR) == [], translation
    # A source word with its elided article, copied whole ("l'ordinateur").
    assert copied_source_words(
        "He forgot l'ordinateur at home.", "Il a oublié l'ordinateur à la maison.", FR, EN
    ) == ["l'ordinateur"]
    italian = language("it")
    assert copied_source_words(
        "I left the keys dell'ufficio at home.", "Ho lasciato le chiavi dell'ufficio.", italian, EN
    ) == ["dell'ufficio"]


def test_a_copied_word_is_asked_again_ruled_out_and_an_echoed_retry_prompt_fails() -> None:
    job = TranslationJob(
        parse_text("Don't go in the kitchen!\n\nTurn left at the second traffic light.", "text"),
        "en",
        "fr",
    )
    answers = iter(
        [
            "N'entre pas dans la kitchen !",  # a copied word: asked again without it
            " cuisine !",  # going on from the first attempt's words before it
            "Turn left at the second traffic light.",  # untranslated: the stricter retry
            "Tourne à gauche au deuxième traffic light.",  # a copied word only: again
            " feu.",  # that retry asked again, going on from its words
        ]
    )
    tasks: list[SegmentTask] = []

    def generate(task: SegmentTask) -> Reply:
        tasks.append(task)
        return _reply(next(answers))

    assert run_job(job, generate) is True
    assert [(t.index, t.attempt, t.avoid_words) for t in tasks] == [
        (0, 0, ()),
        (0, 1, ("kitchen",)),
        (1, 0, ()),
        (1, 1, ()),
        (1, 2, ("traffic",)),
    ]
    # Asked as the first attempt was: the same messages, the words ruled out, the reply
    # going on from where the first of them began.
    assert tasks[1].messages == tasks[0].messages
    assert (tasks[0].prefix, tasks[1].prefix) == ("", "N'entre pas dans la")
    assert kv_stream(tasks[1]) == kv_stream(tasks[0]) != kv_stream(tasks[3])
    sampling = translation_sampling(tasks[1])
    assert sampling.avoid_words == ("kitchen",)
    assert translation_sampling(tasks[0]).avoid_words == ()
    assert job.retried == 2 and job.retries_fixed == 2
    assert job.results[0].target == "N'entre pas dans la cuisine !"
    assert job.results[0].issues == ()
    # The stricter retry asked again: its own prompt, the KV state it left, the words
    # it left ruled out, the reply going on from its words before them.
    again, stricter = tasks[4], tasks[3]
    assert again.messages == stricter.messages and again.named == stricter.named != ()
    assert kv_stream(again) == kv_stream(stricter) != kv_stream(tasks[2])
    assert again.prefix == "Tourne à gauche au deuxième"
    assert translation_sampling(again).avoid_words == ("traffic",)
    assert job.results[1].target == "Tourne à gauche au deuxième feu."
    assert job.results[1].issues == ()
    # Where that does no better, or the run stops during it, the stricter retry stays,
    # flagged as after a retry.
    source = "Turn left at the second traffic light."
    flagged = ("part of the text was left in English: “traffic” (also after a retry)",)
    for last in (" traffic, light.", None):
        job = TranslationJob(parse_text(source, "text"), "en", "fr")
        replies = iter([source, "Tourne à gauche au deuxième traffic light.", last])
        cancel = threading.Event()

        def answer(
            task: SegmentTask, r: Iterator[str | None] = replies, cancel: threading.Event = cancel
        ) -> Reply:
            text = next(r)
            if text is None:
                cancel.set()
                return _reply("")
            return _reply(text)

        kept: list[SegmentResult] = []
        assert run_job(job, answer, cancel=cancel, on_result=kept.append) is (last is not None)
        assert job.results[0].target == "Tourne à gauche au deuxième traffic light."
        assert job.results[0].issues == flagged
        assert [r.issues for r in kept] == [flagged]
    # A remote engine takes no list of tokens: the stricter retry is not asked again.
    job = TranslationJob(parse_text(source, "text"), "en", "fr", word_bans=False)
    replies = iter([source, "Tourne à gauche au deuxième traffic light."])
    asked: list[int] = []

    def remote(task: SegmentTask, r: Iterator[str | None] = replies) -> Reply:
        asked.append(task.attempt)
        return _reply(next(r) or "")

    assert run_job(job, remote) is True
    assert asked == [0, 1] and job.results[0].issues == flagged
    # A retry with words ruled out is kept only where it leaves fewer of them and adds
    # no flag: one that keeps the word, or turns the statement into a question, is not.
    for retry in (" kitchen, vraiment !", " cuisine ?"):
        job = TranslationJob(parse_text("Don't go in the kitchen!", "text"), "en", "fr")
        replies = iter(["N'entre pas dans la kitchen !", retry])
        assert run_job(job, lambda _task, r=replies: _reply(next(r))) is True
        assert job.results[0].target == "N'entre pas dans la kitchen !"
        assert job.results[0].issues == (
            "part of the text was left in English: “kitchen” (also after a retry)",
        )
    # Nor a retry that wrote nothing where it went on, or dropped the word with nothing
    # in its place ("Préchauffez le four à 180." has a word fewer).
    for source, first, retry in (
        ("Don't go in the kitchen!", "N'entre pas dans la kitchen !", ""),
        ("Don't go in the kitchen!", "N'entre pas dans la kitchen !", " !"),
        ("Preheat the oven to 180 degrees.", "Préchauffez le four à 180 degrees.", "."),
    ):
        job = TranslationJob(parse_text(source, "text"), "en", "fr")
        replies = iter([first, retry])
        assert run_job(job, lambda _task, r=replies: _reply(next(r))) is True
        assert job.results[0].target == first and job.retries_fixed == 0
        assert job.results[0].issues[0].endswith("(also after a retry)")
    # A word ruled out and written again in other letters is still left ("egges").
    job = TranslationJob(parse_text("I bought twelve eggs today.", "text"), "en", "fr")
    replies = iter(["J'ai acheté douze eggs aujourd'hui.", " egges aujourd'hui."])
    assert run_job(job, lambda _task, r=replies: _reply(next(r))) is True
    assert job.results[0].target == "J'ai acheté douze eggs aujourd'hui."
    # One word fewer is a fix where a word went in its place ("next to" → "neben").
    source = "The bill is in the shoe bag next to the umbrella."
    job = TranslationJob(parse_text(source, "text"), "en", "de")
    replies = iter(
        ["Die Rechnung ist in der Schuhtasche next to dem Schirm.", " neben dem Schirm."]
    )
    tasks: list[SegmentTask] = []

    def answer(task: SegmentTask) -> Reply:
        tasks.append(task)
        return _reply(next(replies))

    assert run_job(job, answer) is True
    assert tasks[-1].prefix == "Die Rechnung ist in der Schuhtasche"
    assert job.results[0].target == "Die Rechnung ist in der Schuhtasche neben dem Schirm."
    assert job.results[0].issues == ()
    # The retry does not go on after a number's digits, which it could extend.
    job = TranslationJob(parse_text("I bought 12 eggs and some cheese.", "text"), "en", "fr")
    replies = iter(["J'ai acheté 12 eggs et du fromage.", " 12 œufs et du fromage."])
    tasks = []
    assert run_job(job, answer) is True
    assert tasks[-1].prefix == "J'ai acheté"
    assert job.results[0].target == "J'ai acheté 12 œufs et du fromage."
    # Into Chinese, each letter counts as a word: "雨伞" for "umbrella" is no word fewer.
    source = "I left my umbrella and gloves on the bus."
    job = TranslationJob(parse_text(source, "text"), "en", "zh")
    replies = iter(["我把我的 umbrella 和 gloves 忘在公交车上了。", "雨伞和手套忘在公交车上了。"])
    assert run_job(job, lambda _task, r=replies: _reply(next(r))) is True
    assert job.retried == 1 and job.retries_fixed == 1
    assert job.results[0].target == "我把我的雨伞和手套忘在公交车上了。", job.results[0]
    # Words common in the target are not ruled out (German's "was" of an English run).
    job = TranslationJob(parse_text("Don't go in the kitchen!", "text"), "en", "de")
    failure = CheckFailure("copied", "…", ("was", "kitchen"))
    assert job.avoidable_words((failure,)) == ("kitchen",)
    # Stopped during such a retry, the first attempt is kept, flagged: nothing is lost.
    job = TranslationJob(parse_text("Don't go in the kitchen!", "text"), "en", "fr")
    stop = threading.Event()
    shown: list[str] = []

    def stopped(task: SegmentTask) -> Reply:
        if task.attempt:
            stop.set()
        return _reply("N'entre pas dans la kitchen !" if not task.attempt else " cuis")

    assert run_job(job, stopped, cancel=stop, on_result=lambda r: shown.append(r.target)) is False
    assert job.results[0].target == "N'entre pas dans la kitchen !"
    assert job.results[0].issues == ("part of the text was left in English: “kitchen”",)
    assert shown == ["N'entre pas dans la kitchen !"]
    # A remote engine cannot be told which tokens never to write: the word is flagged.
    job = TranslationJob(
        parse_text("Don't go in the kitchen!", "text"), "en", "fr", word_bans=False
    )
    replies = iter(["N'entre pas dans le kitchen !"])
    assert run_job(job, lambda _task: _reply(next(replies))) is True
    assert job.retried == 0
    assert job.results[0].issues == ("part of the text was left in English: “kitchen”",)
    # A refusal is grave, a copied word is only a flag: the retry that translated is kept.
    job = TranslationJob(parse_text("Don't forget the flour and a whisk.", "text"), "en", "fr")
    replies = iter(
        [
            "Je suis désolé, mais je ne peux pas fournir d'aide pour cela.",
            "N'oublie pas la farine et un whisk.",
            " whisk.",  # asked again without "whisk", it writes it again
        ]
    )
    assert run_job(job, lambda _task: _reply(next(replies))) is True
    assert job.results[0].target == "N'oublie pas la farine et un whisk."
    assert job.results[0].issues == (
        "part of the text was left in English: “whisk” (also after a retry)",
    )
    echo = "The text was left in French: “parapluie”."
    source = "Il a oublié son parapluie au bureau."
    assert _kinds(source, echo, source_lang=FR, target=EN, retry=True) == ["instructions"]
    rejected = "The text was rejected because it was in Chinese (Simplified)."
    assert "instructions" in _kinds("这是一本书。", rejected, source_lang=ZH, target=EN, retry=True)
    # Only a retry's reply: the first attempt was not shown those words.
    assert "instructions" not in _kinds(source, echo, source_lang=FR, target=EN)
    # A retry that answers with the reason it was given (SmolLM2, zh→en): the first
    # attempt is kept, flagged, rather than the reason as a translation.
    job = TranslationJob(parse_text("最好的加入方法是先协助现有成员开展工作。", "text"), "zh", "en")
    replies = iter(
        ["最好的方法是先帮助现有的成员工作。", "The translation is in Chinese (Simplified)."]
    )
    assert run_job(job, lambda _task: _reply(next(replies))) is True
    assert job.results[0].target == "最好的方法是先帮助现有的成员工作。"
    assert job.results[0].issues == (
        "the translation is in Chinese (Simplified) (also after a retry)",
    )
    # Part of a reason handed back is an echo too: the first of its two clauses.
    question = "Où est la gare la plus proche ?"
    half = "A question came back without a question mark."
    reason = "a question came back without a question mark, perhaps answered instead of translated"
    assert echoes_retry_prompt(question, half, (reason,))
    assert not echoes_retry_prompt(question, "Where is the nearest station?", (reason,))
    # Ordinary sentences with some of the same words pass.
    for french, english in (
        ("Votre demande de visa a été rejetée.", "Your visa application was rejected."),
        ("Sa tentative précédente a échoué.", "His previous attempt failed."),
        ("Ne copiez pas la clé.", "Do not copy the key."),
    ):
        assert _kinds(french, english, source_lang=FR, target=EN, retry=True) == []


def test_an_answer_to_thanks_is_caught() -> None:
    # Qwen2.5-Coder 0.5B, en→es.
    source = "Thank you for your help, I really appreciate it."
    spanish = language("es")
    assert _kinds(source, "¡De nada! Me alegra que te haya ayudado.", target=spanish) == ["answer"]
    assert _kinds("谢谢你的帮助。", "You're welcome!", **_ZH_EN) == ["answer"]
    assert _kinds(source, "Gracias por tu ayuda, te lo agradezco mucho.", target=spanish) == []
    # A source that answers thanks itself, or welcomes without thanks, is translated so.
    assert _kinds("Merci ! De rien.", "Thanks! You're welcome.", source_lang=FR, target=EN) == []
    welcome = "You are welcome to stay for dinner tonight."
    assert _kinds(welcome, "Vous êtes les bienvenus pour le dîner ce soir.") == []
    # The phrases in other senses, and translations that give the thanks too.
    for source, translation, tgt in (
        ("Please sit down, and thank you.", "Je vous en prie, asseyez-vous, et merci.", FR),
        ("It's no use thanking him for it.", "De nada sirve agradecérselo.", spanish),
        ("Contact us at any time. Thank you!", "Обращайтесь к нам в любое время. Спасибо!", RU),
        ("Thanksgiving is in November.", "De nada.", spanish),
    ):
        assert "answer" not in _kinds(source, translation, target=tgt), translation


def test_a_retry_that_translates_its_own_instructions_is_caught() -> None:
    # Qwen2.5-Coder 0.5B, en→es, retried after "Click "Save" to keep…" came back in English.
    source = "Click Save to keep your changes, or Cancel to discard them."
    echo = (
        "Por favor, traduzca este texto en español. Si el texto es una pregunta, traduzca la "
        "pregunta; no responde. No copie el texto."
    )
    spanish = language("es")
    assert "instructions" in _kinds(source, echo, target=spanish, retry=True)
    said = "Traduzca el texto; no lo responda."
    assert "instructions" in _kinds(source, said, target=spanish, retry=True)
    # A first attempt was not shown those instructions.
    assert "instructions" not in _kinds(source, said, target=spanish)
    good = "Haga clic en Guardar para conservar los cambios, o en Cancelar para descartarlos."
    assert _kinds(source, good, target=spanish, retry=True) == []
    # Translating without a text, a text without translating, or a source that speaks
    # of either, may be translated so.
    for source, translation, src, tgt in (
        ("The translator was late.", "El traductor llegó tarde.", EN, spanish),
        ("This results in higher prices.", "Cela se traduit par des prix plus élevés.", EN, FR),
        ("Read the text twice.", "Lisez le texte deux fois.", EN, FR),
        ("Translate this text, please.", "Traduisez ce texte, s'il vous plaît.", EN, FR),
        ("这本书被翻译成了法语。", "Ce livre a été traduit en français.", ZH, FR),
        ("Finland is a northern country.", "Suomi on pohjoinen maa.", EN, language("fi")),
    ):
        kinds = _kinds(source, translation, source_lang=src, target=tgt, retry=True)
        assert "instructions" not in kinds, translation


def test_what_may_stay_in_the_source_script_is_not_counted() -> None:
    ar, el, ko = language("ar"), language("el"), language("ko")
    # Digits, punctuation and symbols of the script are not words left in it.
    assert left_in_source_script("On ٢٠٢٤/٣/١٥، the office opens،", ar, EN) == []
    # In an alphabet a lone letter is a symbol (α and β), a run of two is a word.
    assert left_in_source_script("Let α and β be angles.", el, EN) == []
    assert left_in_source_script("The word καλημέρα means good morning.", el, EN) == ["καλημέρα"]
    # A gloss in brackets, a quoted word, Hanja in Korean.
    assert left_in_source_script("Beijing (北京) is the capital.", ZH, EN) == []
    assert left_in_source_script("The word “爱” means love.", ZH, EN) == []
    assert left_in_source_script("한자(漢字)와 美 표기", ZH, ko) == []
    # The glossary's terms as it wants them, in any case.
    wechat = Glossary((GlossaryEntry("微信", "微信 (WeChat)"),))
    assert left_in_source_script("Open 微信 (WeChat) now.", ZH, EN, wechat, source="打开微信") == []
    yandex = Glossary((GlossaryEntry("Яндекс"),))
    assert left_in_source_script("Open the ЯНДЕКС app.", RU, EN, yandex, source="Яндекс") == []
    # Vowel signs and tone marks belong to their word (Thai, Hindi, Arabic, Hebrew).
    th, hi, he = language("th"), language("hi"), language("he")
    assert left_in_source_script("I like ที่นี่ very much", th, EN) == ["ที่นี่"]
    assert left_in_source_script("They said नमस्ते to us", hi, EN) == ["नमस्ते"]
    assert left_in_source_script("He said שָׁלוֹם twice", he, EN) == ["שָׁלוֹם"]
    # Two Han characters in Korean are a word left in Chinese, one is Hanja.
    assert left_in_source_script("이것은 脱离 문제", ZH, ko) == ["脱离"]
    assert left_in_source_script("美·中 회담", ZH, ko) == []
    # Every kind of quotation mark and title mark; but brackets that hold English too
    # do not hide a word left in Chinese.
    assert left_in_source_script("„北京“, ‘北京’, 《红楼梦》 and 【北京】", ZH, EN) == []
    assert left_in_source_script("Open daily (不包括 weekends).", ZH, EN) == ["不包括"]
    assert left_in_source_script('a 5" screen cannot脱离 the 7" frame', ZH, EN) == ["脱离"]
    # File names and paths keep their names.
    assert left_in_source_script("Open 报告.docx in C:\\用户\\文档 now", ZH, EN) == []
    # A reason names the first five words only.
    many = " ".join(f"字{c}" for c in "一二三四五六七")
    words = f"We count these words here in English: {many}, and that is all of them."
    failures = check_translation(
        "一二三四五六七八九十。", words, ZH, EN, identify=lambda _t: "en", confidence=lambda *_: 1.0
    )
    assert failures[0].reason.endswith("“字五”, …")
    long_word = "字" * 40
    failures = check_translation(
        "一二三四五六七八九十。",
        f"We count these words here in English: {long_word}, and that is all of them.",
        ZH,
        EN,
        identify=lambda _t: "en",
        confidence=lambda *_: 1.0,
    )
    assert failures[0].reason.endswith("“" + "字" * 20 + "…”")


def test_output_in_the_source_language_is_caught() -> None:
    kinds = _kinds(
        "Health is more important than everything else.",
        "Health matters more than anything else in life.",
    )
    assert kinds == ["wrong_language"]
    # Into Chinese the script decides: no Han characters, not Chinese.
    assert _kinds("The store opens at ten.", "The shop opens at 10.", target=ZH) == [
        "wrong_language"
    ]
    # From Chinese, an answer still in Chinese.
    assert _kinds(
        "我的包在哪里？", "你的包在桌子上面的那个房间里？", source_lang=ZH, target=EN
    ) == ["wrong_language"]


def test_an_english_sentence_the_detector_half_takes_for_french_passes() -> None:
    # lingua's low-accuracy mode gives this English sentence 0.63 French: under the
    # threshold, so a right translation is neither retried nor flagged.
    source = "Je voudrais acheter un billet pour Lyon."
    assert _kinds(source, "I want to buy a ticket for Lyon.", source_lang=FR, target=EN) == []
    assert _kinds(source, "Je voudrais un billet pour Lyon, merci.", source_lang=FR, target=EN) == [
        "wrong_language"
    ]


def test_a_sentence_that_came_back_as_a_few_words_of_its_language_is_caught() -> None:
    # SmolLM2 on the everyday sentences: too short for the detector (10 letters), the
    # frequency lists read them as French.
    assert _kinds("N'entre pas dans la cuisine !", "À la cuisine !", source_lang=FR,
                  target=EN) == ["wrong_language"]  # fmt: skip
    assert _kinds("Qui a écrit cette lettre ?", "À quel point ?", source_lang=FR,
                  target=EN) == ["wrong_language"]  # fmt: skip
    assert _kinds("Don't go in the kitchen!", "The kitchen!") == ["wrong_language"]
    # Short right translations pass, both ways, also where the detector alone would
    # take "Do not touch that!" for German (0.70).
    de, es = language("de"), language("es")
    assert _kinds("Where are you going?", "Où vas-tu ?") == []
    assert _kinds("Is it far from here?", "¿Está lejos?", target=es) == []
    assert _kinds("Où vas-tu ?", "Where are you going?", source_lang=FR, target=EN) == []
    assert _kinds("Nicht anfassen!", "Do not touch that!", source_lang=de, target=EN) == []
    assert _kinds("Je ne sais pas.", "I don't know.", source_lang=FR, target=EN) == []
    # One word says too little: left to the other checks.
    assert "wrong_language" not in _kinds("Merci !", "Merci!", source_lang=FR, target=EN)
    # One word that is also the target's ("no" in Spanish) does not let English through.
    assert _kinds("I have no idea what happened.", "I have no idea what", target=es) == [
        "wrong_language"
    ]
    # A short source kept as it is stays (not retried as the wrong language).
    assert "wrong_language" not in _kinds("Happy hour", "Happy hour")
    assert "wrong_language" not in _kinds("Bon appétit !", "Bon appétit!", source_lang=FR,
                                          target=EN)  # fmt: skip
    # but a short source only partly kept is judged ("Bonne nuit !" is French).
    assert _kinds("Bonne nuit, Marie !", "Bonne nuit !", source_lang=FR, target=EN) == [
        "wrong_language"
    ]
    # Words clearly French: the loanwords do not make it English (0.97 to the detector).
    assert _kinds("Let's go shopping this weekend.", "Allons faire du shopping ce week-end.") == []


def test_names_the_source_has_too_do_not_make_a_translation_the_source_language() -> None:
    it, es, de = language("it"), language("es"), language("de")
    # lingua alone reads these as English (0.80) and German (1.0).
    assert _kinds("Sign in with your Google account.", "Accedi con il tuo account Google.",
                  target=it) == []  # fmt: skip
    assert (
        _kinds(
            "Er liest die Frankfurter Allgemeine Zeitung.",
            "He reads the Frankfurter Allgemeine Zeitung.",
            source_lang=de,
            target=EN,
        )
        == []
    )
    assert _kinds("Raspberry Pi runs Home Assistant.", "La Raspberry Pi ejecuta Home Assistant.",
                  target=es) == []  # fmt: skip
    # Too little left to tell without the names: the whole text's verdict stands where
    # the rest shows nothing of the target language.
    it_kinds = _kinds(
        "Apple Music, Spotify Premium, YouTube Music and Amazon Music Unlimited cost the same.",
        "Apple Music, Spotify Premium, YouTube Music e Amazon Music Unlimited cost the same.",
        target=it,
    )
    assert it_kinds == ["wrong_language"]
    assert _kinds(
        "I installed Raspberry Pi on my new computer.",
        "I installed Raspberry Pi on my computer.",
        target=es,
    ) == ["wrong_language"]
    # What is left is judged: a sentence still in English is caught with its names.
    assert _kinds(
        "Each client application of Google Drive varies in its features.",
        "Each client application of Google Drive varies in its features, really.",
        target=es,
    ) == ["wrong_language"]


def test_only_names_and_links_shared_with_the_source_are_left_out_for_the_detector() -> None:
    source = "Furthermore, see the GNU General Public License v2 at https://gnu.org/x for more."
    translation = "Furthermore, voir la GNU General Public License v2 sur https://gnu.org/x."
    # "Furthermore" begins the source's sentence: no name, kept; the link goes.
    assert without_shared_names(translation, source) == "Furthermore voir la sur"
    # Chinese has no capitals: its words stay.
    assert without_shared_names("这是 Debian 的软件。", "这是 Debian 的软件。") == "这是 的软件"


def test_language_detection_reads_the_benchmark_languages() -> None:
    assert detect_language("The cat is on the table and it is happy.") == "en"
    assert detect_language("Le chat est sur la table et il est content.") == "fr"
    assert detect_language("Der Hund ist nicht im Haus und das ist gut.") == "de"
    assert detect_language("El perro no está en la casa y eso es bueno.") == "es"
    assert detect_language("这只猫在桌子上，它很高兴。") == "zh"
    assert detect_language("12 34") is None
    assert confidence("Le chat est sur la table et il est content.", "fr") > 0.5


def test_auto_detect_tells_close_languages_apart_in_a_short_sentence() -> None:
    # The fast mode alone reads this as Romanian (0.60 against 0.40 French); then the
    # prompt named Romanian and the checks let a French reply into English pass.
    sentence = "Il a oublié son parapluie au bureau."
    assert detect_language(sentence) == "fr"
    assert detect_language("She lives in Kyoto.") == "en"  # Vietnamese to the fast mode
    assert detect_language("Hello. Thank you.") == "en"  # Norwegian to it
    job = TranslationJob(parse_text(sentence, "text", 2000), AUTO, "en", use_memory=False)
    assert job.source_lang == "fr"
    assert "French" in job.next_task().messages[-1].content  # type: ignore[union-attr]
    # A reply in French is then judged as still in the source language.
    assert check_translation(
        sentence, "Ce qui est dans la question est dans la question.", job.source, job.target
    )


def test_auto_detect_reads_short_everyday_phrases_by_their_words() -> None:
    # lingua's fast mode reads each of these as another language, the first as Slovak
    # and sure of it; their words are their own language's commonest.
    assert detect_language("¿Dónde está el baño?") == "es"
    assert detect_language("Où est la gare ?") == "fr"  # Romanian to Auto-detect before
    assert detect_language("Ciao, come stai?") == "it"  # Finnish
    assert detect_language("Tengo hambre.") == "es"  # French to the fast mode
    assert detect_language("Feche a porta.") == "pt"  # Romanian
    assert detect_language("Merci") == "fr"  # Italian
    # Not by a hair: "hello" is a little commoner in Hungarian's lists than in English's,
    # "save" in Lithuanian's (one word needs a whole point).
    assert detect_language("Hello") == "en"
    assert detect_language("Save") == "en"
    # Names, links and quoted titles say nothing of the language.
    assert detect_language("Good morning, Tomasz") == "en"  # Polish by the name
    assert detect_language("Merry Christmas, Björn!") == "en"  # Swedish
    assert detect_language("Check www.google.com") == "en"  # Portuguese by the link
    # Croatian is read with wordfreq's Serbo-Croatian lists (without them, Slovenian's
    # won "Vidimo se sutra!"); a language without lists keeps the detector's verdict.
    assert detect_language("Vidimo se sutra!") == "hr"
    assert detect_language("Hvala lijepa.") == "hr"
    # Other alphabets, and longer texts, are the detectors' alone.
    assert detect_language("Где вокзал?") == "ru"
    # Short Ukrainian without і, ї, є or ґ is told from Russian by its words.
    for ukrainian in ("Дякую, до побачення!", "Як справи?", "Дуже дякую за допомогу."):
        assert detect_language(ukrainian) == "uk", ukrainian
    # Also where lingua reads Serbian or Bulgarian, or nothing.
    for ukrainian in ("Доброго ранку!", "Котра година?", "Як ти?", "ДЯКУЮ ЗА ПОКУПКУ"):
        assert detect_language(ukrainian) == "uk", ukrainian
    for russian in ("Спасибо, до свидания!", "Как дела?", "Я не понимаю.", "Доброе утро."):
        assert detect_language(russian) == "ru", russian
    assert detect_language("До завтра!") == "ru"  # the same in both: Russian stays
    # Serbian has no Cyrillic list: it stays unless a list knows the words well.
    assert detect_language("Хвала лепо.") == "sr"
    assert detect_language("Колко струва?") == "bg"
    assert detect_language("Il a oublié son parapluie au bureau, puis il est reparti.") == "fr"


def test_short_cyrillic_texts_are_told_apart_by_their_letters_and_words() -> None:
    from engine.translation.language_detect import _cyrillic_by_frequency as told

    # (text, what lingua said): its own letters first, a Latin word aside.
    assert told("Натисніть OK", "ru") == "uk"
    assert told("Хвала, довиђења.", "bg") == "sr"
    assert told("Это всё.", "bg") == "ru"
    # Then the words' frequencies, Serbian's through the Serbo-Croatian list.
    assert told("Доброго ранку!", "sr") == "uk"
    assert told("Котра година?", "bg") == "uk"
    for serbian in ("Како сте?", "Молим вас", "Не знам"):
        assert told(serbian, "sr") == "sr", serbian
    assert told("Як ти?", None) == "uk"  # nothing found: the lists know it well
    # Without its letters Ukrainian must show by its words against Russian; a near tie
    # with Bulgarian leaves lingua's Ukrainian.
    assert told("До завтра!", "uk") == "ru"
    assert told("На все добре!", "uk") == "uk"


def test_a_job_into_the_texts_own_language_is_refused() -> None:
    document = parse_text("Où est la gare ?", "text", 2000)
    with pytest.raises(ValueError, match="reads as French, the language to translate into"):
        TranslationJob(document, AUTO, "fr", use_memory=False)
    with pytest.raises(ValueError, match="both French"):
        TranslationJob(document, "fr", "fr", use_memory=False)
    # Simplified into Traditional Chinese is a translation of its own, and the other
    # way: Auto-detect tells the scripts apart by their own characters.
    chinese = parse_text("这只猫在桌子上，它很高兴。", "text", 2000)
    assert TranslationJob(chinese, AUTO, "zh-TW", use_memory=False).source_lang == "zh"
    traditional = parse_text("這隻貓在桌子上，牠很高興。", "text", 2000)
    assert TranslationJob(traditional, AUTO, "zh", use_memory=False).source_lang == "zh-TW"
    with pytest.raises(ValueError, match=r"reads as Chinese \(Traditional\)"):
        TranslationJob(traditional, AUTO, "zh-TW", use_memory=False)
    with pytest.raises(ValueError, match=r"reads as Chinese \(Simplified\)"):
        TranslationJob(chinese, AUTO, "zh", use_memory=False)
    job = TranslationJob(document, AUTO, "en", use_memory=False)
    assert (job.detected, job.source_lang) == ("fr", "fr")
    assert TranslationJob(document, "fr", "en", use_memory=False).detected is None


def test_a_reply_in_a_third_language_is_caught() -> None:
    french, english, german = language("fr"), language("en"), language("de")
    italian_reply = "Ha dimenticato il suo ombrello in ufficio."
    source = "Il a oublié son parapluie au bureau."
    assert _kinds(source, italian_reply, source_lang=french, target=english) == ["wrong_language"]
    assert in_third_language(italian_reply, source, french, english) == "Italian"
    dutch = "Hij is zijn paraplu op kantoor vergeten."
    assert in_third_language(dutch, source, french, german) == "Dutch"
    # Four words at least: "Dove è la stazione?" is too short to tell from a dish or a
    # street kept as it is.
    assert in_third_language("Dove è la stazione?", "Où est la gare ?", french, english) is None
    # English, where small models drift, though the detector reads it as French.
    drift = "He forgot his umbrella at the office."
    assert in_third_language(drift, source, french, german) == "English"
    # The right language passes, names kept from the source and all; a reply in the
    # source language is the other checks' ("in French"), not a third language's.
    good = "He forgot his umbrella at the office."
    assert _kinds(source, good, source_lang=french, target=english) == []
    netflix = "My sister watches Stranger Things on Netflix every Friday night."
    assert _kinds(netflix, "Ma sœur regarde Stranger Things sur Netflix le vendredi soir.") == []
    assert in_third_language(source, source, french, english) is None
    # Dishes, streets and titles a good translation keeps, with the target's own words
    # around them, and the source in another script (so no name is shared).
    for kept in (
        "Margherita pizza with mozzarella di bufala",
        "Dessert is crème brûlée.",
        "Today's special: lasagne alla bolognese",
        "Avenue des Champs-Élysées, Paris",
        "The menu: gazpacho, tortilla de patatas, churros con chocolate",
        'I read "Cien años de soledad".',
        "We ate at la trattoria del porto.",
        "Spaghetti alla carbonara",
    ):
        assert in_third_language(kept, "菜单", ZH, english) is None, kept
    # What the source has as it is (a title, a dish) is not the reply's language.
    title = "Eco, U. (1980). Il nome della rosa. Milano: Bompiani."
    assert (
        in_third_language(title, "艾柯：Il nome della rosa，米兰：Bompiani，1980。", ZH, english)
        is None
    )
    # Too few words to tell, or a target without Latin-alphabet word lists.
    assert in_third_language("Grazie mille.", "Merci beaucoup.", french, english) is None
    assert in_third_language(italian_reply, source, french, ZH) is None


def test_chinese_scripts_are_told_apart_and_a_reply_in_the_other_is_caught() -> None:
    assert chinese_script("我們明天去北京看長城。") == "zh-TW"
    assert chinese_script("我们明天去北京看长城。") == "zh"
    assert chinese_script("它很好。") is None  # no character of either script's own
    assert detect_language("我們明天去北京看長城。") == "zh-TW"
    assert detect_language("我们明天去北京看长城。") == "zh"
    traditional = language("zh-TW")
    simplified = "我们明天去北京看长城。"
    # A Simplified reply where Traditional was asked, and a Simplified text "into
    # Traditional" handed back as it was.
    assert _kinds("We will visit the Great Wall tomorrow.", simplified, target=traditional) == [
        "wrong_language"
    ]
    assert _kinds(simplified, simplified, source_lang=ZH, target=traditional) == ["wrong_language"]
    assert _kinds(simplified, "我們明天去北京看長城。", source_lang=ZH, target=traditional) == []
    assert "wrong_language" in _kinds("We go tomorrow.", "我們明天去。", target=ZH)
    # Characters Traditional writes too (只, 出, 才, 面, 里, 回, 家) are no mark of
    # Simplified: good Traditional text passes.
    for good in ("我只想出去走走，才發現外面下雨了。", "回家吃飯。", "家裡的家具是松木製的。"):
        assert chinese_script(good) == "zh-TW", good
        assert _kinds("x y z w.", good, target=traditional) == [], good


def test_a_reply_in_the_other_chinese_script_is_converted_not_retried() -> None:
    """Small models write Simplified whatever they are asked: into Traditional the reply
    is converted by OpenCC's phrase tables (with the words Taiwan writes), and the
    other way round; nothing is asked again, and nothing else is touched."""
    from engine.translation.chinese_script import in_target_script

    assert in_target_script("新软件更新修复了安全问题。", "zh-TW") == "新軟體更新修復了安全問題。"
    assert in_target_script("後來他頭髮白了。", "zh") == "后来他头发白了。"
    assert in_target_script("打印机 ⟦1⟧ 没有纸了。", "zh-TW") == "印表機 ⟦1⟧ 沒有紙了。"
    for unchanged, target in (("它很好。", "zh-TW"), ("我们走吧。", "zh"), ("我们", "fr")):
        assert in_target_script(unchanged, target) == unchanged
    text = "The printer has no paper.\n\nSee `打印机` and the [manual](http://x/后来)."
    job = TranslationJob(parse_text(text, "markdown"), "en", "zh-TW", use_memory=False)
    replies = iter(["打印机没有纸了。", "见 ⟦1⟧ 和手册 ⟦2⟧。"])
    tasks = run_answering(job, lambda task: next(replies))
    assert [t.attempt for t in tasks] == [0, 0], "converted, not asked again"
    assert job.results[0].target == "印表機沒有紙了。" and not job.results[0].issues
    # Code and link targets are the text's own, as it has them.
    assert "`打印机`" in job.results[1].target and "http://x/后来" in job.results[1].target


def test_headings_and_capitals_handed_back_are_untranslated() -> None:
    # What a rule for names alone let through (it was taken out): capitals and Title
    # Case are no names.
    german = language("de")
    shout = "DO NOT TOUCH THE MACHINE WHILE IT IS RUNNING"
    assert _kinds(shout, shout, target=german) == ["untranslated"]
    greeting = "Guten Morgen, Herr Müller"
    assert _kinds(greeting, greeting, source_lang=german, target=EN) == ["untranslated"]
    assert _kinds("Frequently Asked Questions", "Frequently Asked Questions") == ["untranslated"]


def test_a_lead_in_line_is_no_translation() -> None:
    for lead_in in (
        "The English translation of the given Chinese (Simplified) text is:",
        'The Japanese text "村上春樹の『ノルウェイの森』を読みました。" translates to English as:',
        "La traduction du texte est :",
        "Die deutsche Übersetzung des Textes lautet:",
        "以下是翻译：",
    ):
        assert clean_output(lead_in, "宫保鸡丁（Kung Pao Chicken）￥38") == "", lead_in
    # Before the translation, the line goes.
    reply = "The English translation of the given Chinese text is:\nKung Pao Chicken ¥38"
    assert clean_output(reply, "宫保鸡丁\n麻婆豆腐") == "Kung Pao Chicken ¥38"
    # Translations that speak of translating, or end with a colon, stay.
    for kept, source in (
        ("Translated by:", "Übersetzt von"),
        ("翻译设置：", "Translation settings:"),
        ("価格の内訳：", "Price breakdown"),
        ("Settings for the translation:", "Einstellungen für die Übersetzung:"),
    ):
        assert clean_output(kept, source) == kept, kept
    assert clean_output("Kung Pao Chicken ¥38", "宫保鸡丁 ￥38") == "Kung Pao Chicken ¥38"
    # A heading of the source that ends with a colon is translated, not a lead-in.
    heading = "Settings for the translation of the text:\nThe cat sleeps."
    source = "Einstellungen für die Übersetzung des Textes:\nDie Katze schläft."
    assert clean_output(heading, source) == heading


def test_an_answer_instead_of_a_translation_is_caught() -> None:
    assert "answer" in _kinds("What time does the store open?", "Le magasin ouvre à 10 h.")
    assert _kinds("What time does the store open?", "À quelle heure ouvre le magasin ?") == []
    spanish = language("es")
    assert _kinds("Where is my bag?", "¿Dónde está mi bolso?", target=spanish) == []


def test_a_refusal_or_an_assistants_answer_instead_of_a_translation_is_caught() -> None:
    italian, spanish, german = language("it"), language("es"), language("de")
    source = "My sister watches Stranger Things on Netflix every Friday night."
    refusal = "Mi dispiace, ma non posso fornire informazioni sugli episodi di Stranger Things."
    assert "refusal" in _kinds(source, refusal, target=italian)
    assert "refusal" in _kinds(source, "I'm sorry, but I can't help with that.", target=italian)
    assert "refusal" in _kinds(source, "Leider kann ich dabei nicht helfen.", target=german)
    assert "refusal" in _kinds(source, "作为一个AI语言模型，我无法回答这个问题。", target=ZH)
    creating = "Even though creating an AppArmor profile is rather easy, most programs lack one."
    as_assistant = "En tant qu'assistant, il est facile de créer un profil AppArmor."
    assert "refusal" in _kinds(creating, as_assistant)
    # The source's own apology, "I can't" or "as an assistant" comes back as it should.
    assert (
        _kinds(
            "Sorry, I can't come to dinner tonight.", "Désolé, je ne peux pas venir dîner ce soir."
        )
        == []
    )
    assert (
        _kinds(
            "Lo siento, no puedo ayudarte con la mudanza.",
            "I'm sorry, I can't help you with the move.",
            source_lang=spanish,
            target=EN,
        )
        == []
    )
    assert (
        _kinds(
            "As an assistant, you will answer the phone and help visitors.",
            "En tant qu'assistant, vous répondrez au téléphone et aiderez les visiteurs.",
        )
        == []
    )
    # Nor is "unfortunately", "cannot" or "as an assistant" in mid-sentence a refusal.
    assert (
        _kinds(
            "Unfortunately the train is late again this morning.",
            "Malheureusement, le train est encore en retard ce matin.",
        )
        == []
    )
    assert (
        _kinds(
            "The package cannot be installed without a network.",
            "Le paquet ne peut pas être installé sans réseau.",
        )
        == []
    )
    assert (
        _kinds(
            "She started her career at the bank and later became a manager.",
            "Elle a commencé à la banque en tant qu'assistante, puis est devenue directrice.",
        )
        == []
    )


def test_job_titles_idioms_and_sources_in_other_languages_are_not_refusals() -> None:
    from engine.translation.refusals import refuses

    good = [
        ("en", "fr", "As the director's assistant, I manage her calendar.",
         "En tant qu'assistante du directeur, je gère son agenda."),
        ("en", "de", "When AI arrived, many jobs changed.",
         "Als KI aufkam, änderten sich viele Berufe."),
        ("en", "nl", "If AI can write code, what then?", "Als AI code kan schrijven, wat dan?"),
        ("it", "en", "Non vedo l'ora di rispondere.", "I can't wait to answer."),
        ("de", "en", "Ich muss einfach lachen, wenn ich ihn sehe.",
         "I can't help laughing when I see him."),
        ("pl", "en", "Przepraszam, nie mogę ci pomóc z przeprowadzką.",
         "Sorry, I can't help you with the move."),
        ("zh", "en", "對不起，我無法參加明天的會議。", "Sorry, I can't attend tomorrow's meeting."),
        ("ja", "en", "ごめん、明日は手伝えない。", "Sorry, I can't help tomorrow."),
        ("en", "es", "Can't answer right now, driving.",
         "No puedo responder ahora, estoy conduciendo."),
        ("en", "it", "Regrettably, I have to decline the invitation.",
         "Purtroppo non posso accettare l'invito."),
        ("en", "fr", "I'm not able to help you move this weekend.",
         "Je ne peux pas t'aider à déménager ce week-end."),
        # Declining with an apology worded in ways the lists do not hold.
        ("it", "en", "Scusa, oggi non ce la faccio.", "Sorry, I can't make it today."),
        ("es", "en", "Me temo que no podré ir a la fiesta.",
         "I'm afraid I won't be able to go to the party."),
        ("fr", "en", "Excuse-moi, je ne pourrai pas venir.", "I'm sorry, I won't be able to come."),
        ("de", "en", "Entschuldige, ich schaffe das nicht.", "Sorry, I can't do it."),
        ("fr", "en", "Je n'ai pas le droit de vous aider, désolé.",
         "I am not allowed to help you, sorry."),
        ("en", "it", "Pardon me, I have no way to reply.", "Mi scusi, non posso rispondere."),
        ("ru", "en", "Прости, я не смогу помочь.", "Sorry, I won't be able to help."),
    ]  # fmt: skip
    # What a refusal says it cannot do, after an apology the source does not have.
    assert refuses("Il fait beau.", "I'm sorry, but I can't give medical advice.", "en", "fr")
    assert refuses("Il fait beau.", "I'm sorry, I can't create content like that.", "en", "fr")
    # "Afraid" in a source is no apology; a Russian word holding "прости" is none either.
    assert refuses("Don't be afraid to ask your doctor about side effects.",
                   "I'm sorry, but I can't provide medical advice.", "fr", "en")  # fmt: skip
    assert refuses("Горы простираются до моря.", "I'm sorry, but I can't provide that.",
                   "en", "ru")  # fmt: skip
    for source_code, target_code, source, translation in good:
        assert not refuses(source, translation, target_code, source_code), translation
    # A refusal caught anyway: "I'm not able to", Traditional Chinese, after a list
    # marker, and "as an AI" from a source in a language without phrases here.
    assert refuses("What is the dose?", "I'm not able to provide medical advice.", "fr", "en")
    assert refuses("Tell me about him.", "作為一個AI，我無法回答", "zh-TW", "en")
    assert refuses("Help me.", "- As an AI, I cannot help.", "fr", "en")
    assert refuses("Jak się masz?", "As an AI language model, I cannot answer.", "en", "pl")
    # The starter model introducing itself instead of translating.
    intro = "I am a helpful AI named SmolLM, trained to translate Chinese text into English."
    assert refuses("我喜欢喝茶。", intro, "en", "zh")
    assert not refuses("我是语言老师。", "I am a language teacher.", "en", "zh")
    assert not refuses("Je suis une IA serviable.", "I am a helpful AI.", "en", "fr")
    # A person's job is no AI speaking.
    assert not refuses("Er ist Ingenieur.", "Ich bin ein KI-Experte.", "de", "en")
    assert not refuses("Jak się masz?", "I'm sorry, I can't help with that.", "en", "pl")


def test_a_length_far_outside_the_pairs_range_is_caught() -> None:
    source = "Visitors can buy tickets at the kiosk near the lighthouse."
    rambling = (
        "Les visiteurs peuvent acheter des billets au kiosque près du phare. Le phare a été "
        "construit au dix-neuvième siècle et il est ouvert tous les jours sauf le lundi, "
        "et la vue depuis le sommet est magnifique par beau temps."
    )
    # (and names a day the source does not)
    assert _kinds(source, rambling) == ["length", "date"]
    assert _kinds(source, "Billets.") == ["length"]
    # A Chinese character weighs three Latin letters: a normal translation passes.
    assert length_units("港口") == 6
    assert _kinds(source, "游客可以在灯塔附近的售票亭买票。", target=ZH) == []


def test_a_missing_glossary_term_and_a_dropped_placeholder_are_caught() -> None:
    glossary = Glossary((GlossaryEntry("lighthouse", "phare"),))
    source = "Meet me at the lighthouse tomorrow morning."
    assert _kinds(source, "Retrouve-moi au phare demain matin.", glossary=glossary) == []
    failures = check_translation(
        source, "Retrouve-moi à la tour demain matin.", EN, FR, glossary=glossary
    )
    assert [f.kind for f in failures] == ["glossary"]
    assert "“lighthouse” should be “phare”" in failures[0].reason
    kinds = _kinds("See ⟦1⟧ for details.", "Voir les détails.", dropped=["[the guide](x)"])
    assert kinds == ["placeholder"]


def _reply(text: str) -> Reply:
    stats = ReplyStats(0, 0, 1, 0.0, 0.0, 0.0, "stop")
    return Reply(text, stats)


def test_a_failed_check_is_asked_once_more_strictly_then_flagged() -> None:
    job = TranslationJob(
        parse_text("She sat next to him on the bus.\n\nLet's look under the bed.", "text"),
        "en",
        "fr",
        style=PromptStyle(context=True),
    )
    answers = iter(
        [
            "Elle s'est assise à côté de lui dans le bus.",
            "She sat next to him on the bed.",  # English: fails, asked again
            "Let's look under the bed.",  # still English: no better, the first is kept
        ]
    )
    calls: list[SegmentTask] = []

    def generate(task: SegmentTask) -> Reply:
        calls.append(task)
        return _reply(next(answers))

    assert run_job(job, generate) is True
    assert [(t.index, t.attempt) for t in calls] == [(0, 0), (1, 0), (1, 1)]
    retry = calls[2].messages
    assert len(retry) == 1 and retry[0].role == "user", "the retry has no context"
    assert "was rejected: the translation is in English" in retry[0].content
    assert job.results[0].issues == ()
    assert job.results[1].target == "She sat next to him on the bed."
    assert job.results[1].issues == ("the translation is in English (also after a retry)",)
    assert job.retried == 1


def test_a_flagged_translation_is_not_reused_from_memory(tmp_path: Path) -> None:
    memory = TranslationMemory(tmp_path / "tm.db")
    text = "She sat next to him on the bus.\n\nLet's look under the bed."
    answers = iter(
        [
            "Elle s'est assise à côté de lui dans le bus.",
            "Let's look under the bed.",  # English: asked again
            "Let's look under the bed.",  # still English: kept and flagged
            "Regardons sous le lit.",  # the next run asks the model again
        ]
    )

    def generate(_task: SegmentTask) -> Reply:
        return _reply(next(answers))

    first = TranslationJob(parse_text(text, "text"), "en", "fr", memory=memory)
    assert run_job(first, generate) is True
    assert first.results[1].issues  # flagged
    again = TranslationJob(parse_text(text, "text"), "en", "fr", memory=memory)
    assert run_job(again, generate) is True
    assert again.results[0].origin == "memory"  # the good one is reused
    assert again.results[1].origin == "model"  # the flagged one is translated again
    assert again.results[1].target == "Regardons sous le lit."
    assert again.results[1].issues == ()


def test_a_retry_that_passes_leaves_no_flag_and_checks_can_be_off() -> None:
    answers = iter(["The store opens at ten.", "Quand le magasin ouvre-t-il ?"])
    job = TranslationJob(parse_text("When does the store open?", "text"), "en", "fr")
    assert run_job(job, lambda task: _reply(next(answers))) is True
    assert job.results[0].target == "Quand le magasin ouvre-t-il ?"
    assert job.results[0].issues == ()
    unchecked = TranslationJob(
        parse_text("When does the store open?", "text"), "en", "fr", checks=False
    )
    assert run_job(unchecked, lambda task: _reply("The store opens at ten.")) is True
    assert unchecked.retried == 0 and unchecked.results[0].issues == ()


def test_a_one_turn_prompt_has_the_instruction_and_the_text_together() -> None:
    messages = build_messages(
        "Send the invoice.",
        EN,
        FR,
        context=[ContextTurn("Hello.", "Bonjour.")],
        glossary=[GlossaryEntry("invoice", "facture")],
        style=PromptStyle(),
    )
    assert [m.role for m in messages] == ["user"]
    content = messages[0].content
    rules, _, text = content.rpartition("\n\n")
    assert text == "Send the invoice." and "invoice → facture" in rules
    assert rules.splitlines()[-1].startswith("Translate the following English text into French.")
    assert "Bonjour" not in content


def test_the_default_prompt_shows_two_examples_and_the_previous_segment() -> None:
    messages = build_messages(
        "Send the invoice.",
        EN,
        FR,
        context=[ContextTurn("Hello.", "Bonjour.")],
        style=DEFAULT_STYLE,
    )
    assert [m.role for m in messages] == ["user", "assistant"] * 3 + ["user"]
    assert messages[1].content == "Le magasin du coin ouvre à neuf heures du matin."
    assert messages[3].content.endswith("?"), "the second example is a question"
    assert messages[4].content.endswith("\n\nHello.") and messages[5].content == "Bonjour."
    last = messages[-1].content
    assert last == (
        "Translate the following English text into French. Reply with the translation "
        "only.\n\nSend the invoice."
    )
    # A pair without written examples goes without them.
    finnish = build_messages("Hi.", EN, language("fi"), style=DEFAULT_STYLE)
    assert [m.role for m in finnish] == ["user"]


def test_the_benchmarks_tried_prompts_add_a_system_message_or_two_more_examples() -> None:
    from dataclasses import replace

    system = build_messages(
        "Hi.", EN, FR, style=replace(DEFAULT_STYLE, system="You are a professional translator.")
    )
    assert system[0].role == "system" and system[0].content == "You are a professional translator."
    assert system[1:] == build_messages("Hi.", EN, FR, style=DEFAULT_STYLE)
    four = build_messages("Hi.", ZH, EN, style=replace(DEFAULT_STYLE, few_shot=4))
    assert [m.role for m in four] == ["user", "assistant"] * 4 + ["user"]
    assert four[5].content.startswith("To install the package")
    assert four[6].content.endswith("\n\n配置文件保存在 /etc 目录中，可以用任何文本编辑器修改。")


def test_a_starter_model_segment_left_in_english_is_retried_and_flagged(
    smollm2_model: LoadedModel,
) -> None:
    # SmolLM2-135M does not write Thai: greedy, it answers this one in English, and
    # again when asked strictly.
    text = "Please write your name and address on the form."
    job = TranslationJob(parse_text(text, "text"), "en", "th")
    calls: list[SegmentTask] = []
    generate = model_generator(smollm2_model)

    def counted(task: SegmentTask) -> Reply:
        calls.append(task)
        return generate(task)

    assert run_job(job, counted) is True
    assert [task.attempt for task in calls] == [0, 1], "asked once more after the check"
    assert "was rejected: the translation is not in Thai" in calls[1].messages[-1].content
    result = job.results[0]
    assert result.issues[0] == "the translation is not in Thai (also after a retry)"
    assert result.target.strip(), "the segment is kept, not dropped"


def test_a_language_label_before_the_translation_is_removed() -> None:
    from engine.translation.prompt import clean_output

    assert clean_output("Chinese (Simplified): 你好。", "Hello.") == "你好。"
    assert clean_output("French:\nBonjour.", "Hello.") == "Bonjour."
    assert clean_output("English: yes", "English: oui") == "English: yes"


def test_glossary_and_placeholder_rules_come_before_the_instruction_and_the_text() -> None:
    """After "Translate the following text…", a small model took rule lines placed there
    for part of the text and translated them instead of the text."""
    from engine.translation.glossary import GlossaryEntry

    text = "Hearth now translates whole documents offline. Run ⟦1⟧ to try it."
    messages = build_messages(
        text,
        language("en"),
        language("fr"),
        glossary=[GlossaryEntry("Hearth"), GlossaryEntry("documents", "documents")],
        style=DEFAULT_STYLE,
    )
    last = messages[-1].content
    instruction, _, tail = last.rpartition("\n\n")
    assert tail == text  # the text is alone after the blank line
    lines = instruction.splitlines()
    assert lines[-1].startswith("Translate the following English text into French")
    assert any("Hearth" in line for line in lines[:-1])  # the rules, before it


def test_the_benchmark_can_still_put_the_rules_after_the_instruction() -> None:
    from dataclasses import replace

    from engine.translation.glossary import GlossaryEntry

    messages = build_messages(
        "Send the invoice.",
        EN,
        FR,
        glossary=[GlossaryEntry("invoice", "facture")],
        style=replace(DEFAULT_STYLE, rules_first=False),
    )
    lines = messages[-1].content.splitlines()
    assert lines[0].startswith("Translate the following English text into French.")
    assert "invoice → facture" in lines[1] and lines[-1] == "Send the invoice."


def test_a_translated_glossary_rule_is_flagged_not_counted_as_honoured() -> None:
    """Seen on Qwen 0.5B: the rule came back, translated, with the term in it."""
    from engine.translation.glossary import Glossary, GlossaryEntry

    glossary = Glossary((GlossaryEntry("kernel", "noyau"),))
    source = "The kernel manages the memory of every process."
    echo = "Utiliser ces traductions pour ces termes : kernel → noyau."
    kinds = [f.kind for f in check_translation(source, echo, EN, FR, glossary=glossary)]
    assert "instructions" in kinds
    fine = "Le noyau gère la mémoire de chaque processus."
    assert check_translation(source, fine, EN, FR, glossary=glossary) == []
    arrows = "Press A → B to go on."  # an arrow in the source may stay
    assert "instructions" not in [
        f.kind for f in check_translation(arrows, "Appuyez sur A → B.", EN, FR, glossary=glossary)
    ]


def test_an_arrow_in_a_translation_is_fine_without_a_glossary_rule_for_it() -> None:
    from engine.translation.glossary import Glossary, GlossaryEntry

    source = "Open File -> Save as to keep a copy of the document."
    target = "Ouvrez Fichier → Enregistrer sous pour garder une copie du document."
    for glossary in (Glossary(()), Glossary((GlossaryEntry("Debian"),))):
        kinds = [f.kind for f in check_translation(source, target, EN, FR, glossary=glossary)]
        assert "instructions" not in kinds


def test_the_placeholder_rule_repeated_instead_of_a_translation_is_caught() -> None:
    source = "Download the latest release from https://example.org/r and read the notes."
    echo = "Copiez chaque placeholder (https://example.org/r) unchanged into its place."
    link = ("https://example.org/r",)
    assert "instructions" in _kinds(source, echo, verbatim=link)
    # Only where the prompt had the rule (the segment has protected items), and only
    # where the source does not speak of placeholders itself.
    assert "instructions" not in _kinds(source, echo)
    about = "Replace the placeholder in https://example.org/r with your name."
    good = "Remplacez le placeholder de https://example.org/r par votre nom."
    # (Only the English word itself is flagged there, as a word left in English.)
    assert _kinds(about, good, verbatim=link) == ["copied"]


def test_paths_and_file_names_are_found_in_linear_time() -> None:
    from engine.translation.checks import _PATH_AT, _without_paths

    for text in ("Renommez ancien.docx→nouveau.docx avant lundi.", "[a.yaml][b.yaml]",
                 "see /etc/hosts and C:\\Users\\x, then notes.txt-draft.txt"):  # fmt: skip
        assert _without_paths(text) == _PATH_AT.sub(" ", text)
    # A 100,000-letter run took 240 s with _PATH_AT.sub (the earlier pattern).
    assert _without_paths("Mot " + "a" * 100_000) == "Mot " + "a" * 100_000
    chained = "x.ab→" * 400
    assert _without_paths(chained) == _PATH_AT.sub(" ", chained) == " " * 400 + "→"


def test_the_checks_data_can_be_loaded_beforehand() -> None:
    import wordfreq

    from engine.translation import language_detect, made_up
    from engine.translation.checks import load_check_data

    wordfreq.get_frequency_dict.cache_clear()
    # As in a fresh process: scores an earlier test asked for would not read the lists.
    language_detect._frequency_scores.cache_clear()  # noqa: SLF001
    wordfreq._wf_cache.clear()  # noqa: SLF001 - wordfreq's own cache of word frequencies
    made_up._sorted_words.cache_clear()  # noqa: SLF001
    load_check_data(FR, language("de"))
    loaded = wordfreq.get_frequency_dict.cache_info().currsize
    # The large lists of both languages, the small ones of both and English's.
    assert loaded == 5
    load_check_data(None, ZH)  # no word lists for these; nothing fails
    assert wordfreq.get_frequency_dict.cache_info().currsize == loaded
    # Into English: its large list, for the made-up words' check (Japanese has none
    # that it reads).
    load_check_data(JA, EN)
    assert wordfreq.get_frequency_dict.cache_info().currsize == loaded + 1
    assert made_up._sorted_words.cache_info().currsize == 1  # noqa: SLF001
    # Into a script of its own: both languages' lists, for _copied_into_script.
    load_check_data(EN, ZH)
    before = wordfreq.get_frequency_dict.cache_info().misses
    _kinds("Make a backup of the folder.", "为这个文件夹 folder 做一个 backup 备份。",
           source_lang=EN, target=ZH)  # fmt: skip
    assert wordfreq.get_frequency_dict.cache_info().misses == before, "nothing loaded again"
    before = wordfreq.get_frequency_dict.cache_info().misses
    _kinds("Il a oublié son parapluie au bureau.", "Er hat seinen parapluie im Büro vergessen.",
           source_lang=FR, target=language("de"))  # fmt: skip
    assert wordfreq.get_frequency_dict.cache_info().misses == before, "nothing loaded again"


def _translated_as(source: str, target: str, *replies: str) -> str:
    """What a job keeps of ``source`` given ``replies`` in turn (the last one again
    where it asks more)."""
    job = TranslationJob(parse_text(source, "text"), "en", target)
    answers = list(replies)
    assert run_job(job, lambda _task: _reply(answers.pop(0) if len(answers) > 1 else answers[0]))
    return job.results[0].target


def test_other_languages_quotation_marks_become_english_ones_into_english() -> None:
    source = "Debian est une distribution « généraliste ». Il a dit „Hallo“."
    job = TranslationJob(parse_text(source, "text"), "fr", "en")
    reply = "Debian is a « general-purpose » distribution. He said „Hallo“."
    assert run_job(job, lambda _task: _reply(reply)) is True
    assert job.results[0].target == "Debian is a “general-purpose” distribution. He said “Hallo”."
    # Guillemets open as the first on the line does; French spaces inside go; linear.
    job = TranslationJob(parse_text("Er sagte »Hallo« und »Tschüss«.", "text"), "de", "en")
    assert run_job(job, lambda _task: _reply("He said »Hello« and »Bye«.")) is True
    assert job.results[0].target == "He said “Hello” and “Bye”."
    job = TranslationJob(parse_text("Il a dit « oui ».", "text"), "fr", "en")
    assert run_job(job, lambda _task: _reply("He said «" + " " * 3000 + "yes ».")) is True
    assert job.results[0].target.startswith("He said “yes”")
    # Into French they stay as the model wrote them.
    job = TranslationJob(parse_text("It is a “general” one.", "text"), "en", "fr")
    assert run_job(job, lambda _task: _reply("C'est une distribution « générale ».")) is True
    assert job.results[0].target == "C'est une distribution « générale »."
