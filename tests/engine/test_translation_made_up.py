"""Words a translation made up (engine.translation.made_up): found in no word list of
the target, the source language or English, nor a form of a word of the target; on
fixed strings, then in the checks and a job (flagged, not asked again)."""

from __future__ import annotations

import pytest

from engine.translation.checks import FLAG_ONLY, check_translation
from engine.translation.job import TranslationJob
from engine.translation.languages import language
from engine.translation.made_up import made_up_words
from engine.translation.segmenter import parse_text
from tests.engine.fake_replies import run_answering


def _made_up(source: str, translation: str, pair: str) -> list[str]:
    src, tgt = pair.split("-")
    return made_up_words(translation, source, language(src), language(tgt))


@pytest.mark.parametrize(
    ("source", "translation", "pair", "words"),
    [
        # Seen in the benchmark's outputs (Qwen2.5-Coder 0.5B and SmolLM2).
        ("The call is still pending.", "L'appel est toujours détaqqé.", "en-fr", ["détaqqé"]),
        ("We know the mechanisms.", "Conocemos los mecánismas.", "en-es", ["mecánismas"]),
        ("The event engine.", "Le moteur événementnel.", "en-fr", ["événementnel"]),
        # After an elided article, each time it comes, named once.
        ("This life", "L'archéie, cette vie, l'archéie.", "en-fr", ["archéie"]),
        (
            "Pour améliorer l'administration.",
            "To improve the deabi administration.",
            "fr-en",
            ["deabi"],
        ),
        # A hyphenated word's made-up part.
        ("un exemple concret", "a real-vorlde example", "fr-en", ["vorlde"]),
    ],
)
def test_made_up_words_are_found(
    source: str, translation: str, pair: str, words: list[str]
) -> None:
    assert _made_up(source, translation, pair) == words


@pytest.mark.parametrize(
    ("source", "translation", "pair"),
    [
        # Rare forms of real words: their stem is a listed word's. So is a made-up word
        # whose stem is a word ("taubs", "taub" being a name in English's list): missed.
        (
            "Der alte Mann saß auf der Bank und fütterte die Tauben.",
            "The old man sat on the bank and fed the taubs.",
            "de-en",
        ),
        ("We will not hide the problems.", "Nous ne dissimulerons pas les problèmes.", "en-fr"),
        ("Both programs will diverge.", "Ambos programas divergirán.", "en-es"),
        # Stems compared without accents ("rémuner" begins no "rémunérer"; "enrai" no
        # "enrayer"), a "nous" form's verb ("géolocalisons": "géolocaliser").
        (
            "We will pay them, we locate them, stop it.",
            "Nous les rémunérerons, nous les géolocalisons, enrayez-le.",
            "en-fr",
        ),
        ("We carpool and we vape.", "Nous covoiturons et nous vapotons.", "en-fr"),
        ("chemotherapy drugs", "drogas quimioterapéuticas", "en-es"),
        # Pronouns written onto a verb, Catalan's l·l (also as one letter, ŀ), British
        # -ise, a word made with a prefix, a source term written the target's way,
        # accents written apart (NFD).
        ("Download the installer and run it.", "Descargue el instalador y ejecútelo.", "en-es"),
        ("If the app freezes, restart it.", "Se l'app si blocca, riavviala.", "en-it"),
        ("Run the installer.", "Executeu l'instal·lador i l'instaŀlació.", "en-ca"),
        ("The loop is parallelized.", "The loop is parallelised.", "fr-en"),
        ("a pre-trained model", "un modèle préentraîné", "en-fr"),
        ("The tokenizer and deduplication.", "El tokenizador y la deduplicación.", "en-es"),
        (
            "The settings are in the menu.",
            "La configuraci\u00f3n est\u00e1 en el men\u00fa.",
            "en-es",
        ),
        (
            "The settings are in the menu.",
            "La configuracio\u0301n esta\u0301 en el menu\u0301.",
            "en-es",
        ),
        # A name (a capital), an acronym, a word the source writes, a short word.
        ("Zhou lives in Beijing.", "Zhōu vit à Pékin.", "en-fr"),
        ("Run xqzfoo now.", "Lancez xqzfoo maintenant.", "en-fr"),
        # The source's name, an accent added (a copy's check, not this one's).
        ("The Debian releases.", "Les versions débian.", "en-fr"),
        ("The QWXZ key.", "La touche QWXZ.", "en-fr"),
        ("A vub.", "Un vub.", "en-fr"),
        # English words a translation into French may keep, French words into English.
        ("Start the webmail.", "Lancez le webmail.", "en-fr"),
        ("Il a un certain je-ne-sais-quoi.", "He has a certain je-ne-sais-quoi.", "fr-en"),
        # Targets whose words join into compounds that no list holds are not read.
        ("the file-name check", "die Dateinamensprüfung", "en-de"),
        ("the file", "文件", "en-zh"),
    ],
)
def test_real_words_names_and_kept_words_pass(source: str, translation: str, pair: str) -> None:
    assert _made_up(source, translation, pair) == []


def test_the_checks_flag_made_up_words_as_flag_only() -> None:
    failures = check_translation(
        "The event engine starts.",
        "Le moteur événementnel démarre.",
        language("en"),
        language("fr"),
    )
    assert [(f.kind, f.words) for f in failures] == [("made_up", ("événementnel",))]
    assert "made_up" in FLAG_ONLY
    assert "perhaps made up: “événementnel”" in failures[0].reason


def test_a_made_up_word_is_flagged_without_a_retry() -> None:
    job = TranslationJob(parse_text("The weather is nice today.", "text"), "en", "fr")
    calls = run_answering(job, lambda _task: "Le temps est béten aujourd'hui.")
    assert len(calls) == 1 and job.retried == 0
    result = job.results[0]
    assert result.target == "Le temps est béten aujourd'hui."
    assert result.issues and "“béten”" in result.issues[0]
