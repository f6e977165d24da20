"""A reply that refuses or apologises instead of translating ("I'm sorry, but I can't
provide information about…", "Mi dispiace, ma non posso fornire…", "作为一个AI…").

Small instruct models sometimes answer a sentence about a film, a person or a medicine
with a refusal in the target language, or open a translation with "As an assistant,…",
which reads as a fluent translation to the language checks. "As an AI/assistant" counts
at the start of the reply only. No maintained offline library detects refusals in many languages
without a model of its own, so this is a short list of the phrases chat models use, in
English (the language they most often refuse in) and the languages Hearth's users most
often translate into. A phrase counts only where the source has no apology, no "I
can't" and no "as an AI" of its own in any of these languages: a source that says
"Sorry, I can't come tonight." rightly comes back as "Mi dispiace, non posso venire
stasera.".
"""

from __future__ import annotations

import re

_FLAGS = re.IGNORECASE | re.UNICODE

# Per language: an apology, "I can't / I'm unable", "as an AI (language model)", and the
# verbs a refusal says it cannot do ("provide", "help", "translate", "answer").
_APOLOGY = {
    "en": r"\b(?:i'?m sorry|i am sorry|sorry,|i apologi[sz]e|unfortunately)",
    "fr": r"\b(?:je suis désolée?|désolée?,|je m'excuse|malheureusement)",
    "de": r"\b(?:es tut mir leid|tut mir leid|entschuldigung|ich entschuldige mich|leider)",
    "es": r"\b(?:lo siento|lo lamento|disculpa|disculpe|lamentablemente|desafortunadamente)",
    "it": r"\b(?:mi dispiace|spiacente|mi scuso|purtroppo)",
    "pt": r"\b(?:desculpe|desculpa|sinto muito|lamento|infelizmente)",
    "nl": r"\b(?:het spijt me|sorry,|helaas)",
    "ru": r"(?:извините|простите|к сожалению|сожалею)",
    "zh": r"(?:抱歉|对不起|很遗憾|不好意思)",
    "ja": r"(?:申し訳|すみません|ごめんなさい|残念ながら)",
}
_UNABLE = {
    "en": r"\bi(?: really)? (?:can'?t|can ?not|am unable|'m unable|am not able|'m not able"
    r"|won'?t be able|am not allowed|'m not allowed)\b",
    "fr": r"\bje ne (?:peux|suis pas en mesure|suis pas capable|suis pas autorisée?)\b",
    "de": r"\b(?:ich kann (?:\w+ )?(?:nicht|keine)|ich bin (?:\w+ )?nicht in der lage"
    r"|kann ich (?:\w+ )?(?:nicht|keine))\b",
    "es": r"\bno (?:puedo|soy capaz|estoy en condiciones|me es posible)\b",
    "it": r"\bnon (?:posso|sono in grado|riesco|mi è possibile)\b",
    "pt": r"\bnão (?:posso|consigo|sou capaz|estou autorizad[oa])\b",
    "nl": r"\bik (?:kan|mag) (?:\w+ )?(?:niet|geen)\b",
    "ru": r"я не (?:могу|в состоянии|имею права)",
    "zh": r"我(?:无法|不能|没法|不可以|没有办法)",
    "ja": r"(?:できません|いたしかねます)",
}
_AS_AI = {
    "en": r"\b(?:as (?:an? )?(?:ai\b|language model|artificial intelligence"
    r"|(?:ai |virtual )?assistant)|i'?m an ai\b|i am an ai\b)",
    "fr": r"\ben tant qu['’](?:ia\b|assistant|intelligence artificielle|modèle de langage)",
    "de": r"\bals (?:ki\b|ki-|sprachmodell|künstliche intelligenz|(?:virtueller )?assistent)",
    "es": r"\bcomo (?:una? )?(?:ia\b|modelo de lenguaje|asistente|inteligencia artificial)",
    "it": r"\bcome (?:una? )?(?:ia\b|modello (?:di|linguistico)|assistente"
    r"|intelligenza artificiale)",
    "pt": r"\bcomo (?:uma? )?(?:ia\b|modelo de linguagem|assistente"
    r"|inteligência artificial)",
    "nl": r"\bals (?:ai\b|taalmodel|ai-assistent|assistent|kunstmatige intelligentie)",
    "ru": r"как (?:ии\b|языковая модель|искусственный интеллект)",
    "zh": r"作为(?:一个|一名)?(?:AI|ai|人工智能|语言模型|助手|AI助手)",
    "ja": r"(?:AIとして|言語モデルとして|AIアシスタントとして)",
}
_CANNOT_DO = {
    "en": r"\b(?:help|assist|provide|translate|answer|comply|fulfil|share|give|generate)",
    "fr": r"\b(?:aider|assister|fournir|traduire|répondre|donner|partager|générer)",
    "de": r"\b(?:helfen|unterstützen|bereitstellen|übersetzen|beantworten|geben|teilen)",
    "es": r"\b(?:ayudar|asistir|proporcionar|traducir|responder|dar|compartir|generar)",
    "it": r"\b(?:aiutar|assister|fornire|tradurre|rispondere|dare|condividere|generare)",
    "pt": r"\b(?:ajudar|assistir|fornecer|traduzir|responder|dar|compartilhar|gerar)",
    "nl": r"\b(?:helpen|assisteren|verstrekken|vertalen|beantwoorden|geven|delen)",
    "ru": r"(?:помочь|предоставить|перевести|ответить|дать)",
    "zh": r"(?:帮助|协助|提供|翻译|回答|满足)",
    "ja": r"(?:お手伝い|提供|翻訳|回答|お答え)",
}
# How far from the start of the reply a refusal is looked for, and how far after the
# apology or "I can't" its other half may come.
_OPENING = 200
_REACH = 80


def _compiled(table: dict[str, str]) -> dict[str, re.Pattern[str]]:
    return {code: re.compile(pattern, _FLAGS) for code, pattern in table.items()}


_APOLOGY_RE = _compiled(_APOLOGY)
_UNABLE_RE = _compiled(_UNABLE)
_AS_AI_RE = _compiled(_AS_AI)
_CANNOT_DO_RE = _compiled(_CANNOT_DO)
_ANY_OF_ITS_OWN = re.compile(
    "|".join(f"(?:{p})" for table in (_APOLOGY, _UNABLE, _AS_AI) for p in table.values())
    + r"|\b(?:impossible|not possible|unable)\b",
    _FLAGS,
)


def _refusal_in(opening: str, code: str) -> bool:
    if code not in _UNABLE_RE:
        return False
    if _AS_AI_RE[code].match(opening):
        return True
    for unable in _UNABLE_RE[code].finditer(opening):
        after = opening[unable.end() : unable.end() + _REACH]
        if _CANNOT_DO_RE[code].search(after):
            return True
    for apology in _APOLOGY_RE[code].finditer(opening):
        if _UNABLE_RE[code].search(opening, apology.end(), apology.end() + _REACH):
            return True
    return False


def refuses(source: str, translation: str, target_code: str) -> bool:
    """Whether ``translation`` opens with a refusal (in English or the target language)
    that ``source`` does not hold itself."""
    opening = translation.lstrip(" \t\n\"'“”«»„*")[:_OPENING]
    if not any(_refusal_in(opening, code) for code in {"en", target_code}):
        return False
    return _ANY_OF_ITS_OWN.search(source) is None
