"""A number of the source that a translation leaves out is caught, asked again once,
then flagged; numbers written another way, or rightly rewritten, pass."""

from __future__ import annotations

import pytest

from engine.translation.checks import check_translation
from engine.translation.job import TranslationJob
from engine.translation.languages import language
from engine.translation.numbers import added_numbers, dropped_numbers
from engine.translation.segmenter import parse_text
from tests.engine.fake_replies import run_answering

EN, FR, DE, ZH = language("en"), language("fr"), language("de"), language("zh")


@pytest.mark.parametrize(
    ("source", "translation", "missing"),
    [
        ("It was founded in 1998 by two friends.", "Elle a été fondée par deux amis.", ["1998"]),
        ("公司成立于1998年。", "The company was founded.", ["1998"]),
        ("Il est né en 1998 et il vit ici.", "He was born and lives here.", ["1998"]),
        ("Version 2.6.32 is out.", "La version est sortie.", ["2.6.32"]),
        ("Il y a 10 000 habitants.", "There are 10 inhabitants.", ["10 000"]),
        ("Rooms 12 and 14 are free.", "La chambre 12 est libre.", ["14"]),
        ("The train leaves at 14:35.", "Le train part.", ["14:35"]),
        # A time keeps its minutes (the hour may be in 12 or 24 hours).
        ("It departs at 06:15 from gate 22.", "Sale de la puerta 22.", ["06:15"]),
        ("The shop closes at 17:30.", "商店下午17点关门。", ["17:30"]),
        ("Le magasin ferme à 17 h 30.", "The shop closes soon.", ["17 h 30"]),
        ("Wait 15 minutes.", "Attendez quelques minutes.", ["15"]),
        ("We met on 2024-03-15.", "Nous nous sommes vus le 15 mars.", ["2024-03-15"]),
    ],
)
def test_a_number_left_out_is_found(source: str, translation: str, missing: list[str]) -> None:
    assert dropped_numbers(source, translation) == missing


@pytest.mark.parametrize(
    ("source", "translation"),
    [
        ("It was founded in 1998 by two friends.", "Elle a été fondée en 1998 par deux amis."),
        ("公司成立于1998年。", "The company was founded in 1998."),
        ("We sold 1,000 copies.", "Nous avons vendu 1 000 exemplaires."),
        ("It costs 3.5 euros.", "Es kostet 3,5 Euro."),
        ("Il y a 10 000 habitants.", "There are 10,000 inhabitants."),
        # A small number is often spelled out.
        ("It has 3 rooms.", "Il a trois pièces."),
        # Magnitudes, ordinals and clock times are rewritten, not copied.
        ("营收3000万元。", "Revenue was 30 million yuan."),
        ("About 2.5 million people.", "约250万人。"),
        ("The 19th century.", "Le XIXe siècle."),
        ("Meet at 10 p.m.", "Rendez-vous à 22 h."),
        ("Meet at 10:30 pm today.", "Rendez-vous à 22 h 30 aujourd'hui."),
        # Part of a name.
        ("Use MP3 or H264 files.", "Utilisez des fichiers audio ou vidéo."),
        # Times in 12 or 24 hours, dates by their year, decades, ranges, other digits,
        # Chinese numerals and magnitudes, other decimals, numbers spelled out.
        ("um 14.30 Uhr", "at 14:30"),
        ("9.00–17.00 Uhr", "9 am to 5 pm"),
        ("9:00 to 17:00", "de 9 h à 17 h"),
        ("18h45", "6:45 p.m."),
        ("It departs at 06:15.", "Il part à 6 h 15."),
        ("The shop closes at 17:30.", "商店下午5:30关门。"),
        ("am 15.04.2024", "on April 15, 2024"),
        ("12/03/2024", "12 mars 2024"),
        ("the 1990s", "les années 90"),
        ("the 1990s", "20世纪90年代"),
        ("the 2019-20 season", "la saison 2019-2020"),
        ("تأسست عام ١٩٩٨", "founded in 1998"),
        ("２０２４年に設立", "founded in 2024"),
        ("founded in 1998", "一九九八年成立"),
        ("25 years old", "二十五岁"),
        ("10,000 people", "1万人"),
        ("150,000 people", "15만 명"),
        ("4,5 Mio. Menschen", "450万人"),
        ("$10.00 only", "10 $ seulement"),
        ("2.50 euros", "2,5 euros"),
        ("In 2023 150 people came.", "En 2023, 150 personnes sont venues."),
        ("12 cats", "douze chats"),
        ("Le mont Everest culmine à 8 849 mètres.", "The Everest summit reaches 8, 849 meters."),
    ],
)
def test_a_number_written_another_way_or_rewritten_passes(source: str, translation: str) -> None:
    assert dropped_numbers(source, translation) == []


def test_a_long_run_of_spaces_after_a_number_is_read_at_once() -> None:
    # A pattern with nested optional spaces took seconds on this.
    assert dropped_numbers("12" + " " * 20_000 + "x", "y") == ["12"]


def test_what_the_segment_keeps_as_it_is_is_left_to_the_placeholder_check() -> None:
    source = "Run `sleep 30` and wait."
    assert dropped_numbers(source, "Lancez et attendez.", verbatim=["`sleep 30`"]) == []


def test_the_check_names_the_numbers_and_not_a_text_left_in_the_source_language() -> None:
    failures = check_translation(
        "The shop was founded in 1998 and sold 2,500 bikes.",
        "Le magasin a été fondé et a vendu des vélos.",
        EN,
        FR,
    )
    assert [(f.kind, f.reason) for f in failures] == [
        ("number", "the translation leaves out the numbers 1998, 2,500")
    ]
    # A text handed back in the source language keeps its numbers: that failure alone.
    source = "The shop was founded in 1998 by my grandfather and his brother."
    kinds = [f.kind for f in check_translation(source, source, EN, DE)]
    assert "number" not in kinds and "untranslated" in kinds
    # A translation that also left a word in the source's script names both.
    failures = check_translation(
        "我的祖母1948年出生在海边的一个小村庄。",
        "My mother was born in a small village in the海边.",
        ZH,
        EN,
    )
    assert [f.kind for f in failures] == ["untranslated", "number"]


def test_a_dropped_number_is_asked_again_then_flagged() -> None:
    text = "The shop was founded in 1998 by two friends.\n\nThe shop opens at nine.\n"
    job = TranslationJob(parse_text(text, "text"), "en", "fr", use_memory=False)
    answers = {
        "The shop was founded in 1998 by two friends.": [
            "Le magasin a été fondé par deux amis.",
            "Le magasin a été fondé par deux amis, il y a longtemps.",
        ],
        "The shop opens at nine.": ["Le magasin ouvre à neuf heures."],
    }

    def answer(task: object) -> str:
        source = job.segments[task.index].strip()  # type: ignore[attr-defined]
        return answers[source].pop(0)

    tasks = run_answering(job, answer)
    assert [t.attempt for t in tasks] == [0, 1, 0], "the first segment is asked again once"
    retry_prompt = tasks[1].messages[-1].content
    assert "the translation leaves out the number 1998" in retry_prompt
    first, second = job.results[0], job.results[1]
    assert list(first.issues) == ["the translation leaves out the number 1998 (also after a retry)"]
    assert not second.issues

    # A retry that puts the number back passes.
    job = TranslationJob(parse_text(text, "text"), "en", "fr", use_memory=False)
    answers["The shop was founded in 1998 by two friends."] = [
        "Le magasin a été fondé par deux amis.",
        "Le magasin a été fondé en 1998 par deux amis.",
    ]
    answers["The shop opens at nine."] = ["Le magasin ouvre à neuf heures."]
    run_answering(job, answer)
    assert job.results[0].target.strip() == "Le magasin a été fondé en 1998 par deux amis."
    assert not job.results[0].issues


@pytest.mark.parametrize(
    ("source", "translation", "added"),
    [
        # A date, a year, a time or a number the source has nowhere.
        ("I'll get back to you by Friday.", "Je vous répondrai le 5 juillet.", ["5"]),
        ("The bus takes about forty minutes.", "Le bus met environ 45 minutes.", ["45"]),
        ("周五下午三点开会。", "The meeting is on Friday at 3:30 pm.", ["30"]),
        ("La réunion aura lieu le 12 octobre.", "The meeting is on October 12, 2018.", ["2018"]),
        (
            "Call me tomorrow.",
            "Appelle-moi demain au 06 12 34 56 78.",
            ["06", "12", "34", "56", "78"],
        ),
        ("Rooms 12 and 14 are free.", "Les chambres 12 et 15 sont libres.", ["15"]),
        # A month stands for its number alone, not for sums or clock times of it.
        ("from July 14 to August 2", "du 14 au 20", ["20"]),
        ("closed in December", "fermé du 12 au 24 décembre", ["24"]),
    ],
)
def test_a_number_the_source_does_not_have_is_found(
    source: str, translation: str, added: list[str]
) -> None:
    assert added_numbers(source, translation) == added


@pytest.mark.parametrize(
    ("source", "translation"),
    [
        # Numbers of the source, written another way.
        ("We sold 1,000 copies.", "Nous avons vendu 1 000 exemplaires."),
        ("It costs 3.5 euros.", "Es kostet 3,5 Euro."),
        ("10,000 people", "1万人"),
        ("About 2.5 million people.", "约250万人。"),
        ("营收3000万元。", "Revenue was 30 million yuan."),
        ("4,5 Mio. Menschen", "4,5 millions de personnes"),
        ("Meet at 10 p.m.", "Rendez-vous à 22 h 00."),
        ("Le magasin ferme à 18 h.", "The shop closes at 6 pm."),
        ("the 1990s", "20世纪90年代"),
        ("the 2019-20 season", "la saison 2019-2020"),
        ("تأسست عام ١٩٩٨", "founded in 1998"),
        # Numbers the source spells out, in English, French, German, Spanish, Chinese.
        ("The bus takes about forty minutes.", "Le bus met environ 40 minutes."),
        ("twenty-five people", "25 personnes"),
        ("three hundred and twenty people", "320 personnes"),
        ("quatre-vingt-dix-sept euros", "97 euros"),
        ("fünfundzwanzig Euro", "25 euros"),
        ("veinticinco euros", "25 euros"),
        ("周五下午三点在三楼开会。", "Meeting on Friday at 15:00 on the 3rd floor."),
        ("二十五岁", "25 years old"),
        # Months, parts of an hour and a day, ordinals, weeks, Roman numerals.
        ("It arrives on 8 June.", "包裹将于6月8日送达。"),
        ("between 9 a.m. and noon", "de 9 h à 12 h"),
        ("an hour and a half", "1 h 30"),
        ("an hour and a half", "90 minutes"),
        ("at a quarter to seven", "à 6 h 45"),
        ("um halb sieben", "at 6:30"),
        ("in two weeks", "dans 14 jours"),
        ("the third floor", "le 3e étage"),
        ("Le XIXe siècle.", "The 19th century."),
        ("three quarters of the people", "75 % des gens"),
        # A number in a name, 0 and 1, what the segment keeps as it is.
        ("Use the new tests.", "Utilisez les tests COVID-19."),
        ("Wait an hour.", "Attendez 1 heure."),
        # Accented and irregular number words, 亿, decades in full, clock times before
        # the hour, halves, holidays.
        ("veintidós años", "22 years"),
        ("veintiún años", "21 years"),
        ("quinientos euros", "500 euros"),
        ("quatre-vingts euros", "80 euros"),
        ("两亿人", "200 million people"),
        ("Prices were lower in the 90s.", "Les prix étaient plus bas dans les années 1990."),
        ("um halb acht abends", "at 19:30"),
        ("at ten to five", "à 16 h 50"),
        ("seven and a half hours", "7,5 heures"),
        ("on Christmas Eve", "le 24 décembre"),
        ("closed in December", "fermé en décembre, le 12"),
    ],
)
def test_a_number_the_source_stands_for_passes(source: str, translation: str) -> None:
    assert added_numbers(source, translation) == []


def test_what_the_segment_keeps_is_no_added_number() -> None:
    source = "Run the command and wait."
    assert added_numbers(source, "Lancez `sleep 30` et attendez.", verbatim=["`sleep 30`"]) == []


def test_an_added_number_is_read_only_where_the_source_words_are_known() -> None:
    failures = check_translation(
        "I'll get back to you by Friday.", "Je vous répondrai le 5 juillet.", EN, FR
    )
    assert [(f.kind, f.reason) for f in failures] == [
        ("number", "the translation adds the number 5, which the text does not have"),
        ("date", "the translation names “juillet”, which the text does not"),
        ("date_left", "the translation leaves out the day “Friday”"),
    ]
    # From Italian, whose number words the check does not know ("venti" is 20).
    kinds = [
        f.kind
        for f in check_translation("Aspetta venti minuti.", "Wait 20 minutes.", language("it"), EN)
    ]
    assert "number" not in kinds


def test_an_added_number_is_asked_again_then_flagged() -> None:
    text = "The bus takes about forty minutes.\n"
    job = TranslationJob(parse_text(text, "text"), "en", "fr", use_memory=False)
    answers = ["Le bus met environ 45 minutes.", "Le bus met environ 45 minutes, à peu près."]
    tasks = run_answering(job, lambda task: answers.pop(0))
    assert [t.attempt for t in tasks] == [0, 1]
    assert "the translation adds the number 45" in tasks[1].messages[-1].content
    assert list(job.results[0].issues) == [
        "the translation adds the number 45, which the text does not have (also after a retry)"
    ]
    job = TranslationJob(parse_text(text, "text"), "en", "fr", use_memory=False)
    answers = ["Le bus met environ 45 minutes.", "Le bus met environ quarante minutes."]
    run_answering(job, lambda task: answers.pop(0))
    assert job.results[0].target.strip() == "Le bus met environ quarante minutes."
    assert not job.results[0].issues


def test_hostile_numbers_are_read_without_error() -> None:
    # A number of hundreds of digits before a word of magnitude scales to infinity; a
    # long word made of number words could be split many ways.
    huge = "1" * 400 + " million"
    assert dropped_numbers("x", huge) == []
    assert added_numbers("x", huge) == ["1" * 400]
    assert added_numbers("achtzehn" * 2000 + "x", "18") == ["18"]
    # A run of 5,000 Chinese numerals; a placeholder bracket after 100,000 digits.
    assert added_numbers("一" * 5000, "1") == []
    assert added_numbers("x", "1" * 100_000 + "⟧") == []
