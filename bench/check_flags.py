"""How often the translation checks flag good text, and how often they catch text left
in the source language, on fixed strings (no model; a few seconds).

Usage: python -m bench.check_flags

- the benchmark's human references (bench/data), which should pass;
- good translations that keep English product names and titles (30 names in five
  everyday sentences, into Spanish, French, German, Italian, Portuguese and Dutch),
  which should pass;
- short everyday sentences and their translations, both ways, which should pass, and
  the first half of each such sentence of four words or more handed back, which
  should be caught;
- the same English sentences with one word more ("Open Google Drive and follow the
  instructions now."), the sources handed back, and the sources less their last word,
  which should be caught.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

NAMES = (
    "Home Assistant", "Raspberry Pi", "Visual Studio Code", "Google Drive", "Microsoft Word",
    "Apple Music", "Amazon Web Services", "Hello World", "Stranger Things",
    "The Lord of the Rings", "Red Hat", "Open Source Initiative", "Windows Update",
    "Task Manager", "Game of Thrones", "Wall Street", "Silicon Valley", "Black Friday",
    "Smart TV", "Android Studio", "Firefox Developer Edition", "Google Play Store",
    "Steam Deck", "Playstation Network", "Air Force One", "Bluetooth Low Energy", "Power BI",
    "Creative Commons", "Dropbox Business", "Mozilla Thunderbird",
)  # fmt: skip
ENGLISH = (
    "Open {} and follow the instructions.",
    "I installed {} on my computer.",
    "Set up {}",
    "What's new in {}",
    "The new version of {} is available.",
)
FRAMES = {
    "es": ("Abre {} y sigue las instrucciones.", "He instalado {} en mi ordenador.",
           "Configurar {}", "Novedades de {}", "Ya está disponible la nueva versión de {}."),
    "fr": ("Ouvrez {} et suivez les instructions.", "J'ai installé {} sur mon ordinateur.",
           "Configurer {}", "Nouveautés de {}", "La nouvelle version de {} est disponible."),
    "de": ("Öffnen Sie {} und folgen Sie den Anweisungen.",
           "Ich habe {} auf meinem Rechner installiert.", "{} einrichten", "Neuigkeiten zu {}",
           "Die neue Version von {} ist verfügbar."),
    "it": ("Apri {} e segui le istruzioni.", "Ho installato {} sul mio computer.",
           "Configurare {}", "Novità di {}", "È disponibile la nuova versione di {}."),
    "pt": ("Abra o {} e siga as instruções.", "Instalei o {} no meu computador.",
           "Configurar o {}", "Novidades do {}", "A nova versão do {} já está disponível."),
    "nl": ("Open {} en volg de instructies.", "Ik heb {} op mijn computer geïnstalleerd.",
           "{} instellen", "Nieuw in {}", "De nieuwe versie van {} is beschikbaar."),
}  # fmt: skip

# Short everyday sentences whose good translations are too short for the language
# detector (under 12 letters in at least one direction), written for Hearth: each pair
# is measured both ways.
SHORT = {
    "fr": (("Where are you going?", "Où vas-tu ?"), ("Do you love me?", "Tu m'aimes ?"),
           ("Is it far from here?", "C'est loin ?"), ("I am on my way.", "J'arrive."),
           ("Can you hear me?", "Tu m'entends ?"), ("Do not touch that!", "Touche pas !"),
           ("I don't know.", "Je ne sais pas."), ("See you tomorrow, then.", "À demain !"),
           ("Who is it?", "Qui est-ce ?"), ("What a pity it is!", "Quel dommage !"),
           ("Have a nice day.", "Bonne journée."), ("It is very late.", "Il est tard."),
           ("Thank you so much!", "Merci mille fois !"), ("Is it ready yet?", "C'est prêt ?")),
    "de": (("Where are you going?", "Wohin gehst du?"), ("Do you love me?", "Liebst du mich?"),
           ("Is it far from here?", "Ist es weit?"), ("I am on my way.", "Ich komme."),
           ("Do not touch that!", "Nicht anfassen!"), ("See you tomorrow, then.", "Bis morgen!"),
           ("Who is it?", "Wer ist da?"), ("What a pity it is!", "Wie schade!"),
           ("Have a nice day.", "Schönen Tag!"), ("It is very late.", "Es ist spät."),
           ("Is it ready yet?", "Ist es fertig?"), ("Please sit down here.", "Setz dich.")),
    "es": (("Where are you going?", "¿Adónde vas?"), ("Do you love me?", "¿Me quieres?"),
           ("Is it far from here?", "¿Está lejos?"), ("I am on my way.", "Ya voy."),
           ("Do not touch that!", "¡No lo toques!"), ("See you tomorrow, then.", "¡Hasta mañana!"),
           ("Who is it?", "¿Quién es?"), ("What a pity it is!", "¡Qué pena!"),
           ("Have a nice day.", "Buen día."), ("It is very late.", "Es muy tarde."),
           ("Is it ready yet?", "¿Ya está?"), ("Please sit down here.", "Siéntate aquí.")),
}  # fmt: skip


def short_pairs() -> list[tuple[str, str, str, str]]:
    """(source language, target language, source, good translation), both ways."""
    pairs = []
    for lang, items in SHORT.items():
        for english, other in items:
            pairs += [("en", lang, english, other), (lang, "en", other, english)]
    return pairs


def named_pairs() -> list[tuple[str, str, str]]:
    """(target language, English source, good translation) with a name kept."""
    return [
        (target, english.format(name), frame.format(name))
        for target, frames in FRAMES.items()
        for english, frame in zip(ENGLISH, frames, strict=True)
        for name in NAMES
    ]


def main() -> int:
    sys.path.insert(0, str(REPO))
    from bench.quality_data import load_directions
    from engine.translation.checks import check_translation
    from engine.translation.languages import language

    def flags(source: str, text: str, src: str, tgt: str) -> list[str]:
        return [f.reason for f in check_translation(source, text, language(src), language(tgt))]

    directions = load_directions()
    refs = [(d, p) for d in directions for p in d.sentences]
    flagged_refs = [
        (d.name, p.reference) for d, p in refs if flags(p.source, p.reference, d.source, d.target)
    ]
    named = named_pairs()
    flagged_named = [(t, text) for t, src, text in named if flags(src, text, "en", t)]
    caught_copies = sum(1 for d, p in refs if flags(p.source, p.source, d.source, d.target))
    # Into Chinese the script decides; the others are judged by the language detector.
    latin = [(d, p) for d, p in refs if d.target != "zh"]
    caught_short = sum(
        1 for d, p in latin if flags(p.source, p.source.rsplit(" ", 1)[0] + ".", d.source, d.target)
    )
    # The English sentence itself with one word more, kept with its name: to be caught.
    near_copies = [(t, src, src.rstrip(".") + " now.") for t, src, _ in named]
    caught_named = sum(1 for t, src, text in near_copies if flags(src, text, "en", t))
    short = short_pairs()
    flagged_short = [(a, b, text) for a, b, src, text in short if flags(src, text, a, b)]
    # Half of the source handed back (at least two words): to be caught where it is a
    # sentence of four words or more.
    halves = [
        (a, b, src, " ".join(src.split()[: max(2, len(src.split()) // 2)]))
        for a, b, src, _ in short
        if len(src.split()) >= 4
    ]
    caught_halves = sum(1 for a, b, src, text in halves if flags(src, text, a, b))
    print(f"human references flagged: {len(flagged_refs)} of {len(refs)}")
    for name, text in flagged_refs:
        print(f"  {name}: {text}")
    print(f"good translations keeping a name flagged: {len(flagged_named)} of {len(named)}")
    for target, text in flagged_named[:10]:
        print(f"  en-{target}: {text}")
    print(
        f"English sentences keeping a name, one word added, caught: {caught_named} of "
        f"{len(near_copies)}"
    )
    print(f"short good translations flagged: {len(flagged_short)} of {len(short)}")
    for a, b, text in flagged_short:
        print(f"  {a}-{b}: {text}")
    print(f"short sentences, the first half handed back, caught: {caught_halves} of {len(halves)}")
    print(f"sources handed back caught: {caught_copies} of {len(refs)}")
    print(f"sources less their last word caught (not into Chinese): {caught_short} of {len(latin)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
