"""A retry after a missed glossary term gets the term already in place, and a
translation that copies a phrase of the prompt's examples or previous segment is asked
again without them. No test asserts a quality score."""

from __future__ import annotations

import pytest

from engine.translation.glossary import Glossary, GlossaryEntry, with_terms
from engine.translation.job import SegmentTask, TranslationJob
from engine.translation.prompt import DEFAULT_STYLE, PLAIN_STYLE
from engine.translation.segmenter import parse_text
from tests.engine.fake_replies import run_answering


def _attempts(job: TranslationJob, answers: list[str]) -> list[SegmentTask]:
    """Run ``job`` to the end with these replies in turn; the tasks it asked."""
    replies = iter(answers)
    return run_answering(job, lambda task: next(replies))


def test_glossary_terms_are_put_in_place_once_longest_first() -> None:
    entries = [
        GlossaryEntry("server", "serveur"),
        GlossaryEntry("web server", "serveur web"),
        GlossaryEntry("serveur", "X"),  # never applied to a translation put in
        GlossaryEntry("root"),  # kept as it is
        GlossaryEntry("服务器", "server"),
    ]
    text = "The Server and the web server; servers, root. 服务器很快。"
    assert with_terms(text, entries) == (
        "The Serveur and the serveur web; servers, root. server很快。"
    )
    assert with_terms("a kernel", [GlossaryEntry("kernel", r"n\1oyau")]) == r"a n\1oyau"
    # Inflected as the source language inflects it, where that is known; as written else.
    kernel = [GlossaryEntry("kernel", "noyau"), GlossaryEntry("Windows")]
    inflected = "The Debian kernels and the kernel's modules; Windows, windowsills."
    assert with_terms(inflected, kernel, "en") == (
        "The Debian noyau and the noyau modules; Windows, windowsills."
    )
    assert with_terms(inflected, kernel) == (
        "The Debian kernels and the noyau's modules; Windows, windowsills."
    )
    # Nothing inside a term kept as it is.
    kept = [GlossaryEntry("kernel", "noyau"), GlossaryEntry("Debian kernel")]
    assert with_terms("The Debian kernel, the kernel.", kept) == "The Debian kernel, the noyau."


def test_a_retry_after_a_missed_inflected_term_has_the_term_in_place() -> None:
    glossary = Glossary((GlossaryEntry("kernel", "noyau"),))
    job = TranslationJob(
        parse_text("The Debian kernels include the features required for QoS.", "text"),
        "en",
        "fr",
        glossary=glossary,
    )
    calls = _attempts(
        job,
        [
            "Les kernels Debian incluent les fonctions requises pour QoS.",
            "Les noyaux Debian incluent les fonctions requises pour QoS.",
        ],
    )
    assert (
        calls[1]
        .messages[-1]
        .content.endswith("\n\nThe Debian noyau include the features required for QoS.")
    )
    assert job.results[0].issues == ()


def test_a_retry_after_a_missed_term_has_the_term_in_the_text() -> None:
    glossary = Glossary((GlossaryEntry("lighthouse", "phare"),))
    job = TranslationJob(
        parse_text("Meet me at the lighthouse tomorrow morning.", "text"),
        "en",
        "fr",
        glossary=glossary,
    )
    calls = _attempts(
        job, ["Retrouve-moi à la tour demain matin.", "Retrouve-moi au phare demain matin."]
    )
    first, retry = calls[0].messages[-1].content, calls[1].messages[-1].content
    assert first.endswith("\n\nMeet me at the lighthouse tomorrow morning.")
    assert retry.endswith("\n\nMeet me at the phare tomorrow morning.")
    assert "already has these terms in French" in retry
    assert job.results[0].issues == ()


def test_a_phrase_copied_from_an_earlier_exchange_is_caught() -> None:
    from engine.translation.checks import check_translation, copies_context
    from engine.translation.languages import language

    station = [("Où est la gare la plus proche ?", "Where is the nearest train station?")]
    source = "Chacune correspond à un stade différent du développement."
    assert copies_context(source, "Each has a different train station.", station) == (
        "train station"
    )
    right = "Each one corresponds to a different stage of development."
    assert copies_context(source, right, station) is None
    # An example whose text shares words with the source may share its phrases.
    previous = [("Le serveur Debian démarre vite.", "The Debian server starts quickly.")]
    assert (
        copies_context("Le serveur Debian s'arrête.", "The Debian server stops.", previous) is None
    )
    # A phrase the source itself has (a name) is no leak.
    named = [("Il habite là-bas.", "He lives in Berlin Mitte now.")]
    assert copies_context("Berlin Mitte est loin.", "Berlin Mitte is far away.", named) is None
    # Into Chinese: a run of four Han characters.
    chinese = [("Where is the nearest train station?", "最近的火车站在哪里？")]
    leaked = copies_context("The stage differs.", "阶段在最近的火车站不同。", chinese)
    assert leaked is not None and leaked in "最近的火车站"
    assert copies_context("The stage differs.", "阶段在火车站不同。", chinese) is None
    failures = check_translation(
        source, "Each has a different train station.", language("fr"), language("en"),
        examples=station,
    )  # fmt: skip
    assert [f.kind for f in failures] == ["context"]
    assert failures[0].reason == (
        "the translation repeats “train station” from the example sentences given to the model"
    )


def test_a_translation_copying_an_example_is_asked_again_without_them() -> None:
    job = TranslationJob(
        parse_text("Chacune correspond à un stade différent du développement.", "text"),
        "fr",
        "en",
        style=DEFAULT_STYLE,
    )
    calls = _attempts(
        job, ["Each has a different train station.", "Each one corresponds to a different stage."]
    )
    assert len(calls[0].messages) == 5, "two examples, then the text"
    assert [t.attempt for t in calls] == [0, 1] and len(calls[1].messages) == 1
    assert "repeats “train station”" in calls[1].messages[0].content
    assert job.results[0].target == "Each one corresponds to a different stage."
    assert job.results[0].issues == ()


def test_a_plain_style_retry_shows_the_examples_and_checks_they_are_not_copied() -> None:
    # The starter's family asks with the plain instruction alone; its retry shows the
    # two example exchanges (it passed every check far more often so than when told
    # what was wrong), and a reply copying an example fails there too.
    job = TranslationJob(
        parse_text("Il a oublié son parapluie au bureau.", "text"), "fr", "en", style=PLAIN_STYLE
    )
    calls = _attempts(
        job, ["Il a oublié son parapluie au bureau.", "Where is the nearest train station?"]
    )
    assert len(calls[0].messages) == 1 and calls[0].examples == ()
    retry = calls[1]
    assert retry.attempt == 1 and len(retry.messages) == 5
    assert [m.content for m in retry.messages[1:4:2]] == [
        "The shop on the corner opens at nine in the morning.",
        "Where is the nearest train station?",
    ]
    assert retry.messages[-1].content == (
        "Translate the following French text into English. Reply with the translation "
        "only.\n\nIl a oublié son parapluie au bureau."
    )
    assert len(retry.examples) == 2
    # Neither attempt passed: the first is kept, flagged with its own reason.
    assert job.results[0].target == "Il a oublié son parapluie au bureau."
    assert job.results[0].issues == (
        "the text came back untranslated, in French (also after a retry)",
    )
    assert job.retries_fixed == 0


def test_a_reply_that_is_an_example_sentence_fails_whatever_words_it_shares() -> None:
    from engine.translation.checks import repeats_example
    from engine.translation.languages import language
    from engine.translation.prompt import example_pairs

    copies = [
        ("en", "fr", "My sister watches television every evening after dinner.",
         "Le magasin du coin ouvre à neuf heures du matin."),
        ("en", "de", "Where is the nearest pharmacy?", "Wo ist der nächste Bahnhof?"),
        ("zh", "en", "我最近很忙，没时间。", "Where is the nearest train station?"),
        ("en", "es", "Can you help me carry these boxes upstairs?",
         "¿Dónde está la estación de tren más cercana?"),
    ]  # fmt: skip
    for source_code, target_code, source, reply in copies:
        examples = example_pairs(language(source_code), language(target_code), DEFAULT_STYLE)
        assert repeats_example(source, reply, examples), reply
    # A source close to an example's may be translated close to it.
    german = example_pairs(language("en"), language("de"), DEFAULT_STYLE)
    right = [
        ("Where is the nearest train station?", "Wo ist der nächste Bahnhof?"),
        ("Where is the nearest bus station?", "Wo ist der nächste Busbahnhof?"),
        ("Where is the nearest pharmacy?", "Wo ist die nächste Apotheke?"),
    ]
    for source, reply in right:
        assert not repeats_example(source, reply, german), reply
    # In a job: the starter's retry copied the French example; the first attempt stays,
    # flagged, and nothing is counted as fixed.
    source = "My sister watches television every evening after dinner."
    job = TranslationJob(parse_text(source, "text"), "en", "fr", style=PLAIN_STYLE)
    _attempts(job, [source, "Le magasin du coin ouvre à neuf heures du matin."])
    assert job.results[0].target == source
    assert job.results[0].issues[0].endswith("(also after a retry)")
    assert job.retries_fixed == 0


def test_a_plain_style_retry_without_examples_for_the_pair_names_the_failure() -> None:
    job = TranslationJob(
        parse_text("Il a oublié son parapluie au bureau.", "text"), "fr", "ja", style=PLAIN_STYLE
    )
    calls = _attempts(job, ["Il a oublié son parapluie au bureau.", "彼は傘を会社に忘れた。"])
    assert len(calls[1].messages) == 1 and calls[1].examples == ()
    assert calls[1].messages[0].content.startswith("A previous attempt to translate this text")
    assert job.results[0].target == "彼は傘を会社に忘れた。"


def test_an_inflected_or_compound_glossary_term_counts_as_used() -> None:
    glossary = Glossary(
        (
            GlossaryEntry("software", "logiciel"),
            GlossaryEntry("security", "Sicherheit"),
            GlossaryEntry("network", "red"),
            GlossaryEntry("array", "table"),
            GlossaryEntry("Excel"),  # kept as it is: only as written
        )
    )
    assert glossary.check("Free software.", "Des logiciels libres.", "fr") == []
    assert glossary.check("The security context.", "Der Sicherheitskontext.", "de") == []
    assert glossary.check("The network.", "Las redes.", "es") == []
    # A plural whose stem the stemmer gives apart from the singular's ("noyal").
    kernel = Glossary((GlossaryEntry("kernel", "noyau"),), "en")
    assert kernel.check("The kernels.", "Les noyaux.", "fr") == []
    assert kernel.check("The kernels.", "Les noyers.", "fr") != []
    # The plural as written, not its stem: a made-up "commissions" stems to "comm".
    for term, target, translation, language in [
        ("commission", "commission", "Comme toujours, le comité décide.", "fr"),
        ("new", "new", "The news.", "en"),
        ("case", "cas", "Ne casse rien.", "fr"),
        ("connection", "connexion", "La partie connexe.", "fr"),
        ("line", "línea", "El lino es azul.", "es"),
    ]:
        entry = Glossary((GlossaryEntry(term, target),), "en")
        assert entry.check(f"The {term}.", translation, language) != [], translation
    # Not another word that merely starts like the term.
    assert glossary.check("The network.", "Reducir.", "es") == ["“network” should be “red”"]
    assert glossary.check("Sort the array.", "Triez le tableau.", "fr") == [
        "“array” should be “table”"
    ]
    assert glossary.check("Open Excel.", "C'est excellent.", "en") == [
        "“Excel” should stay untranslated"
    ]
    # A compound counts only where compounds are one word, and without a language
    # the term counts only as written.
    assert glossary.check("The security context.", "Le Sicherheitskontext.", "fr") != []
    assert glossary.check("Free software.", "Des logiciels libres.") != []


def test_a_term_applies_inflected_in_the_source_where_its_language_is_known() -> None:
    entries = (
        GlossaryEntry("lighthouse", "phare"),
        GlossaryEntry("table", "tableau"),
        GlossaryEntry("iPhone"),  # kept as it is: only as written
    )
    text = "Two lighthouses and three iPhones; a tablet."
    assert Glossary(entries).applicable(text) == []  # no language: as written only
    english = Glossary(entries).for_source("en")
    assert english.applicable(text) == [entries[0]]  # not "tablet", not "iPhones"
    assert english.check(text, "Deux phares et trois iPhones ; une tablette.", "fr") == []
    assert english.check(text, "Deux tours et trois iPhones.", "fr") == [
        "“lighthouse” should be “phare”"
    ]
    # Only inflectional endings: not another word with the same stem, not a name (a
    # term given itself as translation), not a term with symbols.
    for language, term, target, other in (
        ("en", "mean", "moyenne", "What is the meaning of this?"),
        ("en", "author", "auteur", "Ask the authorities."),
        ("es", "puerto", "port", "Cierra la puerta."),
        ("fr", "marché", "market", "Il marche vite."),
        ("de", "Rat", "council", "Die erste Rate ist fällig."),
        ("en", "Windows", "Windows", "Open the window."),
        ("fr", "C#", "C#", "C'est bon."),
    ):
        assert Glossary((GlossaryEntry(term, target),), language).applicable(other) == []
    assert Glossary((GlossaryEntry("Datei", "file"),), "de").applicable("Die Dateien.")
    for term, text in (("city", "Two cities."), ("box", "Three boxes."), ("hero", "heroes")):
        assert Glossary((GlossaryEntry(term, "x"),), "en").applicable(text), text
    # Not a short term with a plain "s" or "es": another word ("news", "rates", "AIDS").
    for term, text in (("new", "the news"), ("rat", "the rates"), ("aid", "AIDS")):
        assert not Glossary((GlossaryEntry(term, "x"),), "en").applicable(text), text
    # A job reads its glossary in its source language: the segment's prompt carries
    # the rule, and a translation without the term is flagged.
    job = TranslationJob(
        parse_text("The lighthouses are old.", "text", 2000),
        "en",
        "fr",
        glossary=Glossary(entries),
        use_memory=False,
        checks=False,
    )
    task = job.next_task()
    assert task is not None
    assert "phare" in "\n".join(m.content for m in task.messages)
    job.complete(task, "Les tours sont vieilles.")
    assert job.results[0].issues == ("“lighthouse” should be “phare”",)
    # A glossary set later (the CLI's stored one, the view's) is read the same way.
    job.glossary = Glossary(entries)
    assert job.glossary.applicable("Two lighthouses.") == [entries[0]]


def test_no_phrase_is_taken_for_a_copy_where_texts_are_alike_or_phrases_common() -> None:
    from engine.translation.checks import copies_context

    examples_fr = [("Where is the nearest train station?", "Où est la gare la plus proche ?")]
    assert (
        copies_context("Pick the closest match.", "Choisissez la plus proche.", examples_fr) is None
    )
    previous = [("Vous pouvez ouvrir le menu.", "You can open the menu.")]
    assert copies_context("Vous pouvez cliquer.", "You can click.", previous) is None
    # Japanese endings and Korean ones recur in any text.
    ja = [("Open the menu.", "メニューを表示します。")]
    assert copies_context("Save your changes.", "変更を保存します。", ja) is None
    ko = [("Enter your name.", "이름을 입력하십시오")]
    assert copies_context("Enter the password.", "비밀번호를 입력하십시오", ko) is None
    # A compound in the source shares its word with the example's.
    de = [("Wo ist der nächste Bahnhof?", "Where is the nearest train station?")]
    assert (
        copies_context(
            "Der Zug fährt vom Hauptbahnhof ab.",
            "The train leaves from the main train station.",
            de,
        )
        is None
    )


def test_which_attempt_is_kept_after_a_retry() -> None:
    server = Glossary((GlossaryEntry("server", "serveur"),))
    text = "Restart the server before you leave the office tonight."
    # An empty first reply never wins: the retry is kept, with its one flag.
    job = TranslationJob(parse_text(text, "text"), "en", "fr", glossary=server)
    _attempts(job, ["", "Redémarrez la machine avant de quitter le bureau ce soir."])
    assert job.results[0].target.startswith("Redémarrez la machine")
    assert job.results[0].issues == ("“server” should be “serveur” (also after a retry)",)
    # One failure each: the source handed back is graver than an answer to a question.
    question = "Can you restart the machine before you leave the office tonight?"
    job = TranslationJob(parse_text(question, "text"), "en", "fr")
    answer = "Je redémarre la machine avant de quitter le bureau ce soir."
    _attempts(job, [question, answer])
    assert job.results[0].target == answer
    assert job.results[0].issues == (
        "a question came back without a question mark, perhaps answered instead of "
        "translated (also after a retry)",
    )
    # As grave: the first attempt (its prompt measured better) is kept.
    job = TranslationJob(parse_text(question, "text"), "en", "fr")
    other = "Je redémarre le serveur avant de partir du bureau ce soir."
    _attempts(job, [answer, other])
    assert job.results[0].target == answer
    # An empty retry keeps the first translation, flagged.
    job = TranslationJob(parse_text(text, "text"), "en", "fr", glossary=server)
    _attempts(job, ["Redémarrez la machine avant de quitter le bureau ce soir.", ""])
    assert job.results[0].target.startswith("Redémarrez la machine")
    assert job.results[0].issues
    assert (job.retried, job.retries_fixed) == (1, 0)
    # A retry that passes every check is counted as fixed; nothing retried, nothing fixed.
    job = TranslationJob(parse_text(question, "text"), "en", "fr")
    _attempts(
        job, [answer, "Pouvez-vous redémarrer la machine avant de quitter le bureau ce soir ?"]
    )
    assert not job.results[0].issues and (job.retried, job.retries_fixed) == (1, 1)
    # Both replies empty: the source is kept, and that is no fix.
    job = TranslationJob(parse_text(text, "text"), "en", "fr")
    _attempts(job, ["", ""])
    assert job.results[0].target == text and (job.retried, job.retries_fixed) == (1, 0)


def test_terms_are_put_in_place_only_after_a_missed_term() -> None:
    server = Glossary((GlossaryEntry("server", "serveur"),))
    question = "Can you restart the server before you leave the office tonight?"
    job = TranslationJob(parse_text(question, "text"), "en", "fr", glossary=server)
    # An answer that has the term: the retry gets the text as it is.
    calls = _attempts(job, ["Je redémarre le serveur ce soir.", "Pouvez-vous redémarrer ?"])
    assert calls[1].messages[-1].content.endswith("\n\n" + question)
    text = "Restart the Server with `systemctl restart server` before you leave tonight."
    job = TranslationJob(parse_text(text, "text"), "en", "fr", glossary=server)
    calls = _attempts(job, ["Redémarrez la machine avant de partir ce soir.", "Bien."])
    # The code is a placeholder: the term is put in place in the text, not in the code.
    assert (
        calls[1]
        .messages[-1]
        .content.endswith("\n\nRestart the Serveur with ⟦1⟧ before you leave tonight.")
    )


def test_a_sentence_handed_back_as_given_is_untranslated_a_term_alone_is_not() -> None:
    from engine.translation.checks import check_translation
    from engine.translation.languages import language

    en, fr = language("en"), language("fr")
    server = Glossary((GlossaryEntry("server", "serveur"), GlossaryEntry("Settings", "Paramètres")))
    source = "Restart the server with `systemctl restart server` before you leave tonight."
    given = "Restart the serveur with `systemctl restart server` before you leave tonight."
    french = lambda _text: "fr"  # noqa: E731 - the detector says French: only ``given`` decides
    kinds = check_translation(
        source, given, en, fr, glossary=server, given=given, identify=french,
        confidence=lambda _t, _c: 1.0,
    )  # fmt: skip
    assert [f.kind for f in kinds] == ["untranslated"]
    # The glossary translating the whole segment is the right answer, not a copy.
    assert (
        check_translation(
            "Settings",
            "Paramètres",
            en,
            fr,
            glossary=server,
            given="Paramètres",
            identify=french,
            confidence=lambda _t, _c: 1.0,
        )
        == []
    )


def test_consecutive_segments_may_share_stock_phrases() -> None:
    text = "Please enter your password.\n\nType a name for the folder."
    job = TranslationJob(parse_text(text, "text"), "en", "fr", style=DEFAULT_STYLE)
    calls = _attempts(
        job, ["Veuillez saisir votre mot de passe.", "Veuillez saisir un nom pour le dossier."]
    )
    assert len(calls) == 2, "the previous segment's phrase is no copy"
    assert job.results[1].issues == ()


def test_a_retry_that_answers_at_length_does_not_replace_an_untranslated_first() -> None:
    # Qwen2.5-0.5B handed an English question back, then translated the retry's own
    # instructions into German: a question without its question mark, 3.3 times as
    # long, is no translation of it; the first attempt stays, flagged as untranslated.
    source = "Why didn't you call me yesterday?"
    job = TranslationJob(parse_text(source, "text"), "en", "de")
    answer = (
        "Die Antwort muss in Deutsch sein. Wenn die Texte eine Frage sind, translate die "
        "Frage; nicht anfangen Sie."
    )
    _attempts(job, [source, answer])
    assert job.results[0].target == source
    assert job.results[0].issues == (
        "the text came back untranslated, in English (also after a retry)",
    )
    # A retry that is merely missing its question mark still replaces the copy.
    job = TranslationJob(parse_text(source, "text"), "en", "de")
    _attempts(job, [source, "Warum hast du mich gestern nicht angerufen."])
    assert job.results[0].target == "Warum hast du mich gestern nicht angerufen."
    # A loop runs over the question mark and the length: that retry is a loop, still
    # better than the source handed back.
    job = TranslationJob(parse_text(source, "text"), "en", "de")
    loop = "Warum hast du mich gestern nicht " + "angerufen und " * 12
    _attempts(job, [source, loop])
    assert job.results[0].target == loop.strip()
    assert job.results[0].issues[0].startswith("the translation repeats")


def test_a_text_with_terms_sees_an_example_follow_a_term_rule_in_every_request() -> None:
    """The first example exchange shows a term rule and a reply that follows it over the
    model's own word, in every request from the first segment with a term to translate
    (the same examples for all, so that each request begins as the KV cache holds the
    one before); the copy check knows the example as shown."""
    glossary = Glossary((GlossaryEntry("lighthouse", "phare"), GlossaryEntry("Hearth")), "en")
    text = "The lighthouse is old.\n\nThe garden is green.\n\nHearth is open."
    job = TranslationJob(parse_text(text, "text"), "en", "fr", glossary=glossary)
    tasks = _attempts(job, ["Le phare est vieux.", "Le jardin est vert.", "Hearth est ouvert."])
    shown = "La boutique du coin ouvre à neuf heures du matin."
    for task in tasks:
        assert task.messages[0].content.startswith(
            "Use these translations for these terms: shop → boutique.\n"
        )
        assert task.messages[1].content == shown
        assert task.examples[0][1] == shown
        assert task.messages[:4] == tasks[0].messages[:4], "every request begins the same"
    assert tasks[0].messages[3].content == "Où est la gare la plus proche ?"
    # Into Chinese: the term and its other word in each language.
    to_zh = Glossary((GlossaryEntry("lighthouse", "灯塔"),), "en")
    zh = TranslationJob(parse_text("The lighthouse is old.", "text"), "en", "zh", glossary=to_zh)
    (task,) = _attempts(zh, ["灯塔很旧。"])
    assert task.messages[0].content.startswith(
        "Use these translations for these terms: shop → 小店."
    )
    assert task.messages[1].content == "街角的小店早上九点开门。"


PLAIN_EXAMPLE = "Le magasin du coin ouvre à neuf heures du matin."


@pytest.mark.parametrize(
    ("entries", "first"),
    [
        ((GlossaryEntry("Hearth"),), "Le phare est vieux."),  # nothing to translate
        ((GlossaryEntry("server", "serveur"),), "Le phare est vieux."),  # not in the text
        # The user's word for the example's: the example would teach the wrong one.
        (
            (GlossaryEntry("lighthouse", "phare"), GlossaryEntry("shop", "magasin")),
            "Le phare est vieux.",
        ),
        ((GlossaryEntry("lighthouse", "boutique"),), "La boutique est vieille."),
    ],
)
def test_the_examples_stay_as_they_are_without_a_term_or_beside_the_users_word(
    entries: tuple[GlossaryEntry, ...], first: str
) -> None:
    glossary = Glossary(entries, "en")
    text = "The lighthouse is old.\n\nHearth is open, the shop too."
    job = TranslationJob(parse_text(text, "text"), "en", "fr", glossary=glossary)
    tasks = _attempts(job, [first, "Hearth est ouvert, le magasin aussi."])
    for task in tasks:
        assert "shop → boutique" not in task.messages[0].content
        assert task.messages[1].content == PLAIN_EXAMPLE
        assert task.examples[0][1] == PLAIN_EXAMPLE


def test_without_the_glossary_example_the_examples_stay_as_they_are() -> None:
    from dataclasses import replace

    glossary = Glossary((GlossaryEntry("lighthouse", "phare"),), "en")
    style = replace(DEFAULT_STYLE, glossary_example=False)
    job = TranslationJob(
        parse_text("The lighthouse is old.", "text"), "en", "fr", glossary=glossary, style=style
    )
    (task,) = _attempts(job, ["Le phare est vieux."])
    assert "Use these translations" not in task.messages[0].content
    assert task.messages[1].content == PLAIN_EXAMPLE


def test_the_example_comes_with_the_first_segment_with_a_term_and_stays() -> None:
    """From the first segment with a term to translate on (so that the requests after
    it begin as it did); a term added during a job counts from the next segment."""
    glossary = Glossary((GlossaryEntry("lighthouse", "phare"),), "en")
    text = "The garden is green.\n\nThe lighthouse is old.\n\nThe sea is calm."
    job = TranslationJob(parse_text(text, "text"), "en", "fr", glossary=glossary)
    tasks = _attempts(job, ["Le jardin est vert.", "Le phare est vieux.", "La mer est calme."])
    assert [t.messages[1].content == PLAIN_EXAMPLE for t in tasks] == [True, False, False]
    later = TranslationJob(parse_text("The lighthouse is old.", "text"), "en", "fr")
    assert not later.glossary_example
    later.set_glossary(glossary)
    (task,) = _attempts(later, ["Le phare est vieux."])
    assert task.messages[1].content != PLAIN_EXAMPLE and later.glossary_example


def test_chinese_traditional_gets_examples_written_in_traditional() -> None:
    """Into Traditional Chinese the Simplified examples would show what its checks
    reject; from Simplified they would show the same sentence on both sides."""
    glossary = Glossary((GlossaryEntry("lighthouse", "燈塔"),), "en")
    job = TranslationJob(
        parse_text("The lighthouse is old.", "text"), "en", "zh-TW", glossary=glossary
    )
    (task,) = _attempts(job, ["燈塔很舊。"])
    assert task.examples == (
        ("The shop on the corner opens at nine in the morning.", "街角的小店早上九點開門。"),
        ("Where is the nearest train station?", "最近的火車站在哪裡？"),
    )
    simplified = TranslationJob(parse_text("灯塔很旧。", "text"), "zh", "zh-TW")
    (task,) = _attempts(simplified, ["燈塔很舊。"])
    assert task.examples == (
        ("街角的商店早上九点开门。", "街角的商店早上九點開門。"),
        ("最近的火车站在哪里？", "最近的火車站在哪裡？"),
    )
