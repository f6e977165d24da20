"""A reply that refuses or apologises instead of translating ("I'm sorry, but I can't
provide information about…", "Mi dispiace, ma non posso fornire…", "作为一个AI…").

Small instruct models sometimes answer a sentence about a film, a person or a medicine
with a refusal in the target language, or open a translation with "As an assistant,…",
which reads as a fluent translation to the language checks. "As an AI/assistant" counts
at the start of the reply only, "as an assistant" only before a comma (not a job
title). Where the source is in none of these languages its own apology could not be
recognised, so only "as an AI / language model" counts there.

No maintained offline library detects refusals in many languages without a model of
its own, so this is a short list of the phrases chat models use, in English (the
language they most often refuse in) and the languages Hearth's users most often
translate into. A phrase counts only where the source has no apology, no "I can't" and
no "as an AI" of its own in any of these languages: a source that says "Sorry, I can't
come tonight." rightly comes back as "Mi dispiace, non posso venire stasera.".
"""

from __future__ import annotations

import re

_FLAGS = re.IGNORECASE | re.UNICODE

# Per language: an apology, "I can't / I'm unable", "as an AI (language model)", and the
# verbs a refusal says it cannot do ("provide", "help", "translate", "answer").
_APOLOGY = {
    "en": r"\b(?:i'?m sorry|i am sorry|sorry,|i apologi[sz]e|unfortunately|regrettably"
    r"|i'?m afraid|i am afraid)",
    "fr": r"\b(?:je suis désolée?|désolée?,|je m'excuse|malheureusement|je regrette)",
    "de": r"\b(?:es tut mir leid|tut mir leid|entschuldigung|ich entschuldige mich|leider)",
    "es": r"\b(?:lo siento|lo lamento|disculpa|disculpe|lamentablemente|desafortunadamente)",
    "it": r"\b(?:mi dispiace|spiacente|mi scuso|purtroppo)",
    "pt": r"\b(?:desculpe|desculpa|sinto muito|lamento|infelizmente)",
    "nl": r"\b(?:het spijt me|sorry,|helaas)",
    "ru": r"(?:извините|простите|к сожалению|сожалею)",
    "zh": r"(?:抱歉|对不起|對不起|很遗憾|很遺憾|不好意思)",
    "ja": r"(?:申し訳|すみません|ごめん|残念ながら|悪いけど)",
}
_UNABLE = {
    "en": r"\bi(?: really)?(?:(?: can'?t| can ?not)(?!\s+wait\b)| won'?t be able"
    r"|(?:'m| am) (?:unable|not able|not allowed))\b",
    "fr": r"\bje ne (?:peux|suis pas en mesure|suis pas capable|suis pas autorisée?)\b"
    r"|\bj(?:e |')peux pas\b",  # spoken French drops the "ne"
    "de": r"\b(?:ich kann (?:\w+ )?(?:nicht|keine)|ich bin (?:\w+ )?nicht in der lage"
    r"|kann ich (?:\w+ )?(?:nicht|keine))\b",
    "es": r"\bno (?:puedo|soy capaz|estoy en condiciones|me es posible)\b",
    "it": r"\bnon (?:posso|sono in grado|riesco|mi è possibile)\b",
    "pt": r"\bnão (?:posso|consigo|sou capaz|estou autorizad[oa])\b",
    "nl": r"\bik (?:kan|mag) (?:\w+ )?(?:niet|geen)\b",
    "ru": r"я не (?:могу|в состоянии|имею права)",
    "zh": r"我(?:无法|無法|不能|没法|沒法|不可以|没有办法|沒有辦法)",
    "ja": r"(?:できません|いたしかねます|できない)",
}
# "As an AI" anywhere in these; "as an assistant" only followed by a comma.
_AS_AI = {
    "en": r"\b(?:as (?:an? )?(?:ai\b|ai language model|language model|large language model"
    r"|artificial intelligence|(?:ai |virtual )?assistant\s*,)|i'?m an ai\b|i am an ai\b"
    # The starter model's own introduction: "I am a helpful AI named SmolLM, trained…".
    r"|i(?:'m| am) an? (?:helpful |friendly |virtual )*(?:ai|language model|ai assistant)\b)",
    "fr": r"\ben tant qu['’](?:ia\b|assistante?\s*,|assistant (?:ia|virtuel)"
    r"|intelligence artificielle|modèle de langage)|\bje suis une? (?:ia\b(?!-)|assistant ia)",
    "de": r"\bals (?:eine? )?(?:ki\s*,|ki-assistent|ki-sprachmodell|sprachmodell"
    r"|künstliche intelligenz|assistent(?:in)?\s*,)|\bich bin eine? (?:ki\b(?!-)|ki-assistent)",
    "es": r"\bcomo (?:una? )?(?:ia\b|modelo de lenguaje|asistente(?: de ia| virtual)?\s*,"
    r"|inteligencia artificial)|\bsoy una? (?:ia\b(?!-)|asistente de ia)",
    "it": r"\bcome (?:una? )?(?:ia\b|modello (?:di linguaggio|linguistico)"
    r"|assistente(?: virtuale)?\s*,|intelligenza artificiale)",
    "pt": r"\bcomo (?:uma? )?(?:ia\b|modelo de linguagem|assistente(?: virtual)?\s*,"
    r"|inteligência artificial)",
    "nl": r"\bals (?:een )?(?:ai\s*,|ai-assistent|taalmodel|ai-taalmodel"
    r"|kunstmatige intelligentie|assistent\s*,)",
    "ru": r"как (?:ии\b|языковая модель|искусственный интеллект)",
    "zh": r"(?:作为|作為|我是)(?:一个|一個|一名)?(?:AI|ai|人工智能|语言模型|語言模型|AI助手)",
    "ja": r"(?:AIとして|言語モデルとして|AIアシスタントとして)",
}
# What a refusal says it cannot do; not "can't wait", "can't help laughing/but".
_CANNOT_DO = {
    "en": r"\b(?:help(?!\s+(?:but\b|\w+ing\b))|assist|provide|translate|answer|comply|fulfil"
    r"|generate|give|create|write|share|discuss|engage|offer|produce)",
    "fr": r"\b(?:aider|assister|fournir|traduire|répondre|générer)",
    "de": r"\b(?:helfen|unterstützen|bereitstellen|übersetzen|beantworten)",
    "es": r"\b(?:ayudar|asistir|proporcionar|traducir|responder|generar)",
    "it": r"\b(?:aiutar|assister|fornire|tradurre|rispondere|generare)",
    "pt": r"\b(?:ajudar|assistir|fornecer|traduzir|responder|gerar)",
    "nl": r"\b(?:helpen|assisteren|verstrekken|vertalen|beantwoorden)",
    "ru": r"(?:помочь|предоставить|перевести|ответить)",
    "zh": r"(?:帮助|幫助|协助|協助|提供|翻译|翻譯|回答|满足|滿足)",
    "ja": r"(?:お手伝い|提供|翻訳|回答|お答え)",
}
# "I can't" in a source, said without the pronoun or in other words: the source has a
# refusal-like sentence of its own, which its translation rightly keeps.
_ALSO_ITS_OWN = (
    r"\b(?:can'?t|cannot|can not|unable|not able|impossible|not possible)\b"
    r"|\b(?:peux|peut|pouvons|arrive) pas\b|\bno (?:puedo|podemos)\b|\bnon (?:posso|possiamo)\b"
    r"|\bnão (?:posso|podemos)\b|\bkann (?:\w+ )?nicht\b|не (?:могу|можем|получится|смогу)"
    # Apologies the lists above do not hold ("Scusa, …", "Me temo que…", "Прости, …").
    r"|\b(?:scus[aio]|scusami|excuse|excusez|entschuldig\w*|verzeih\w*|me temo|temo que"
    r"|pardon|perdón|perdona|perdone|perdão|desculp\w*|disculp\w*|désolée?)\b"
    r"|\b(?:прости|простите|извини|извините)\b"
)
# How far from the start of the reply a refusal is looked for, and how far after the
# apology or "I can't" its other half may come.
_OPENING = 200
_REACH = 80


def _compiled(table: dict[str, str]) -> dict[str, re.Pattern[str]]:
    return {code: re.compile(pattern, _FLAGS) for code, pattern in table.items()}


_UNABLE_RE = _compiled(_UNABLE)
_AS_AI_RE = _compiled(_AS_AI)
_CANNOT_DO_RE = _compiled(_CANNOT_DO)
_ANY_OF_ITS_OWN = re.compile(
    "|".join(f"(?:{p})" for table in (_APOLOGY, _UNABLE, _AS_AI) for p in table.values())
    + "|"
    + _ALSO_ITS_OWN,
    _FLAGS,
)


def _refusal_in(opening: str, code: str, as_ai_only: bool) -> bool:
    if code not in _UNABLE_RE:
        return False
    if _AS_AI_RE[code].match(opening):
        return True
    if as_ai_only:
        return False
    # "I can't" and what a refusal says it cannot do ("provide", "translate", "help"):
    # an apology with "I can't" alone is also how people decline ("Sorry, I can't make
    # it today."), which a source says in more ways than this list knows.
    for unable in _UNABLE_RE[code].finditer(opening):
        after = opening[unable.end() : unable.end() + _REACH]
        if _CANNOT_DO_RE[code].search(after):
            return True
    return False


def refuses(
    source: str, translation: str, target_code: str, source_code: str | None = None
) -> bool:
    """Whether ``translation`` opens with a refusal (in English or the target language)
    that ``source`` does not hold itself. ``source_code``: the source's language, when
    known; for a language without phrases here only "as an AI" counts."""
    # A typographic apostrophe reads as a straight one ("I can’t").
    source, translation = source.replace("’", "'"), translation.replace("’", "'")
    opening = translation.lstrip(" \t\n\"'“”«»„*-•")[:_OPENING]
    base = target_code.split("-")[0].lower()
    known = source_code is None or source_code.split("-")[0].lower() in _UNABLE_RE
    if not any(_refusal_in(opening, code, not known) for code in {"en", base}):
        return False
    return _ANY_OF_ITS_OWN.search(source) is None


# A reply to thanks, at the start of a reply and standing alone before punctuation (or
# the end): chat models answer "Thank you for your help" with "¡De nada! Me alegra que
# te haya ayudado." instead of translating it. Only phrases that say nothing else
# there ("avec plaisir", "no problem" and "prego" can be a translation).
_WELCOME = re.compile(
    r"(?:you'?re (?:very |most )?welcome|you are (?:very |most )?welcome"
    r"|glad (?:i|to) (?:could )?help(?: you)?"
    r"|de rien|je vous en prie|je t'en prie|il n'y a pas de quoi"
    r"|de nada|no hay de qu[ée]|me alegra (?:que te haya|haberte|poder) ayudar?(?:te)?"
    r"|gern(?:e)? geschehen|keine ursache|nichts zu danken"
    r"|di niente|non c'è di che|figurati"
    r"|não há de quê|por nada|disponha"
    r"|graag gedaan|geen dank"
    r"|не за что|рад(?:а)? (?:был(?:а)? )?помочь|обращайтесь"
    r"|不客气|不客氣|不用谢|不用謝|很高兴能?帮(?:到|助)?你|很高興能?幫(?:到|助)?你"
    r"|どういたしまして)"
    r"(?=\s*(?:[!.,;:。！，、…]|$))",
    _FLAGS,
)
# Answers to thanks that a source may give, besides those above.
_WELCOME_IN_SOURCE = re.compile(
    r"\b(?:prego|bitte(?: schön| sehr)?|avec plaisir|my pleasure|no problem|con gusto)\b",
    _FLAGS,
)
_THANKS = re.compile(
    r"\b(?:thank(?!sgiving)|thanks\b|merci\b|remercie|gracias|agradec|danke|dank\b|bedank"
    r"|grazie|ringrazi|obrigad[oa]|agradeç)|спасибо|благодар"
    r"|谢谢|謝謝|感谢|感謝|多谢|多謝|ありがとう",
    _FLAGS,
)


def answers_thanks(source: str, translation: str) -> bool:
    """Whether ``translation`` opens by answering thanks ("De nada", "You're welcome",
    "不客气") that ``source`` gives without such an answer of its own; a translation
    that gives the thanks too is one ("Merci ! De rien.")."""
    opening = translation.lstrip(" \t\n\"'“”«»„*-•¡¿!")[:_REACH]
    if not _WELCOME.match(opening) or _THANKS.search(translation):
        return False
    if _WELCOME.search(source) or _WELCOME_IN_SOURCE.search(source):
        return False
    return bool(_THANKS.search(source))
