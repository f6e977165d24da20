"""The prompt that asks a chat model for a translation and nothing else, and the clean-up
of what models add anyway (preambles, quotes, template tokens).

Links, inline code, URLs and inline HTML tags are replaced by numbered placeholders
(⟦1⟧, ⟦2⟧…) before the model sees a segment and put back afterwards, so they come
back exactly as they were.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

from engine.llm.chat_template import TURN_END_MARKERS
from engine.llm.messages import ChatMessage, Role
from engine.translation.glossary import GlossaryEntry
from engine.translation.languages import LANGUAGES, Language

# The letters and digits of an e-mail address: Latin ones, accented ones (Latin-1,
# Extended-A and -B, Vietnamese's Extended Additional) and combining accents.
_MAIL = "A-Za-z0-9À-ÖØ-öø-ɏ\u1e00-\u1eff\u0300-\u036f"
# The types of file whose names the file-name rule below takes (a fixed list, so that
# what becomes a placeholder is the same on every system and Python version).
_EXTENSIONS = frozenset(
    (
        *("txt", "md", "rtf", "pdf", "doc", "docx", "docm", "odt", "ods", "odp", "xls"),
        *("xlsx", "xlsm", "csv", "tsv", "ppt", "pptx", "epub"),
        *("html", "htm", "xml", "json", "yaml", "yml", "toml", "ini", "cfg", "conf", "log"),
        *("png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff", "webp", "heic", "svg", "psd"),
        *("mp3", "wav", "flac", "ogg", "m4a", "aac", "mp4", "mov", "avi", "mkv", "webm"),
        *("zip", "rar", "7z", "tar", "gz", "tgz", "bz2", "xz", "iso", "dmg", "apk", "deb"),
        *("rpm", "msi", "exe", "dll", "bat", "sh", "py", "ipynb", "java", "cpp", "db"),
        *("js", "css"),
        *("sqlite", "sql", "gguf", "safetensors", "srt", "vtt", "ics", "vcf", "eml", "msg"),
    )
)
# What a path or a file name is made of: anything but a space, a quotation mark, a
# bracket of any style, a CJK punctuation mark or our placeholder brackets.
_NAME = r"[^\s<>()\[\]{}\"'“”‘’„«»「」『』《》【】（）。，、；：！？⟦⟧]"
# Where a path begins: the text's start, a space, an opening bracket or quotation mark,
# or CJK punctuation ("配置、/etc/hosts").
_SET_APART = r"(?<![^\s(\[<\"'“‘„«»「」『』《（。，、；：！？])"
# The letters, digits and marks of a file name in the Latin alphabet.
_LATIN = "A-Za-z0-9_À-ÖØ-öø-ɏ\u1e00-\u1eff\u0300-\u036f"
# A name with no letter of another alphabet or script (punctuation aside).
_LATIN_NAME = re.compile(rf"(?:[{_LATIN}]|[^\w])*")
_PROTECT = re.compile(
    r"`[^`\n]+`"  # inline code
    r"|\]\([^)\s]+(?:\s+\"[^\"]*\")?\)"  # a Markdown link's target
    r"|<[A-Za-z/!][^>]*>"  # an HTML tag
    # A URL with letters of any script ("https://zh.wikipedia.org/wiki/出口",
    # "https://例子.中国/帮助") set apart by spaces (or the text's start and end, a
    # bracket, a quotation mark, the punctuation that ends a sentence in the Latin
    # alphabet): there, where it ends is clear. Written against CJK text, it ends where
    # the CJK text goes on (below).
    r"|(?<![^\s(\[<\"'“‘])https?://[^\s<>()\"'。，、；！？]*[^\s<>()\"'.,;:!?。，、；：！？]"
    r"(?=[.,;:!?)\]\"'”’]*(?:\s|\Z))"
    # A bare URL, also right after CJK text, and ending where CJK text goes on, or before
    # the punctuation that ends its sentence ("…/help." keeps its full stop outside, so
    # that the translation's own is not a second one).
    r"|(?<![A-Za-z0-9])https?://[^\s<>()\"'\u3000-\u30ff\u3400-\u9fff\uac00-\ud7af\uff00-\uffef]*"
    r"[^\s<>()\"'\u3000-\u30ff\u3400-\u9fff\uac00-\ud7af\uff00-\uffef.,;:!?]"
    # A path: it begins with "/", "~/", "./", "../", a drive ("C:\\") or "\\\\" where
    # a name may begin, holds a letter or digit, and ends before a space, a bracket, a
    # quotation mark or CJK punctuation, without the full stop or comma that follows it
    # (_path_end cuts it where CJK text runs on from it). A model translates the words of
    # "/home/用户/配置.txt" ("/home/username/config.txt"); "and/or" and "GNU/Linux" are
    # no paths.
    rf"|(?P<path>{_SET_APART}(?:(?:~|\.\.?)?/|[A-Za-z]:\\|\\\\)"
    rf"(?={_NAME}{{0,300}}\w){_NAME}{{0,300}}(?<![.,;:!?]))"
    # An e-mail address (small models respell it: "anna.berg@…" → "Anna Berg@…").
    # Its letters may be accented Latin ones ("josé.garcía@…", "nguyễn.văn@…", accents
    # written apart included), not those of a CJK text around it ("通过anna@example.com联系").
    rf"|(?<![{_MAIL}.%+-])[{_MAIL}][{_MAIL}.%+-]*@[{_MAIL}-]+(?:\.[{_MAIL}-]+)*"
    r"\.[A-Za-z]{2,}(?![A-Za-z0-9-])"
    r"|&[A-Za-z]+;|&#\d+;"  # HTML entities
    r"|⟦[^⟦⟧\n]{0,20}⟧|[⟦⟧]"  # the text's own placeholder brackets
)
# File names with a known extension (_file_name), looked for apart from _PROTECT, where
# they are not inside one of its matches: a model translates their words ("report.pdf"
# came back "rapport.pdf" and "报告.pdf"). One in the Latin alphabet ends where its
# letters do, and begins after anything but its letters ("请查看附件report.pdf。"), with
# the folders before it ("docs/index.md").
_LATIN_FILE = re.compile(
    rf"(?<![{_LATIN}.\-/\\@])[{_LATIN}\-][{_LATIN}.\-/\\]{{0,100}}?\.(?P<ext>[A-Za-z0-9]{{1,11}})"
    rf"(?!\.?[{_LATIN}\-])"
)
# One with other letters ("报告2024.docx") where a name clearly begins and ends: in CJK
# text, after a space that follows no letter or digit ("打开 报告.docx", not "用 Word
# 打开了报告.docx"), an opening bracket or quotation mark or CJK punctuation ("附件：
# 报告.pdf"), and before a space, the text's end, a closing bracket or quotation mark or
# punctuation; written in CJK text without spaces, "请查看附件报告.pdf。", where it begins
# is not clear. In text of other scripts, after a space and before the punctuation that
# ends a sentence, a space and more of such text ("Save it as 旅行.jpg tonight.").
_CJK_AROUND = "\u3000-\u30ff\u3400-\u9fff\uac00-\ud7af\uff00-\uffef"
# A name of any letters and its extension (checked by _file_name).
_FILE_NAME = rf"{_NAME}{{1,100}}?\.(?P<ext>[A-Za-z0-9]{{1,11}})"
_FILE = re.compile(
    r"(?:(?<=[^A-Za-z0-9\s]\s)|(?<=[(\[<\"'“‘„«»「『《（【]))"
    rf"{_FILE_NAME}"
    r"(?=[.,;:!?]*(?:\s|\Z)|[)\]\"'”’“«»」』》）】。，、；：！？])"
)
# One that is the whole text (a table's cell).
_FILE_ALONE = re.compile(rf"\A\s*{_FILE_NAME}(?=\s*\Z)")
_FILE_AMONG_WORDS = re.compile(
    rf"(?<=\s){_FILE_NAME}"
    rf"(?=[.,;:!?]*(?:\s+[^\s{_CJK_AROUND}]|\s*\Z)|[)\]\"'”’“«»])"
)
_PLACEHOLDER = re.compile(r"⟦(\d+)⟧")
# What is left of a placeholder a model broke: "⟦1" or "1⟧" (its number kept), or a lone
# bracket. Small models write "Ce-1⟧" for "⟦1⟧".
_PARTIAL = re.compile(r"⟦\s*(\d+)|(\d+)\s*⟧|[⟦⟧]")
_BRACKETS = frozenset("⟦⟧")


@dataclass(frozen=True)
class Protected:
    text: str
    originals: tuple[str, ...]
    # Code, URLs, e-mail addresses, paths and file names left in the text as written
    # (``protect(names=False)``): the translation must still hold each as it is.
    written: tuple[str, ...] = ()


def protect(text: str, keep: Sequence[str] = (), *, names: bool = True) -> Protected:
    """Links, code, URLs, e-mail addresses, tags, entities, paths, file names, each of
    ``keep`` wherever it occurs, and the text's own ⟦ ⟧ brackets replaced by numbered
    placeholders (a text's own "⟦1⟧" is protected like code: it never passes for one of
    ours). Without ``names``, inline code, URLs, e-mail addresses, paths and file names
    stay in the text as written (``Protected.written``): given placeholders for them, a
    small model may copy a short sentence untranslated ("Attach ⟦1⟧ to the email.").
    Tags, entities, a Markdown link's target and ``keep`` are placeholders either way."""
    spans: list[tuple[int, int, str]] = []
    # The spans written as they are without ``names``.
    named: set[int] = set()
    for match in _PROTECT.finditer(text):
        found = match.group(0)
        if match.group("path") is not None:
            found = _path_end(found, text[match.end() : match.end() + 1])
            if _NAMED.search(found) is None:
                continue  # "/用户，": the sentence's words after a slash, no path
            named.add(match.start())
        elif (found.startswith(("`", "http")) or (found[0] not in "<&]" and "@" in found)) and (
            not _BRACKETS.intersection(found)
        ):
            # Inline code, a URL, an e-mail address (not a tag that holds one, nor one
            # with ⟦ or ⟧, which written out would pass for a placeholder).
            named.add(match.start())
        spans.append((match.start(), match.start() + len(found), found))
    pos = 0
    while (in_cjk := _PATH_IN_CJK.search(text, pos)) is not None:
        path = _path_in_cjk(in_cjk.group(0), text[in_cjk.end() : in_cjk.end() + 1])
        start = in_cjk.start()
        pos = start + 1
        if path is not None and all(start + len(path) <= s or start >= e for s, e, _ in spans):
            spans.append((start, start + len(path), path))
            named.add(start)
            pos = start + len(path)
    for pattern in (_FILE_ALONE, _FILE, _FILE_AMONG_WORDS, _LATIN_FILE):
        for match in pattern.finditer(text):
            start, end = match.span()
            name = match.group(0)
            if pattern is _FILE_ALONE:
                start += len(name) - len(name.lstrip())
                name = name.lstrip()
            if (
                _file_name(name, match.group("ext"))
                # Those in Latin letters alone are _LATIN_FILE's, which ends them where
                # their letters do ("attachment:report.pdf").
                and (pattern is _LATIN_FILE or _LATIN_NAME.fullmatch(name) is None)
                and all(end <= s or start >= e for s, e, _ in spans)
            ):
                spans.append((start, end, name))
                named.add(start)
    for word in sorted(set(keep), key=len, reverse=True):
        for match in re.finditer(re.escape(word), text) if word else ():
            start, end = match.span()
            if all(end <= s or start >= e for s, e, _ in spans):
                spans.append((start, end, word))
    originals: list[str] = []
    written: list[str] = []
    parts: list[str] = []
    pos = 0
    for start, end, found in sorted(spans):
        if not names and start in named:
            written.append(found)
            continue
        originals.append(found)
        # A Markdown link's target keeps its "]" in the text.
        bracket = "]" if found.startswith("](") else ""
        parts += [text[pos:start], f"{bracket}⟦{len(originals)}⟧"]
        pos = end
    return Protected("".join(parts) + text[pos:], tuple(originals), tuple(written))


def _file_name(name: str, extension: str) -> bool:
    """Whether ``name`` is a file name to protect: a known extension in lower or upper
    case ("REPORT.PDF", not "Ready.Set.Go")."""
    return extension.lower() in _EXTENSIONS and extension in (extension.lower(), extension.upper())


# A path written right against CJK text ("请打开/home/用户/配置.txt并检查"): it begins at a
# slash after a CJK letter, and counts only with two slashes or more and Latin letters
# (not "是/否" or "上/下/左/右"); _path_end cuts the CJK text that runs on from it.
_CJK_LETTERS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
_PATH_IN_CJK = re.compile(rf"(?<=[{_CJK_LETTERS}])(?:~|\.\.?)?/{_NAME}{{0,300}}(?<![.,;:!?])")


def _path_in_cjk(found: str, after: str) -> str | None:
    """The path of a _PATH_IN_CJK match, or None where it is none."""
    path = _path_end(found, after)
    if path.count("/") < 2 or re.search("[A-Za-z]{2}", path) is None:
        return None
    return path


# A letter or digit: what a path that is one has left once _path_end has cut it.
_NAMED = re.compile(r"[^\W_]")
# Where CJK letters follow the Latin letters, digits or dots of a path: the sentence
# runs on from the path ("/etc/hosts然后重启").
_RUN_ON = re.compile(rf"(?<=[A-Za-z0-9._-])[{_CJK_LETTERS}]")
_CJK_ONLY = re.compile(rf"[{_CJK_LETTERS}]+")
_CJK_NEXT = re.compile(rf"[{_CJK_LETTERS}。，、；：！？]")


def _path_end(path: str, after: str) -> str:
    """A path as found (``after``: the character after it), less the CJK text that runs
    on from it: from a CJK letter written right after a Latin letter, digit or dot
    ("/etc/hosts复制到…"), and a last part of CJK letters alone where CJK text or
    punctuation follows ("/var/log/hearth/目录下，": "in the folder"; "/home/用户 " and
    "「/home/用户」" keep theirs)."""
    run_on = _RUN_ON.search(path, 1)
    if run_on is not None:
        cut = run_on.start()
        after = path[cut]
        while cut > 1 and path[cut - 1] in ".,;:!?":
            cut -= 1
        path = path[:cut]
    last = max(path.rfind("/"), path.rfind("\\"))
    if _CJK_NEXT.match(after) and _CJK_ONLY.fullmatch(path[last + 1 :]):
        path = path[: last + 1]
    return path


def restore(text: str, protected: Protected) -> tuple[str, list[str]]:
    """Put the originals back; returns the text and the originals the model dropped."""
    seen: set[int] = set()

    def replace(match: re.Match[str]) -> str:
        number = int(match.group(1))
        if 1 <= number <= len(protected.originals):
            seen.add(number)
            original = protected.originals[number - 1]
            if original.startswith("]("):
                return original[1:]  # the "]" is still in the text
            return original
        return match.group(0)

    restored = _PLACEHOLDER.sub(replace, text)
    if not any(_BRACKETS.intersection(original) for original in protected.originals):
        # A source with ⟦ or ⟧ of its own: a bracket the model wrote may be one of them.
        restored = _restore_partial(restored, protected, seen)
    missing = [o for i, o in enumerate(protected.originals, start=1) if i not in seen]
    return restored, missing


def invented_placeholders(text: str, protected: Protected) -> list[str]:
    """The placeholders a model's ``text`` holds that the protected text does not have
    ("⟦3⟧" for a text with two): restored, each is left as its bare number."""
    if any(_BRACKETS.intersection(original) for original in protected.originals):
        return []  # the text's own brackets: a number may be one of them
    count = len(protected.originals)
    return [m.group(0) for m in _PLACEHOLDER.finditer(text) if not 1 <= int(m.group(1)) <= count]


def _restore_partial(text: str, protected: Protected, seen: set[int]) -> str:
    """A broken placeholder never reaches the output: one that kept its number gets its
    original back (once), anything else of it goes; an original still missing is
    reported by ``restore`` and flagged by the checks."""

    def replace(match: re.Match[str]) -> str:
        digits = match.group(1) or match.group(2) or ""
        number = int(digits) if digits else 0
        if not 1 <= number <= len(protected.originals):
            return digits  # a number of the text's own, next to a stray bracket
        if number in seen:
            return ""
        seen.add(number)
        original = protected.originals[number - 1]
        return original[1:] if original.startswith("](") else original

    return _PARTIAL.sub(replace, text)


def broken_placeholders(source: str, translation: str) -> bool:
    """Whether ``translation`` holds placeholder brackets (⟦ ⟧) that ``source`` does not
    have: what is left of a placeholder that was not put back."""
    return any(translation.count(c) > source.count(c) for c in _BRACKETS)


def is_translategemma(model_name: str) -> bool:
    return "translategemma" in model_name.lower().replace("-", "").replace("_", "")


@dataclass(frozen=True)
class PromptStyle:
    """How a segment is put to the model; the benchmark (``make bench-quality``)
    compares these on the same model and sentences.

    ``one_turn``: the instruction and the text together in one user message (the text
    last, after a blank line), instead of the instruction as a system message and the
    bare text as the user's. ``context``: the previous segment and its translation go
    in as an earlier exchange. ``few_shot``: that many short fixed example exchanges
    (a statement, then a question) come first, where they are written for the pair.
    ``plain_wording``: "Reply with the translation only." without naming the language
    again or forbidding notes and quotation marks. ``rules_first``: in one turn, the
    glossary and placeholder rules come before the instruction rather than after it.
    ``system``: a system message before a one-turn prompt (none by default).
    ``retry_few_shot``: a retry after a failed check shows that many example exchanges
    and asks again in this style's words, where examples are written for the pair,
    instead of the stricter prompt that names the failure (a retry with the glossary's
    terms put in place keeps that prompt, which says so). ``context_window``: with
    ``context``, up to this many earlier segments of the document go in, as earlier
    exchanges: one before the second segment, two before the third and so on, then
    from one again. Each request so begins with the one before it and its reply, which
    the model's KV cache still holds, so that mostly the new turn is read (not where the
    window starts again, nor after a retry, a reply the clean-up changed, a memory hit
    or an edit; TranslationJob keeps it; a one-turn style only). Three
    measured 0.5 chrF below one on Qwen2.5-0.5B, in 15 % less time (README.md,
    Translating), so Hearth's prompt shows the segment before alone.
    ``glossary_example``: from the first segment with a glossary term to translate on,
    the first example exchange of every request shows a term rule too, and its reply
    follows the rule over the word a model would choose itself ("shop → boutique": "La
    boutique du coin…"; ``glossary_example_fits``), so that the requests after it begin
    as it did, which the KV cache holds."""

    one_turn: bool = True
    context: bool = False
    few_shot: int = 0
    plain_wording: bool = False
    rules_first: bool = True
    system: str = ""
    retry_few_shot: int = 0
    context_window: int = 1
    glossary_example: bool = False


class ContextTurn(NamedTuple):
    """An earlier segment of the document as the prompt shows it: its text and
    translation (placeholders protected) and the glossary's terms that apply to it now
    (shown with it only in a window of more than one segment, see
    PromptStyle.context_window)."""

    source: str
    target: str
    terms: tuple[GlossaryEntry, ...] = ()


# The prompt Hearth used before the benchmark existed: kept for comparison.
SYSTEM_STYLE = PromptStyle(one_turn=False, context=True)
# Measured best on Qwen2.5-0.5B over 14 sentences per direction after 12 others chose
# the candidates (README.md, Translating): the plain instruction and the text in one
# turn, after two fixed example exchanges and the previous segment's. A text with
# glossary terms sees the first example follow a term rule: on Qwen2.5-Coder-0.5B's first
# 20 sentences with a term of each direction, 112 of 115 honoured against 111, 16 first
# attempts retried against 20, chrF on them 49.2 against 48.6 (README.md, Translation
# quality, the round after e4bb6c3).
DEFAULT_STYLE = PromptStyle(
    one_turn=True, context=True, few_shot=2, plain_wording=True, glossary_example=True
)


# SmolLM2 (the 135 M starter) lost 2–5 chrF against the plain prompt with the examples
# and the previous segment (12 sentences each into French, German, Spanish), and kept
# up with it given the plain instruction alone. Its retries show the two examples: a
# retry that named the failure passed every check in 8 of 36 retries and a retry with
# the examples in 29 (first 15 sentences of each direction; bench/QUALITY.md).
PLAIN_STYLE = PromptStyle(one_turn=True, plain_wording=True, retry_few_shot=2)


def _starter_family(model_name: str) -> bool:
    return "smollm" in model_name.lower().replace("-", "").replace("_", "")


def style_for_model(model_name: str) -> PromptStyle:
    """The prompt family that measured best for this model family (README.md, Translating)."""
    return PLAIN_STYLE if _starter_family(model_name) else DEFAULT_STYLE


def beams_help(model_name: str) -> bool:
    """Whether Best quality's beams measured better than greedy decoding for this model
    family: on SmolLM2-135M they lost chrF in five directions of six (mean 16.4 → 14.5;
    bench/QUALITY.md), so Best quality translates as usual there."""
    return not _starter_family(model_name)


def build_messages(
    text: str,
    source: Language | None,
    target: Language,
    *,
    glossary: list[GlossaryEntry] | None = None,
    context: Sequence[ContextTurn] = (),
    model_name: str = "",
    style: PromptStyle = SYSTEM_STYLE,
    retry_reasons: tuple[str, ...] = (),
    terms_in_place: bool = False,
    glossary_example: bool = False,
) -> list[ChatMessage]:
    """Messages for the model's own chat template.

    ``context`` (the segments before, oldest first, with their translations) is used
    only when the style asks for it; the system style shows the last one alone.
    ``retry_reasons`` asks again after a failed check: one turn, no context, and the
    failure named; ``terms_in_place`` says that ``text`` already has the glossary's
    translations in place (a retry after a missed term); ``glossary_example``: the job
    shows the glossary example (PromptStyle.glossary_example, ``glossary_example_fits``)."""
    if is_translategemma(model_name):
        return [ChatMessage(Role.USER, _translategemma_prompt(text, source, target))]
    if retry_reasons:
        retry_style = None if terms_in_place else _retry_style(style, source, target)
        if retry_style is None:
            return [
                ChatMessage(
                    Role.USER,
                    _retry_prompt(text, source, target, glossary, retry_reasons, terms_in_place),
                )
            ]
        style, context = retry_style, ()
    rules = _rules(text, source, target, glossary)
    if not style.context:
        context = ()
    if not style.one_turn:
        return _system_style(text, source, target, rules, context[-1] if context else None)
    messages = [ChatMessage(Role.SYSTEM, style.system)] if style.system else []
    wording = style.plain_wording
    for example, translated, rule in _example_turns(source, target, style, glossary_example):
        messages += [
            ChatMessage(
                Role.USER,
                _one_turn(example, source, target, rule, wording, style.rules_first),
            ),
            ChatMessage(Role.ASSISTANT, translated),
        ]
    for turn in context:
        # In a window of several segments, each as it was asked (its own rules), so that
        # the tokens are those the KV cache holds from that request; the segment before
        # alone goes without them, as it was measured.
        turn_rules = (
            _rules(turn.source, source, target, list(turn.terms))[1:]
            if style.context_window > 1
            else []
        )
        messages += [
            ChatMessage(
                Role.USER,
                _one_turn(turn.source, source, target, turn_rules, wording, style.rules_first),
            ),
            ChatMessage(Role.ASSISTANT, turn.target),
        ]
    messages.append(
        ChatMessage(
            Role.USER, _one_turn(text, source, target, rules[1:], wording, style.rules_first)
        )
    )
    return messages


def shown_examples(
    source: Language | None,
    target: Language,
    style: PromptStyle,
    *,
    retry: bool = False,
    terms_in_place: bool = False,
    model_name: str = "",
    glossary_example: bool = False,
) -> list[tuple[str, str]]:
    """The example exchanges that ``build_messages`` shows with these arguments, which
    a reply must not copy (``glossary_example`` as ``build_messages`` has it)."""
    if is_translategemma(model_name):
        return []
    if retry:
        retry_style = None if terms_in_place else _retry_style(style, source, target)
        if retry_style is None:
            return []
        style = retry_style
    elif not style.one_turn:
        return []
    return [(e, t) for e, t, _ in _example_turns(source, target, style, glossary_example)]


def glossary_example_fits(
    entries: Sequence[GlossaryEntry], source: Language | None, target: Language
) -> bool:
    """Whether a job with this glossary may show the glossary example (where its style
    asks for it, once a term to translate has come): the example is written for the
    pair, and no term of the user's names one of the example's words (the user's "shop
    → magasin" beside the example's "shop → boutique" would teach the wrong one)."""
    if source is None:
        return False
    left, right = _glossary_example(source), _glossary_example(target)
    if left is None or right is None:
        return False
    words = {w.casefold() for w in (*left[:2], *right[:2])}
    return not any(e.source.casefold() in words or e.target.casefold() in words for e in entries)


def _example_turns(
    source: Language | None, target: Language, style: PromptStyle, glossary_example: bool
) -> list[tuple[str, str, list[str]]]:
    """Each example exchange: its text, its reply, and the rule lines its turn shows
    (the glossary example's, see PromptStyle.glossary_example)."""
    pairs = example_pairs(source, target, style)
    turns = [(example, translated, list[str]()) for example, translated in pairs]
    if not (glossary_example and style.glossary_example and turns and source is not None):
        return turns
    left, right = _glossary_example(source), _glossary_example(target)
    if left is None or right is None:
        return turns
    rule = f"Use these translations for these terms: {left[0]} → {right[1]}."
    turns[0] = (turns[0][0], right[2], [rule])
    return turns


def _example_language(language: Language) -> str:
    """The key of the examples written for ``language``: its base language, and for
    Chinese (Traditional) its own (the Simplified ones would show the script its checks
    reject)."""
    if language.code == "zh-TW":
        return language.code
    return language.code.split("-")[0]


def _glossary_example(language: Language) -> tuple[str, str, str] | None:
    return _GLOSSARY_EXAMPLE.get(_example_language(language))


def _retry_style(
    source_style: PromptStyle, source: Language | None, target: Language
) -> PromptStyle | None:
    """The style of a retry that shows examples (None: the stricter prompt instead)."""
    if not source_style.retry_few_shot:
        return None
    shots = source_style.retry_few_shot
    style = replace(source_style, one_turn=True, context=False, few_shot=shots)
    return style if example_pairs(source, target, style) else None


def example_pairs(
    source: Language | None, target: Language, style: PromptStyle
) -> list[tuple[str, str]]:
    """The fixed example exchanges a one-turn prompt of ``style`` shows first (none
    where they are not written for the pair)."""
    if not style.few_shot or source is None:
        return []
    left = _EXAMPLES.get(_example_language(source), ())
    right = _EXAMPLES.get(_example_language(target), ())
    return list(zip(left, right, strict=False))[: style.few_shot]


def _rules(
    text: str, source: Language | None, target: Language, glossary: list[GlossaryEntry] | None
) -> list[str]:
    from_name = source.name if source else "the source language"
    # Short and direct: small models follow a two-line instruction far better than a
    # page of rules (SmolLM2-135M echoes the source under a long one).
    rules = [
        f"Translate the following {from_name} text into {target.name}. Reply with the "
        f"{target.name} translation only, without notes or quotation marks.",
    ]
    if "⟦" in text:
        rules.append("Copy every placeholder such as ⟦1⟧ unchanged into its place.")
    if glossary:
        terms = [e for e in glossary if not e.keep]
        keep = [e for e in glossary if e.keep]
        if terms:
            rules.append(
                "Use these translations for these terms: "
                + "; ".join(f"{e.source} → {e.target}" for e in terms)
                + "."
            )
        if keep:
            rules.append(
                "Do not translate these terms, keep them exactly: "
                + ", ".join(e.source for e in keep)
                + "."
            )
    return rules


def _one_turn(
    text: str,
    source: Language | None,
    target: Language,
    extra: list[str],
    plain_wording: bool = False,
    rules_first: bool = True,
) -> str:
    """The plain instruction, then the text after a blank line: the shape a person types
    into a chat box, which small instruct models follow best. Glossary and placeholder
    rules come before the instruction, so that "the following text" is the text: after
    it, a small model took the rules for part of the text and translated them."""
    instruction = _rules(text, source, target, None)[0]
    if plain_wording:
        instruction = instruction.split(" Reply with")[0] + " Reply with the translation only."
    lines = [*extra, instruction] if rules_first else [instruction, *extra]
    return "\n".join(lines) + "\n\n" + text


def _system_style(
    text: str,
    source: Language | None,
    target: Language,
    rules: list[str],
    previous: ContextTurn | None,
) -> list[ChatMessage]:
    from_name = source.name if source else "the source language"
    rules = [
        f"You translate {from_name} into {target.name}. Reply with the {target.name} "
        "translation only, without notes or quotation marks.",
        *rules[1:],
    ]
    if previous is not None:
        rules.append(
            "For consistency, the passage just before this one was translated like this "
            f"(do not translate it again):\n{previous[0]}\n→ {previous[1]}"
        )
    return [ChatMessage(Role.SYSTEM, "\n".join(rules)), ChatMessage(Role.USER, text)]


def _retry_prompt(
    text: str,
    source: Language | None,
    target: Language,
    glossary: list[GlossaryEntry] | None,
    reasons: tuple[str, ...],
    terms_in_place: bool = False,
) -> str:
    """A stricter request after a failed check: what was wrong, then the plain
    instruction and the text alone (no context, which small models tend to copy)."""
    from_name = source.name if source else "the source language"
    lines = [
        "A previous attempt to translate this text was rejected: " + "; ".join(reasons) + ".",
        *_rules(text, source, target, glossary),
        f"Every sentence must be in {target.name}. If the text is a question, translate "
        "the question; do not answer it.",
    ]
    if source is not None:
        lines.append(f"Do not copy the {from_name} text.")
    if terms_in_place:
        lines.append(f"The text already has these terms in {target.name}; keep them as they are.")
    return "\n".join(lines) + "\n\n" + text


# Sentences for the few-shot examples (not from the benchmark): an everyday statement,
# then a question, which shows that a question is translated, not answered. Hearth's
# prompt shows these two. Two technical ones follow for the benchmark's "four
# examples" variant, which measured no better (README.md, Translating).
_EXAMPLES: dict[str, tuple[str, ...]] = {
    "en": (
        "The shop on the corner opens at nine in the morning.",
        "Where is the nearest train station?",
        "To install the package, run the following command as root.",
        "The configuration file is stored in the /etc directory and can be edited with any "
        "text editor.",
    ),
    "fr": (
        "Le magasin du coin ouvre à neuf heures du matin.",
        "Où est la gare la plus proche ?",
        "Pour installer le paquet, exécutez la commande suivante en tant que root.",
        "Le fichier de configuration se trouve dans le répertoire /etc et peut être modifié "
        "avec n'importe quel éditeur de texte.",
    ),
    "de": (
        "Der Laden an der Ecke öffnet um neun Uhr morgens.",
        "Wo ist der nächste Bahnhof?",
        "Um das Paket zu installieren, führen Sie den folgenden Befehl als root aus.",
        "Die Konfigurationsdatei liegt im Verzeichnis /etc und kann mit jedem Texteditor "
        "bearbeitet werden.",
    ),
    "es": (
        "La tienda de la esquina abre a las nueve de la mañana.",
        "¿Dónde está la estación de tren más cercana?",
        "Para instalar el paquete, ejecute la siguiente orden como root.",
        "El archivo de configuración se guarda en el directorio /etc y se puede editar con "
        "cualquier editor de texto.",
    ),
    "it": (
        "Il negozio all'angolo apre alle nove del mattino.",
        "Dov'è la stazione ferroviaria più vicina?",
        "Per installare il pacchetto, eseguite il seguente comando come root.",
        "Il file di configurazione si trova nella directory /etc e si può modificare con "
        "qualsiasi editor di testo.",
    ),
    "pt": (
        "A loja da esquina abre às nove da manhã.",
        "Onde fica a estação de trem mais próxima?",
        "Para instalar o pacote, execute o seguinte comando como root.",
        "O arquivo de configuração fica no diretório /etc e pode ser editado com qualquer "
        "editor de texto.",
    ),
    "zh": (
        "街角的商店早上九点开门。",
        "最近的火车站在哪里？",
        "要安装该软件包，请以 root 身份运行以下命令。",
        "配置文件保存在 /etc 目录中，可以用任何文本编辑器修改。",
    ),
    # Chinese (Traditional), written in its own script (not the Simplified ones above,
    # which would show a model the script its checks reject).
    "zh-TW": (
        "街角的商店早上九點開門。",
        "最近的火車站在哪裡？",
        "要安裝這個套件，請以 root 身分執行以下指令。",
        "設定檔存放在 /etc 目錄中，可以用任何文字編輯器修改。",
    ),
}


# The glossary example (PromptStyle.glossary_example): the first example's word for
# "shop" as a source term, another word for it as a required translation, and the first
# example written with that other word.
_GLOSSARY_EXAMPLE: dict[str, tuple[str, str, str]] = {
    "en": ("shop", "store", "The store on the corner opens at nine in the morning."),
    "fr": ("magasin", "boutique", "La boutique du coin ouvre à neuf heures du matin."),
    "de": ("Laden", "Geschäft", "Das Geschäft an der Ecke öffnet um neun Uhr morgens."),
    "es": ("tienda", "comercio", "El comercio de la esquina abre a las nueve de la mañana."),
    "it": ("negozio", "bottega", "La bottega all'angolo apre alle nove del mattino."),
    "pt": ("loja", "mercearia", "A mercearia da esquina abre às nove da manhã."),
    "zh": ("商店", "小店", "街角的小店早上九点开门。"),
    "zh-TW": ("商店", "小店", "街角的小店早上九點開門。"),
}


def _translategemma_prompt(text: str, source: Language | None, target: Language) -> str:
    src = f"{source.name} ({source.code})" if source else "the source language"
    src_name = source.name if source else "source"
    return (
        f"You are a professional {src} to {target.name} ({target.code}) translator. Your "
        f"goal is to accurately convey the meaning and nuances of the original {src_name} "
        f"text while adhering to {target.name} grammar, vocabulary, and cultural "
        f"sensitivities.\nProduce only the {target.name} translation, without any "
        f"additional explanations or commentary. Please translate the following {src_name} "
        f"text into {target.name}:\n\n\n{text}"
    )


_PREAMBLE = re.compile(
    r"^\s*(?:(?:sure|certainly|of course|okay|ok)[!,.]?\s*)?"
    r"(?:here(?:'s| is| are)\s+(?:the\s+|your\s+|my\s+)?(?:\w+\s+){0,3}translations?"
    r"|(?:the\s+)?(?:\w+\s+)?translation(?:\s+(?:into|in|to)\s+\w+)?(?:\s+is)?)"
    r"[^:\n]{0,40}:\s*\n?",
    re.IGNORECASE,
)
# "French: …", "Chinese (Simplified): …": a language name as a label before the text.
_LABEL = re.compile(
    r"^\s*(?:"
    + "|".join(sorted({re.escape(lang.name.split(" (")[0]) for lang in LANGUAGES}, key=len)[::-1])
    + r")(?:\s*\([^)\n]{1,20}\))?\s*:[ \t]*\n?"
)
# A line that speaks of the translation and of the text or a language, and ends with a
# colon ("Translated by:" and "価格の内訳：", a price breakdown, are translations).
_COLONS = (":", "：", "︰")
_LANGUAGE_NAMES = "|".join(
    sorted({re.escape(lang.name.split(" (")[0]) for lang in LANGUAGES}, key=len)[::-1]
)
_LEAD_IN = re.compile(
    r"^(?=[^\n]{0,200}\b(?:translat|traduc|traduz|übersetz|vertaal|vertaling|tłumacz)\w*)"
    rf"(?=[^\n]{{0,200}}(?:\b(?:texte?s?|texto|testo|tekst\w*)\b|\b(?:{_LANGUAGE_NAMES})\b))"
    r"[^\n]{0,300}[:：︰]$"
    r"|^(?=[^\n]{0,100}(?:翻译|翻譯|翻訳))(?=[^\n]{0,100}(?:以下|如下|下面|是|为|為|は))"
    r"[^\n]{0,200}[:：︰]$",
    re.IGNORECASE,
)
_QUOTES = (('"', '"'), ("“", "”"), ("«", "»"), ("„", "“"), ("'", "'"), ("「", "」"))


def clean_output(output: str, source: str) -> str:
    """The translation without template tokens, a "Here is the translation:" line, quotes
    the source did not have, or a trailing note after a blank line."""
    text = output
    for marker in (*TURN_END_MARKERS, "<start_of_turn>", "<|im_start|>", "<bos>", "<eos>"):
        text = text.replace(marker, "")
    text = re.sub(r"^\s*(?:assistant|model)\s*\n", "", text)
    # A preamble can come alone on its line, and small models sometimes repeat it.
    while (stripped := _PREAMBLE.sub("", text, count=1)) != text:
        text = stripped
    if not _LABEL.match(source):
        text = _LABEL.sub("", text, count=1)
    text = text.strip()
    # A lead-in line ("The English translation of the given Chinese (Simplified) text
    # is:") before the translation goes; alone (the translation after it was cut at a
    # blank line), nothing is left, so the segment is asked again.
    first, _, rest = text.partition("\n")
    source_first = source.strip().partition("\n")[0].rstrip()
    if (
        _LEAD_IN.match(first.strip())
        # Where the source has such a line too (a heading ending with a colon), it is
        # its translation.
        and not source_first.endswith(_COLONS)
        and not source.rstrip().endswith(_COLONS)
    ):
        text = rest.strip()
        if not text:
            return ""
    stripped_source = source.strip()
    for left, right in _QUOTES:
        if (
            len(text) >= 2
            and text.startswith(left)
            and text.endswith(right)
            and not stripped_source.startswith(left)
        ):
            text = text[len(left) : -len(right)].strip()
            break
    if "\n\n" in text and "\n\n" not in stripped_source:
        head, _, tail = text.partition("\n\n")
        if re.match(r"^\s*\(?(?:note|explanation|translation notes?)\b", tail, re.IGNORECASE):
            text = head.strip()
    return _match_edges(text, source)


def fit_shape(text: str, source: str) -> tuple[str, bool]:
    """Keep a translation to the source's shape: one line for a one-line segment, no
    blank line where the source has none. Small models sometimes go on writing after
    the translation; returns the text and whether anything was cut."""
    if "\n" not in source.strip():
        lines = [line for line in text.split("\n") if line.strip()]
        kept = lines[0] if lines else ""
        return kept, len(lines) > 1
    if "\n\n" not in source.strip():
        trimmed = False
        if "\n\n" in text.strip():
            text, trimmed = text.strip().split("\n\n", 1)[0], True
        # A paragraph with soft line breaks comes back with at most as many lines.
        limit = source.strip().count("\n") + 1
        lines = text.split("\n")
        if len(lines) > limit:
            text, trimmed = "\n".join(lines[:limit]), True
        return text, trimmed
    return text, False


def _match_edges(text: str, source: str) -> str:
    """Keep the source's surrounding whitespace (a segment is re-joined verbatim)."""
    lead = source[: len(source) - len(source.lstrip())]
    trail = source[len(source.rstrip()) :]
    return lead + text + trail if text else text
