"""A day or a month that a translation names and its source does not is put right
where the swap is clear, else asked again once, then flagged; the days and months a
source stands for in other words pass."""

from __future__ import annotations

import pytest

from engine.translation.checks import check_translation
from engine.translation.dates import (
    added_dates,
    day_words_kept,
    dropped_dates,
    relative_days_changed,
    swapped_dates_fixed,
)
from engine.translation.glossary import Glossary, GlossaryEntry
from engine.translation.job import TranslationJob
from engine.translation.languages import language
from engine.translation.segmenter import parse_text
from tests.engine.fake_replies import run_answering


@pytest.mark.parametrize(
    ("source", "translation", "pair", "added"),
    [
        (
            "We won on Sunday afternoon.",
            "Nous avons gagné le samedi après-midi.",
            "en-fr",
            "samedi",
        ),
        (
            "Closed on Wednesday afternoons.",
            "Am Donnerstag nachmittags geschlossen.",
            "en-de",
            "Donnerstag",
        ),
        ("Il baissera à partir de mardi.", "It will drop from Monday.", "fr-en", "Monday"),
        (
            "She started the violin last autumn.",
            "Elle a commencé le violon en octobre.",
            "en-fr",
            "octobre",
        ),
        ("It will be repaired next week.", "Será reparado este martes.", "en-es", "martes"),
        ("周五下午三点开会。", "The meeting is on Monday at 3 pm.", "zh-en", "Monday"),
        ("It arrives on 8 June.", "包裹将于5月8日送达。", "en-zh", "5月"),
    ],
)
def test_a_day_or_month_the_source_does_not_name_is_found(
    source: str, translation: str, pair: str, added: str
) -> None:
    src, tgt = pair.split("-")
    assert [name.written for name, _ in added_dates(source, translation, src, tgt)] == [added]


@pytest.mark.parametrize(
    ("source", "translation", "pair"),
    [
        ("Open every day except Mondays.", "Abierto todos los días excepto los lunes.", "en-es"),
        ("Auf Donnerstagnachmittag verschoben.", "Moved to Thursday afternoon.", "de-en"),
        ("周五下午三点开会。", "The meeting is on Friday at 3 pm.", "zh-en"),
        ("We meet every Friday.", "我们每周五见面。", "en-zh"),
        ("We meet once a week.", "我们一周见面一次。", "en-zh"),
        ("It arrives on 8 June.", "包裹将于6月8日送达。", "en-zh"),
        ("Meet me on 12/03.", "Rendez-vous le 12 mars.", "en-fr"),
        ("See you at the weekend!", "À samedi !", "en-fr"),
        (
            "We open the presents at Christmas.",
            "Wir öffnen die Geschenke am 24. Dezember.",
            "en-de",
        ),
        # A name the translation keeps as the source writes it; the verb "may".
        ("Mars is a planet.", "Mars est une planète.", "en-fr"),
        ("Domingo called.", "Domingo a appelé.", "es-fr"),
        ("Vous pouvez partir.", "You may go.", "fr-en"),
        # "May" the verb and "March" the order into English; abbreviations, compounds,
        # holidays, Spanish without accents, a week in Chinese.
        ("Puis-je entrer ?", "May I come in?", "fr-en"),
        ("Ça peut prendre du temps.", "This may take a while.", "fr-en"),
        ("Ils veulent défiler.", "They want to march.", "fr-en"),
        ("Marchez !", "March!", "fr-en"),
        ("The store is open Mon–Fri.", "Le magasin est ouvert du lundi au vendredi.", "en-fr"),
        ("Due Sept. 30", "Fällig am 30. September", "en-de"),
        ("Ouvert lun.-ven.", "Open Monday to Friday.", "fr-en"),
        ("Am Karfreitag geschlossen.", "Closed on Good Friday.", "de-en"),
        ("Nos vemos el miercoles.", "See you on Wednesday.", "es-en"),
        ("We met on New Year's Eve.", "Nous nous sommes vus le 31 décembre.", "en-fr"),
        ("Happy Halloween!", "Joyeux 31 octobre !", "en-fr"),
        ("It rained all last week.", "上周一直下雨。", "en-zh"),
        ("Three people quit this week.", "本周三人辞职。", "en-zh"),
        # A day (or month) the source names from another.
        ("Leave the day after Friday.", "Partez le samedi.", "en-fr"),
        ("Il part la veille du lundi.", "He leaves on Sunday.", "fr-en"),
        ("Wir kommen Freitag, am Tag danach fahren wir.", "We leave on Saturday.", "de-en"),
        ("Llegamos el viernes y salimos al día siguiente.", "We leave on Saturday.", "es-en"),
        ("我们星期五到，第二天离开。", "We arrive on Friday and leave on Saturday.", "zh-en"),
        ("Paid in March, refunded the following month.", "Remboursé en avril.", "en-fr"),
        ("El día anterior al lunes.", "The day before Monday, Sunday.", "es-en"),
        ("Am Tag vor dem Montag.", "On Sunday.", "de-en"),
        ("Le lendemain du dimanche.", "On Monday.", "fr-en"),
        ("La víspera del sábado.", "On Friday.", "es-en"),
        ("星期五的前一天我们开会。", "We meet on Thursday.", "zh-en"),
        # Languages whose names are not read.
        ("Chiuso il lunedì.", "Closed on Tuesday.", "it-en"),
    ],
)
def test_a_day_or_month_the_source_stands_for_passes(
    source: str, translation: str, pair: str
) -> None:
    src, tgt = pair.split("-")
    assert added_dates(source, translation, src, tgt) == []


@pytest.mark.parametrize(
    ("source", "translation", "pair", "fixed"),
    [
        (
            "We won on Sunday afternoon.",
            "Nous avons gagné le samedi après-midi.",
            "en-fr",
            "Nous avons gagné le dimanche après-midi.",
        ),
        ("Closed on Sundays.", "Fermé les samedis.", "en-fr", "Fermé les dimanches."),
        ("Geschlossen montags.", "Closed on Tuesdays.", "de-en", "Closed on Mondays."),
        ("From Friday to Sunday.", "Del sábado al domingo.", "en-es", "Del viernes al domingo."),
        ("Ferme le mercredi.", "Closes on Monday.", "fr-en", "Closes on Wednesday."),
        ("The meeting is on Friday.", "会议在星期一举行。", "en-zh", "会议在星期五举行。"),
        ("It arrives on 8 June.", "包裹将于5月8日送达。", "en-zh", "包裹将于6月8日送达。"),
        # Not clear: the source names no day instead, two days were added, or the
        # wrong one is written twice.
        (
            "She started last autumn.",
            "Elle a commencé en octobre.",
            "en-fr",
            "Elle a commencé en octobre.",
        ),
        (
            "I'll answer by Friday.",
            "Je réponds samedi ou dimanche.",
            "en-fr",
            "Je réponds samedi ou dimanche.",
        ),
        ("I'll answer by Friday.", "Lundi, je réponds lundi.", "en-fr", "Lundi, je réponds lundi."),
        # Nor where the source may name another (an abbreviation, a holiday, "May" the
        # verb, a name kept), the two words begin otherwise, or the day is a week.
        (
            "May I remind you that the deadline is Jan. 31?",
            "Puis-je vous rappeler que la date limite est le 31 janvier ?",
            "en-fr",
            "Puis-je vous rappeler que la date limite est le 31 janvier ?",
        ),
        (
            "Black Friday deals end Mon.",
            "Les offres du Black Friday se terminent lundi.",
            "en-fr",
            "Les offres du Black Friday se terminent lundi.",
        ),
        (
            "May I visit you on Bastille Day?",
            "Puis-je vous rendre visite le 14 juillet ?",
            "en-fr",
            "Puis-je vous rendre visite le 14 juillet ?",
        ),
        ("It opens in June.", "Il ouvre au mois d'août.", "en-fr", "Il ouvre au mois d'août."),
        (
            "It rained all week, even on Friday.",
            "整周一直下雨，周五也是。",
            "en-zh",
            "整周一直下雨，周五也是。",
        ),
        ("We won on Sunday.", "NOUS AVONS GAGNÉ SAMEDI.", "en-fr", "NOUS AVONS GAGNÉ DIMANCHE."),
        # Nor where the source names a day from another: "the day after Friday" is
        # Saturday; but a phrase that names none from another leaves the swap clear.
        ("Leave the day after Friday.", "Partez le samedi.", "en-fr", "Partez le samedi."),
        (
            "On Sunday afternoon after lunch we play.",
            "Le samedi après-midi après le déjeuner nous jouons.",
            "en-fr",
            "Le dimanche après-midi après le déjeuner nous jouons.",
        ),
        (
            "The day before, he said he would come on Friday.",
            "La veille, il a dit qu'il viendrait samedi.",
            "en-fr",
            "La veille, il a dit qu'il viendrait vendredi.",
        ),
        (
            "Mettez l'ordinateur en veille le vendredi.",
            "Put the computer on standby on Saturday.",
            "fr-en",
            "Put the computer on standby on Friday.",
        ),
        (
            "The day after tomorrow is Friday.",
            "Après-demain, c'est samedi.",
            "en-fr",
            "Après-demain, c'est vendredi.",
        ),
        (
            "Paid in March. See you next month!",
            "Payé en juin. À bientôt !",
            "en-fr",
            "Payé en mars. À bientôt !",
        ),
    ],
)
def test_a_clear_swap_is_put_right(source: str, translation: str, pair: str, fixed: str) -> None:
    src, tgt = pair.split("-")
    assert swapped_dates_fixed(source, translation, src, tgt)[0] == fixed


def test_the_check_names_the_day_the_source_has() -> None:
    en, fr = language("en"), language("fr")
    failures = check_translation("I'll answer by Friday.", "Je réponds lundi ou mardi.", en, fr)
    assert [(f.kind, f.reason) for f in failures] == [
        ("date", "the translation names “lundi” where the text has “vendredi”"),
        ("date", "the translation names “mardi” where the text has “vendredi”"),
    ]
    failures = check_translation("She started last autumn.", "Elle a commencé en octobre.", en, fr)
    assert [f.reason for f in failures] == [
        "the translation names “octobre”, which the text does not"
    ]


def test_a_swapped_day_is_put_right_and_another_is_asked_again_then_flagged() -> None:
    text = "We won on Sunday afternoon.\n\nShe started last autumn.\n"
    job = TranslationJob(parse_text(text, "text"), "en", "fr", use_memory=False)
    answers = {
        "We won on Sunday afternoon.": ["Nous avons gagné le samedi après-midi."],
        "She started last autumn.": ["Elle a commencé en octobre.", "Elle a commencé en novembre."],
    }

    def answer(task: object) -> str:
        return answers[job.segments[task.index].strip()].pop(0)  # type: ignore[attr-defined]

    tasks = run_answering(job, answer)
    assert [(t.index, t.attempt) for t in tasks] == [(0, 0), (1, 0), (1, 1)]
    assert job.results[0].target.strip() == "Nous avons gagné le dimanche après-midi."
    assert job.results[0].issues == ("“samedi” was changed to “dimanche”, the day the text names",)
    assert (
        "the translation names “octobre”, which the text does not" in tasks[2].messages[-1].content
    )
    assert job.results[1].issues == (
        "the translation names “octobre”, which the text does not (also after a retry)",
    )


def test_hostile_text_is_read_in_time_without_error() -> None:
    # A 5,000-digit number (past Python's limit for int()), a day named 100,000 times.
    assert added_dates("1" * 5000, "lundi", "en", "fr")[0][0].written == "lundi"
    fixed, swap = swapped_dates_fixed("Friday " * 100_000, "lundi " * 100_000, "en", "fr")
    assert fixed.startswith("lundi") and swap is None
    assert relative_days_changed(
        "yesterday " * 100_000, "la mañana " * 100_000 + "hoy", "en", "es"
    ).swapped == [("hoy", ["ayer"])]
    assert relative_days_changed("yesterday " * 10_000, "x " * 50_000, "en", "fr").dropped == [
        "yesterday"
    ]
    assert relative_days_changed("明天" * 50_000, "好" * 100_000, "zh", "en").dropped == ["明天"]


@pytest.mark.parametrize(
    ("source", "translation", "pair", "dropped"),
    [
        (
            "The appointment is on Tuesday 14 May.",
            "Le rendez-vous est le 14 mai.",
            "en-fr",
            ["Tuesday"],
        ),
        (
            "It is busy on Friday afternoons.",
            "La ruta es siempre ocupada por la tarde.",
            "en-es",
            ["Friday"],
        ),
        (
            "La réunion aura lieu le jeudi 12 octobre.",
            "The meeting is on October 12.",
            "fr-en",
            ["jeudi"],
        ),
        ("It arrives on 8 June.", "包裹将在中午送达。", "en-zh", ["June"]),
        # Kept: in full, short, as a holiday, as a number, as the source writes it.
        ("Open Monday to Friday.", "Ouvert du lundi au vendredi.", "en-fr", []),
        ("Open Monday to Friday.", "Geöffnet Mo–Fr.", "en-de", []),
        ("The deadline is 3 June.", "La date limite est le 03/06.", "en-fr", []),
        ("Deals end on Black Friday.", "Les offres finissent au Black Friday.", "en-fr", []),
        ("周五下午三点开会。", "The meeting is on Friday at 3 pm.", "zh-en", []),
        # "May I…", "this may…" name no month; weekdays, every day, a range.
        ("May I come in?", "Puis-je entrer ?", "en-fr", []),
        ("This may take a while.", "Cela peut prendre du temps.", "en-fr", []),
        ("Open Monday to Friday.", "Ouvert en semaine.", "en-fr", []),
        ("Open Monday to Sunday.", "Ouvert 7j/7.", "en-fr", []),
        ("Monday, Tuesday and Wednesday", "du lundi au mercredi", "en-fr", []),
        ("Leave the day after Friday.", "Partez le samedi.", "en-fr", []),
        ("Leave on Friday.", "Partez le samedi.", "en-fr", ["Friday"]),
        # Only the day a phrase names another from counts so: "day after day" names
        # none; "the day after" the last day named before it.
        (
            "Day after day, we work on Monday and Wednesday.",
            "Jour après jour, nous travaillons le lundi.",
            "en-fr",
            ["Wednesday"],
        ),
        (
            "We meet on Monday and leave on Thursday; the day after, we rest.",
            "Nous arrivons lundi ; le lendemain, nous nous reposons.",
            "en-fr",
            ["Thursday"],
        ),
        (
            "Paid in December, refunded the following month and closed in June.",
            "Payé en janvier.",
            "en-fr",
            ["June"],
        ),
        # A German day and a time of it names the day (kept as written: the copied-word
        # check's); a word with a day inside that is no day names none.
        (
            "Auf Donnerstagnachmittag verschoben.",
            "Moved to the afternoon.",
            "de-en",
            ["Donnerstagnachmittag"],
        ),
        ("Bis Sonnabendmorgen!", "À samedi matin !", "de-fr", []),
        ("Auf Donnerstagnachmittag verschoben.", "Moved to Donnerstagnachmittag.", "de-en", []),
        ("Die Montage dauert lange.", "The assembly takes long.", "de-en", []),
    ],
)
def test_a_day_or_month_left_out_is_found(
    source: str, translation: str, pair: str, dropped: list[str]
) -> None:
    src, tgt = pair.split("-")
    assert [name.written for name in dropped_dates(source, translation, src, tgt)] == dropped


def test_a_day_left_out_is_named_once_and_flagged_without_a_retry() -> None:
    en, fr = language("en"), language("fr")
    failures = check_translation("See you on Tuesday at ten.", "À dix heures.", en, fr)
    assert [(f.kind, f.reason) for f in failures] == [
        ("date_left", "the translation leaves out the day “Tuesday”")
    ]
    job = TranslationJob(parse_text("See you on Tuesday at ten.\n", "text"), "en", "fr")
    tasks = run_answering(job, lambda _task: "À dix heures.")
    assert [t.attempt for t in tasks] == [0]
    assert job.results[0].issues == ("the translation leaves out the day “Tuesday”",)
    # A swap names the day the text has; it is not named again as left out.
    failures = check_translation("See you on Tuesday.", "À lundi.", en, fr)
    assert [f.reason for f in failures] == [
        "the translation names “lundi” where the text has “mardi”"
    ]


@pytest.mark.parametrize(
    ("source", "translation", "pair", "kept"),
    [
        (
            "Die Besprechung wurde auf Donnerstagnachmittag verschoben.",
            "The meeting was moved to Donnerstagnachmittag.",
            "de-en",
            ["Donnerstagnachmittag"],
        ),
        ("Am Karfreitag ist zu.", "Le Karfreitag, c'est fermé.", "de-fr", ["Karfreitag"]),
        ("Bis Sonntagabend!", "到Sonntagabend为止！", "de-zh", ["Sonntagabend"]),
        # Translated; a day alone (read by the check of days left out); into German;
        # inside a longer word of the translation.
        ("Auf Donnerstagnachmittag verschoben.", "Moved to Thursday afternoon.", "de-en", []),
        ("Am Montag.", "On Montag.", "de-en", []),
        ("Wir treffen uns montags.", "We meet montags.", "de-en", []),
        ("Am Sonntagabend.", "Am Sonntagabend.", "de-de", []),
        ("Am Sonntagabend.", "On Sonntagabends.", "de-en", []),
        ("See you on Sunday evening.", "Bis Sonntagabend.", "en-de", []),
        # Words and names with a day inside that a translation may keep.
        ("Die Montage dauert zwei Stunden.", "La Montage dure deux heures.", "de-fr", []),
        ("Er wohnt in der Freitagstraße 5.", "He lives at Freitagstraße 5.", "de-en", []),
        (
            "Ich lese die Frankfurter Allgemeine Sonntagszeitung.",
            "I read the Frankfurter Allgemeine Sonntagszeitung.",
            "de-en",
            [],
        ),
        ("Ein Buch von Luc Montagnier.", "A book by Luc Montagnier.", "de-en", []),
        ("Wir fahren nach Samstagern.", "We go to Samstagern.", "de-en", []),
    ],
)
def test_a_german_word_with_a_day_inside_kept_as_written_is_found(
    source: str, translation: str, pair: str, kept: list[str]
) -> None:
    src, tgt = pair.split("-")
    assert day_words_kept(source, translation, src, tgt) == kept


def test_a_german_word_with_a_day_inside_kept_is_asked_again_then_flagged() -> None:
    source = "Die Besprechung wurde auf Donnerstagnachmittag verschoben."
    copied = "The meeting was moved to Donnerstagnachmittag."
    failures = check_translation(source, copied, language("de"), language("en"))
    assert [(f.kind, f.words) for f in failures] == [("copied", ("Donnerstagnachmittag",))]
    job = TranslationJob(parse_text(source + "\n", "text"), "de", "en")
    tasks = run_answering(job, lambda _task: copied)
    assert [t.attempt for t in tasks] == [0, 1]
    assert job.results[0].issues == (
        "part of the text was left in German: “Donnerstagnachmittag” (also after a retry)",
    )
    # Kept by right: the glossary keeps it as written.
    keep = Glossary((GlossaryEntry("Donnerstagnachmittag"),))
    assert not check_translation(source, copied, language("de"), language("en"), glossary=keep)


def test_a_day_word_found_by_both_checks_is_named_once_and_a_misspelt_retry_loses() -> None:
    source = "Wir gehen sonntagabends aus."
    first = "We go out sonntagabends."
    failures = check_translation(source, first, language("de"), language("en"))
    assert [f.words for f in failures] == [("sonntagabends",)]
    job = TranslationJob(parse_text(source + "\n", "text"), "de", "en")
    run_answering(job, lambda task: first if task.attempt == 0 else "We go out sonntagabens.")
    assert job.results[0].target == first
    assert job.results[0].issues == (
        "part of the text was left in German: “sonntagabends” (also after a retry)",
    )


def test_a_quoted_title_with_a_day_inside_is_kept() -> None:
    source = "Gestern Abend sahen wir mit unseren Freunden den Film „Karfreitag“ im Kino."
    kept = "Last night we watched the film “Karfreitag” at the cinema with our friends."
    assert not check_translation(source, kept, language("de"), language("en"))
    unquoted = "Last night we watched the film Karfreitag at the cinema with our friends."
    failures = check_translation(source, unquoted, language("de"), language("en"))
    assert [f.words for f in failures] == [("Karfreitag",)]


def test_a_german_day_and_its_evening_is_put_right_but_a_night_may_be_the_next_day() -> None:
    fixed, swap = swapped_dates_fixed(
        "Wir sehen uns am Sonntagabend.", "See you on Saturday evening.", "de", "en"
    )
    assert fixed == "See you on Sunday evening." and swap is not None
    # The small hours of a night are the next day's.
    night = "Sonntagnacht gegen 2 Uhr fiel der Strom aus."
    monday = "The power went out at about 2 a.m. on Monday."
    assert swapped_dates_fixed(night, monday, "de", "en") == (monday, None)
    assert dropped_dates("Freitagnacht um 3 Uhr.", "周六凌晨3点。", "de", "zh") == []


@pytest.mark.parametrize(
    ("source", "translation", "pair", "swapped"),
    [
        (
            "Thank you for your help yesterday.",
            "Merci pour votre aide aujourd'hui.",
            "en-fr",
            [("aujourd'hui", ["hier"])],
        ),
        ("See you the day after tomorrow.", "À demain.", "en-fr", [("demain", ["après-demain"])]),
        ("Ich komme morgen.", "I am coming today.", "de-en", [("today", ["tomorrow"])]),
        ("Morgen kommt er.", "He came yesterday.", "de-en", [("yesterday", ["tomorrow"])]),
        ("他昨天晚上下班。", "He left work tonight.", "zh-en", [("tonight", ["yesterday"])]),
        ("We leave tomorrow.", "我们昨天出发。", "en-zh", [("昨天", ["明天"])]),
        ("Llegó anteayer.", "Il est arrivé demain.", "es-fr", [("demain", ["avant-hier"])]),
        (
            "Yesterday I worked, tomorrow I rest.",
            "Aujourd'hui je travaille.",
            "en-fr",
            [("Aujourd'hui", ["hier", "demain"])],
        ),
    ],
)
def test_a_day_named_from_today_in_place_of_the_sources_is_found(
    source: str, translation: str, pair: str, swapped: list[tuple[str, list[str]]]
) -> None:
    src, tgt = pair.split("-")
    assert relative_days_changed(source, translation, src, tgt).swapped == swapped


@pytest.mark.parametrize(
    ("source", "translation", "pair"),
    [
        ("Thank you for your help yesterday.", "Merci pour votre aide hier.", "en-fr"),
        ("See you the day after tomorrow.", "À après-demain.", "en-fr"),
        # "mañana" after an article or a determiner is the morning; "heute morgen" this
        # morning; "von heute auf morgen" overnight.
        ("I will come tomorrow morning.", "Vendré mañana por la mañana.", "en-es"),
        ("I came this morning.", "Vine esta mañana.", "en-es"),
        ("That morning it rained.", "Esa mañana llovió.", "en-es"),
        ("The future is uncertain.", "El mañana es incierto.", "en-es"),
        ("Ich komme heute morgen.", "I am coming this morning.", "de-en"),
        ("Es änderte sich von heute auf morgen.", "It changed overnight.", "de-en"),
        ("Yesterday was hot, today is cold.", "Ayer hizo calor, hoy hace frío.", "en-es"),
        # A German sentence may open with "Morgen"; its adjectives name days too.
        ("Tomorrow is another day.", "Morgen ist auch noch ein Tag.", "en-de"),
        ("CLOSED TOMORROW", "MORGEN GESCHLOSSEN", "en-de"),
        ("Yesterday's meeting was long.", "Die gestrige Sitzung war lang.", "en-de"),
        ("Tomorrow's meeting is short.", "Die morgige Sitzung ist kurz.", "en-de"),
        # Today may be "nowadays", in the source as in the translation.
        ("Nowadays people work from home.", "Aujourd'hui, les gens travaillent.", "en-fr"),
        ("Les jeunes d'aujourd'hui lisent peu.", "Young people read little these days.", "fr-en"),
        ("Hoy en día todos tienen móvil.", "Nowadays everyone has a phone.", "es-en"),
        ("Today is Monday.", "Nous sommes lundi.", "en-fr"),
        ("今天的年轻人很忙。", "Young people are busy nowadays.", "zh-en"),
        # Not a day: the last night of a trip, that evening, names and titles.
        ("Our last night in Paris was lovely.", "Notre dernière soirée à Paris.", "en-fr"),
        ("Ce soir-là, il pleuvait.", "That evening it was raining.", "fr-en"),
        ("Avant-hier, j'ai lu USA Today.", "Two days ago I read USA Today.", "fr-en"),
        # Chinese names of days are not read inside other words.
        ("Tonight it is cold, then the sky clears.", "晚上会很冷，然后天会放晴。", "en-zh"),
        ("Currently the weather is fine; see you tomorrow.", "目前天气不错，明天见。", "en-zh"),
        ("Last night it rained, then the sky cleared.", "昨夜下了雨，然后天晴了。", "en-zh"),
        ("然后天黑了。", "Then it got dark.", "zh-en"),
        ("说明晚上的安排。", "Explain the evening's plan.", "zh-en"),
        ("性格是后天形成的。", "Character is acquired.", "zh-en"),
        # A day the source does not name from today: a translation may say "the next
        # day" for "tomorrow".
        ("We left the next morning.", "Nous sommes partis demain matin.", "en-fr"),
        ("Come back tomorrow.", "Revenez le lendemain.", "en-fr"),
    ],
)
def test_a_day_named_from_today_as_the_source_names_it_passes(
    source: str, translation: str, pair: str
) -> None:
    src, tgt = pair.split("-")
    assert relative_days_changed(source, translation, src, tgt).swapped == []
    assert relative_days_changed(source, translation, src, tgt).dropped == []


def test_a_day_named_from_today_in_place_of_the_sources_is_asked_again_then_flagged() -> None:
    job = TranslationJob(parse_text("Thank you for yesterday.\n", "text"), "en", "fr")
    answers = ["Merci pour aujourd'hui.", "Merci pour aujourd'hui."]
    tasks = run_answering(job, lambda _task: answers.pop(0))
    assert [t.attempt for t in tasks] == [0, 1]
    reason = "the translation names “aujourd'hui” where the text has “hier”"
    assert reason in tasks[1].messages[-1].content
    assert job.results[0].issues == (f"{reason} (also after a retry)",)


def test_a_day_named_from_today_left_out_is_flagged_without_a_retry() -> None:
    source = "Strong winds are expected along the coast tomorrow night."
    dropped = "Des vents forts sont attendus sur la côte dans la soirée."
    assert relative_days_changed(source, dropped, "en", "fr").dropped == ["tomorrow"]
    kept = "Des vents forts sont attendus sur la côte demain soir."
    assert relative_days_changed(source, kept, "en", "fr").dropped == []
    # One in place of it is the swap's to name, once; one kept as written, the check of
    # words left in English's.
    assert relative_days_changed(source, "… ce soir.", "en", "fr").dropped == []
    assert relative_days_changed(source, "… sur la côte tomorrow soir.", "en", "fr").dropped == []
    en, fr = language("en"), language("fr")
    assert [(f.kind, f.reason) for f in check_translation(source, dropped, en, fr)] == [
        ("date_left", "the translation leaves out the day “tomorrow”")
    ]
    job = TranslationJob(parse_text(source + "\n", "text"), "en", "fr")
    tasks = run_answering(job, lambda _task: dropped)
    assert len(tasks) == 1, "flagged, not asked again"
    assert job.results[0].issues == ("the translation leaves out the day “tomorrow”",)
