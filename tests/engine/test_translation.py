"""Translation: segmenting and rebuilding each file type, glossary, memory, prompt
clean-up, and whole documents through the real SmolLM2 model, network blocked."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest

from engine.common.errors import ContextFull, ContextOverflowError, HearthError
from engine.common.messages import msg, text_of
from engine.llm.generation import Reply
from engine.llm.model import LoadedModel
from engine.translation.checks import INVENTED, check_translation, dropped_reason
from engine.translation.document import emoji_like, weight
from engine.translation.glossary import Glossary, GlossaryEntry, with_terms
from engine.translation.job import (
    NOT_TRANSLATED,
    TOO_LONG,
    SegmentResult,
    SegmentTask,
    TranslationJob,
    model_generator,
    run_job,
)
from engine.translation.language_detect import detect_language
from engine.translation.languages import language
from engine.translation.memory import TranslationMemory, model_identity
from engine.translation.prompt import (
    ContextTurn,
    build_messages,
    clean_output,
    protect,
    restore,
)
from engine.translation.segmenter import (
    load_document,
    max_segment_chars,
    parse_text,
    write_docx,
)
from tests.engine.fake_replies import reply, run_answering

MARKDOWN = """# Getting started

Install the package with `pip install hearth` and read the [guide](https://example.com/guide).
It takes a minute.

- First step
- Second step

```python
print("do not translate me")
```

| Name | Role |
|------|------|
| Ada | Engineer |
"""

SRT = (
    "1\r\n00:00:01,000 --> 00:00:03,500\r\nGood morning.\r\nHow are you?\r\n\r\n"
    "2\r\n00:00:04,000 --> 00:00:06,250\r\nVery well, thank you.\r\n"
)

HTML = (
    "<!DOCTYPE html><html><head><title>Home page</title><style>p { color: red }</style>"
    "</head><body><h1>Welcome</h1><p>Read the <a href='/docs'>documentation</a> first.</p>"
    "<pre>keep this</pre><script>var x = 'no';</script></body></html>"
)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (MARKDOWN, "markdown"),
        (SRT, "srt"),
        (HTML, "html"),
        ("One sentence. Another one!\n\n  Second paragraph.\n", "text"),
    ],
)
def test_identity_translation_rebuilds_exactly(text: str, kind: str) -> None:
    document = parse_text(text, kind, max_chars=30)  # type: ignore[arg-type]
    assert document.segments()
    assert document.rebuild(list(document.segments())) == text


def test_markdown_code_and_links_are_not_segments() -> None:
    document = parse_text(MARKDOWN, "markdown")
    segments = document.segments()
    assert not any("do not translate me" in s for s in segments)
    assert "Getting started" in segments and "First step" in segments and "Ada" in segments
    upper = document.rebuild([s.upper() for s in segments])
    assert 'print("do not translate me")' in upper
    assert "# GETTING STARTED" in upper and "|------|------|" in upper


def test_srt_numbering_and_timecodes_survive_exactly() -> None:
    document = parse_text(SRT, "srt")
    assert document.segments() == ["Good morning.\nHow are you?", "Very well, thank you."]
    out = document.rebuild(["Bonjour.\nComment ça va ?", "Très bien, merci."])
    assert out.split("\r\n")[:2] == ["1", "00:00:01,000 --> 00:00:03,500"]
    assert "\r\n\r\n2\r\n00:00:04,000 --> 00:00:06,250\r\nTrès bien, merci.\r\n" in out


def test_html_keeps_tags_scripts_and_inline_markup_in_one_segment() -> None:
    document = parse_text(HTML, "html")
    assert document.segments() == [
        "Home page",
        "Welcome",
        "Read the <a href='/docs'>documentation</a> first.",
    ]
    protected = protect(document.segments()[2])
    assert protected.text == "Read the ⟦1⟧documentation⟦2⟧ first."
    assert restore("Lisez d'abord la ⟦1⟧documentation⟦2⟧.", protected)[0] == (
        "Lisez d'abord la <a href='/docs'>documentation</a>."
    )


def test_docx_keeps_its_paragraphs(tmp_path: Path) -> None:
    import docx

    word = docx.Document()
    word.add_heading("Annual report", level=1)
    word.add_paragraph("The year was good.")
    word.add_paragraph("")
    word.add_paragraph("Sales grew. Costs fell.")
    table = word.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Revenue"
    table.rows[0].cells[1].text = "42"
    source = tmp_path / "report.docx"
    word.save(str(source))
    document = load_document(source)
    assert document.segments() == [
        "Annual report",
        "The year was good.",
        "Sales grew. Costs fell.",
        "Revenue",
        "42",
    ]
    out = tmp_path / "report.fr.docx"
    write_docx(document, ["Rapport annuel", "L'année fut bonne.", None, "Chiffre", None], out)
    result = docx.Document(str(out))
    assert len(result.paragraphs) == len(word.paragraphs)
    assert [p.text for p in result.paragraphs] == [
        "Rapport annuel",
        "L'année fut bonne.",
        "",
        "Sales grew. Costs fell.",
    ]
    assert result.paragraphs[0].style.name == "Heading 1"
    assert result.tables[0].rows[0].cells[0].text == "Chiffre"


def test_long_paragraphs_split_at_sentences() -> None:
    text = "First sentence here. " * 20
    document = parse_text(text, "text", max_chars=100)
    assert len(document.segments()) > 3
    assert all(len(s) <= 100 for s in document.segments())
    assert all(s.endswith(".") for s in document.segments())
    assert document.rebuild(document.segments()) == text


def test_glossary_csv_and_enforcement_check() -> None:
    glossary = Glossary.from_csv("source,target\ninvoice,facture\nHearth,\n")
    assert glossary.entries == (GlossaryEntry("invoice", "facture"), GlossaryEntry("Hearth", ""))
    assert Glossary.from_csv(glossary.to_csv()) == glossary
    source = "Send the invoice from Hearth."
    assert glossary.check(source, "Envoyez la facture depuis Hearth.") == []
    issues = glossary.check(source, "Envoyez la note depuis Foyer.")
    assert issues == ["“invoice” should be “facture”", "“Hearth” should stay untranslated"]
    assert glossary.applicable("No terms here, invoices are plural") == []
    with pytest.raises(ValueError, match="Line 2"):
        Glossary.from_csv("source,target\n,empty\n")


def test_a_term_from_another_script_counts_where_it_touches_chinese_japanese_or_korean() -> None:
    # Chinese and Japanese write a Latin name right against their own letters, Korean
    # puts a particle after it: the term is there.
    glossary = Glossary((GlossaryEntry("Debian", ""), GlossaryEntry("server", "서버")), "en")
    source = "Debian runs the server."
    assert glossary.check("Debian will keep it.", "淘宜使用Debian的数据库。", "zh") == []
    assert glossary.check("Debian will keep it.", "Debianはそれを保つ。", "ja") == []
    assert glossary.check(source, "Debian은 서버를 실행합니다.", "ko") == []
    # Still a whole word among Latin letters.
    assert glossary.check(source, "Debianx runs the 서버.", "en") == [
        "“Debian” should stay untranslated"
    ]
    # A Latin term found in a Chinese source, put in place in a retry.
    chinese = Glossary((GlossaryEntry("APT", ""), GlossaryEntry("内核", "kernel")), "zh")
    assert [e.source for e in chinese.applicable("配置APT的内核")] == ["APT", "内核"]
    assert [e.source for e in chinese.applicable("配置APTX的内核")] == ["内核"]
    # A Korean term is a word of its own on its left: "리소스" (resource) is not "소스".
    korean = Glossary((GlossaryEntry("소스", "source"),), "ko")
    assert korean.applicable("리소스를 확인하세요.") == []
    assert korean.check("소스를 확인하세요.", "Check the source.", "en") == []
    assert Glossary((GlossaryEntry("source", "소스"),)).check("the source", "리소스", "ko") == [
        "“source” should be “소스”"
    ]


def test_a_term_counts_in_full_width_letters_and_before_a_version_number() -> None:
    # Chinese, Japanese and Korean text often writes Latin letters full-width; a name is
    # often followed by its version.
    glossary = Glossary(
        (GlossaryEntry("Debian", ""), GlossaryEntry("APT", ""), GlossaryEntry("IPv4", "")), "en"
    )
    source = "Install Debian 12 with APT over IPv4."
    assert glossary.check(source, "用ＡＰＴ通过IPv4安装Debian12。", "zh") == []
    assert glossary.check(source, "Installez Debian12 avec ＡＰＴ sur IPv4.", "fr") == []
    wifi = Glossary((GlossaryEntry("Wi-Fi", ""),))
    assert wifi.check("Turn on Wi-Fi.", "Activez le Wi\u2011Fi.") == []
    found = glossary.applicable("用ＡＰＴ安装Ｄｅｂｉａｎ１２")
    assert [e.source for e in found] == ["Debian", "APT"]
    # A term that ends in a digit is not part of a longer number.
    assert glossary.check(source, "Debian avec APT sur IPv46.", "fr") == [
        "“IPv4” should stay untranslated"
    ]
    assert glossary.check(source, "Debianx avec APT sur IPv4.", "fr") == [
        "“Debian” should stay untranslated"
    ]
    # A retry puts the term in place where the source wrote it full-width, and leaves a
    # kept term as the source wrote it.
    server = GlossaryEntry("server", "serveur")
    assert with_terms("The ＳＥＲＶＥＲ is up.", [server], "en") == "The SERVEUR is up."
    apt = GlossaryEntry("APT", "")
    assert with_terms("用ＡＰＴ安装ｓｅｒｖｅｒ。", [apt, server], "en") == "用ＡＰＴ安装serveur。"
    # An abbreviation is not in a longer name with digits: "MP3", "PM2.5", "CO2".
    abbreviations = Glossary(
        (
            GlossaryEntry("MP", "député"),
            GlossaryEntry("PM", "Premier ministre"),
            GlossaryEntry("CO", "monoxyde de carbone"),
        ),
        "en",
    )
    assert abbreviations.applicable("My MP3 player, PM2.5 levels and CO2 emissions.") == []


def test_glossary_files_as_spreadsheets_and_people_write_them() -> None:
    expected = (GlossaryEntry("lighthouse", "phare"), GlossaryEntry("bed, bunk", "lit"))
    # No header line, a quoted comma, a byte-order mark, Windows line ends.
    assert Glossary.from_csv('\ufefflighthouse,phare\r\n"bed, bunk",lit\r\n').entries == expected
    assert Glossary.from_csv("term,translation\nlighthouse,phare\n").entries == expected[:1]
    # Semicolons (spreadsheets where the decimal mark is a comma) and tabs.
    assert Glossary.from_csv("source;target\nlighthouse;phare\nbed, bunk;lit\n").entries == expected
    assert Glossary.from_csv("lighthouse\tphare\nbed, bunk\tlit\n").entries == expected
    # One column: terms kept as they are.
    assert Glossary.from_csv("Hearth\nGGUF\n").entries == (
        GlossaryEntry("Hearth", ""),
        GlossaryEntry("GGUF", ""),
    )
    with pytest.raises(ValueError, match="Line 1: expected two columns"):
        Glossary.from_csv("a,b,c\n")
    # The separator is the one that makes the most lines two columns, whatever the first.
    assert Glossary.from_csv("bed, bunk;lit\nlighthouse;phare\n").entries == (
        GlossaryEntry("bed, bunk", "lit"),
        GlossaryEntry("lighthouse", "phare"),
    )
    # A line written with another separator is refused, not kept as one odd term.
    with pytest.raises(ValueError, match="Line 2: separate"):
        Glossary.from_csv("Hearth,\ninvoice;facture\nbed,lit\n")
    glossary, new, changed = Glossary.from_csv("a,b\nc,d\n").merged(
        Glossary.from_csv("C,e\nf,g\nA,b\n")
    )
    assert [(e.source, e.target) for e in glossary.entries] == [("A", "b"), ("C", "e"), ("f", "g")]
    assert (new, changed) == (1, 2)  # "A" differs from "a" as written: counted as changed
    # An empty cell does not erase a translation; a header-only file changes nothing.
    kept, new, changed = glossary.merged(Glossary.from_csv("c,\nh,\n"))
    assert kept.entries[1] == GlossaryEntry("C", "e") and kept.entries[-1] == GlossaryEntry("h")
    assert (new, changed) == (1, 0)
    assert glossary.merged(Glossary.from_csv("source,target\n")) == (glossary, 0, 0)
    # Commas and semicolons on every line, no header: refused rather than guessed.
    with pytest.raises(ValueError, match="more than one separator"):
        Glossary.from_csv("price,prix; tarif\ncost,coût; frais\n")
    assert Glossary.from_csv("source,target\nprice,prix; tarif\ncost,coût; frais\n").entries[0] == (
        GlossaryEntry("price", "prix; tarif")
    )
    with pytest.raises(ValueError, match="longer than"):  # over the csv module's limit
        Glossary.from_csv("a," + "b" * 200_000)


def test_memory_reuse_confirmed_wins_and_tmx_round_trip(tmp_path: Path) -> None:
    memory = TranslationMemory(tmp_path / "tm.db")
    memory.store("en", "fr", "Hello.", "Bonjour.", "model")
    memory.store("en", "fr", "Hello.", "Salut.", "confirmed")
    memory.store("en", "fr", "Hello.", "Allô.", "model")  # never replaces a confirmed one
    hit = memory.lookup("en", "fr", "Hello.")
    assert hit is not None and (hit.target, hit.origin) == ("Salut.", "confirmed")
    assert memory.lookup("en", "de", "Hello.") is None
    memory.store("en", "fr", "Bye & <see> you.", "Au revoir & <à> bientôt.", "model")
    tmx = tmp_path / "out.tmx"
    assert memory.export_tmx("en", "fr", tmx) == 2
    other = TranslationMemory(tmp_path / "other.db")
    assert other.import_tmx(tmx, "en", "fr") == 2
    imported = other.lookup("en", "fr", "Bye & <see> you.")
    assert imported is not None and imported.target == "Au revoir & <à> bientôt."
    glossary = Glossary((GlossaryEntry("cat", "chat"),))
    memory.set_glossary("en", "fr", glossary)
    assert memory.glossary("en", "fr") == glossary
    assert memory.glossary("fr", "en") == Glossary()


def test_output_clean_up() -> None:
    assert clean_output("Here is the translation:\nBonjour le monde.", "Hello world.") == (
        "Bonjour le monde."
    )
    assert clean_output("Sure! Here's the French translation: Bonjour.", "Hello.") == "Bonjour."
    assert clean_output('"Bonjour."<|im_end|>', "Hello.") == "Bonjour."
    assert clean_output("Bonjour.\n\nNote: informal tone.", "Hello.") == "Bonjour."
    assert clean_output('"Quoted."', '"Quoted."') == '"Quoted."'
    assert clean_output("Translation: Hola.", "Hello.") == "Hola."


def test_prompt_carries_pair_glossary_and_previous_segment() -> None:
    messages = build_messages(
        "Send the invoice.",
        language("en"),
        language("fr"),
        glossary=[GlossaryEntry("invoice", "facture"), GlossaryEntry("Hearth")],
        context=[ContextTurn("Hello.", "Bonjour.")],
    )
    assert [m.role for m in messages] == ["system", "user"]
    assert "Hello.\n→ Bonjour." in messages[0].content
    assert "English into French" in messages[0].content
    assert "invoice → facture" in messages[0].content and "Hearth" in messages[0].content
    special = build_messages(
        "Hi", language("en"), language("de"), model_name="translategemma-4b-it"
    )
    assert len(special) == 1 and "English (en) to German (de) translator" in special[0].content


def test_language_detection() -> None:
    assert detect_language("The cat is on the table and it is happy.") == "en"
    assert detect_language("Le chat est sur la table et il est content.") == "fr"
    assert detect_language("Der Hund ist nicht im Haus und das ist gut.") == "de"
    assert detect_language("Кошка сидит на столе, и это хорошо.") == "ru"
    assert detect_language("مرحبا بكم في البيت") == "ar"
    assert detect_language("これは日本語の文章です。") == "ja"
    assert detect_language("12 34") is None
    assert language("he").rtl and not language("fr").rtl
    with pytest.raises(ValueError, match="Unknown language"):
        language("xx")


def _count_calls(generate):  # type: ignore[no-untyped-def]
    calls: list[SegmentTask] = []

    def counted(task: SegmentTask) -> object:
        calls.append(task)
        return generate(task)

    return counted, calls


def test_document_translates_reuses_memory_and_resumes(
    smollm2_model: LoadedModel, tmp_path: Path
) -> None:
    memory = TranslationMemory(tmp_path / "tm.db")
    document = parse_text("Good morning.\n\nThe weather is nice today.\n\nSee you soon.\n", "text")
    model_id = model_identity(smollm2_model.path)
    job = TranslationJob(document, "en", "fr", memory=memory, model_id=model_id)
    generate, calls = _count_calls(model_generator(smollm2_model))
    cancel = threading.Event()
    seen = []

    def stop_after_first(result: object) -> None:
        seen.append(result)
        cancel.set()

    assert run_job(job, generate, cancel=cancel, on_result=stop_after_first) is False
    assert job.done == 1 and [task.index for task in calls] == [0]
    partial = job.output()
    assert partial.endswith(f"{NOT_TRANSLATED}\n\n{NOT_TRANSLATED}\n"), "marked, not mixed in"
    assert "See you soon." not in partial and job.untranslated == 2

    # Resume: a new job on the same document asks the model only for the rest.
    resumed = TranslationJob(document, "en", "fr", memory=memory, model_id=model_id)
    generate, calls = _count_calls(model_generator(smollm2_model))
    origins = []
    assert run_job(resumed, generate, on_result=lambda r: origins.append(r.origin)) is True
    # (A segment may be asked twice: again without context if it copied the previous.)
    assert {task.index for task in calls} == {1, 2} and origins == ["memory", "model", "model"]
    output = resumed.output()
    for token in ("<|im_end|>", "<|im_start|>", "assistant\n"):
        assert token not in output
    assert output.count("\n\n") == 2, "paragraph structure kept"
    assert not output.lower().startswith("here is")

    # The same document again: nothing for the model but what was flagged (a flagged
    # translation is not in the memory; the starter made up "béten" for "nice").
    flagged = {i for i, r in resumed.results.items() if r.issues}
    again = TranslationJob(document, "en", "fr", memory=memory, model_id=model_id)
    generate, calls = _count_calls(model_generator(smollm2_model))
    assert run_job(again, generate) is True
    assert {task.index for task in calls} == flagged and again.from_memory() == 3 - len(flagged)
    assert again.output() == output


def test_translation_opens_no_socket(
    smollm2_model: LoadedModel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts: list[object] = []
    real_socket = socket.socket

    class NoNetwork(real_socket):  # type: ignore[misc, valid-type]
        def __init__(self, family: int = -1, *args: object, **kwargs: object) -> None:
            if family in (socket.AF_INET, socket.AF_INET6, -1):
                attempts.append(family)
                raise OSError("network blocked by the test")
            super().__init__(family, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "socket", NoNetwork)
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: attempts.append(a))
    memory = TranslationMemory(tmp_path / "tm.db")
    document = parse_text("Hello, friend. How are you?", "text")
    job = TranslationJob(
        document,
        "auto",
        "es",
        memory=memory,
        glossary=Glossary((GlossaryEntry("friend", "amigo"),)),
    )
    assert job.source_lang == "en"
    assert run_job(job, model_generator(smollm2_model)) is True
    assert job.output().strip()
    assert attempts == [], "translation tried to open a network connection"


def test_stop_texts_end_the_reply(smollm2_model: LoadedModel) -> None:
    from engine.llm.generation import generate_reply
    from engine.llm.messages import ChatMessage
    from engine.llm.parameters import SamplingSettings

    prompt = [ChatMessage("user", "Tell me about the sea in three sentences.")]
    greedy = SamplingSettings(temperature=0, max_tokens=60, seed=1)
    full = generate_reply(smollm2_model, prompt, greedy)
    words = full.text.split()
    assert len(words) > 6
    stop = " " + words[5]
    cut = generate_reply(smollm2_model, prompt, replace_stop(greedy, (stop,)))
    assert cut.stats.finish_reason == "stop"
    assert full.text.startswith(cut.text) and stop not in cut.text
    assert len(cut.text) < full.text.index(stop) + 1
    assert SamplingSettings.from_dict({"stop": [","]}).stop == (",",)


def replace_stop(settings: object, stop: tuple[str, ...]) -> object:
    from dataclasses import replace

    return replace(settings, stop=stop)  # type: ignore[type-var]


def test_empty_model_output_keeps_the_source() -> None:
    document = parse_text("Hello there.", "text")
    job = TranslationJob(document, "en", "fr")
    task = job.next_task()
    assert task is not None
    assert job.complete(task, "<|im_end|>") is None, "asked once more"
    retry = job.next_task()
    assert retry is not None and retry.attempt == 1
    result = job.complete(retry, "")
    assert result is not None and result.target == "Hello there."
    assert "no translation" in result.issues[0]


def test_a_translation_cut_by_the_length_limit_is_flagged() -> None:
    job = TranslationJob(parse_text("Hello there, I hope you are well today.", "text"), "en", "fr")
    task = job.next_task()
    assert task is not None and task.max_tokens >= 24
    result = job.complete(task, "Bonjour, j'espère que vous", cut=True)
    assert result is not None and "length limit" in result.issues[0]
    # A character cut in half at the limit (an emoji's first bytes) is not kept.
    job = TranslationJob(parse_text("Happy birthday! 🎂🎈", "text"), "en", "fr", checks=False)
    task = job.next_task()
    assert task is not None
    result = job.complete(task, "Joyeux anniversaire ! 🎂\ufffd", cut=True)
    assert result is not None and result.target == "Joyeux anniversaire ! 🎂"


def test_a_bare_url_right_after_chinese_text_is_protected() -> None:
    protected = protect("访问https://example.com/a获取更多信息")
    assert protected.originals == ("https://example.com/a",)
    assert protected.text == "访问⟦1⟧获取更多信息"
    # Inside a word it is no URL of its own.
    assert protect("xhttps://example.com").originals == ()


def test_a_url_with_chinese_letters_set_apart_by_spaces_is_protected_whole() -> None:
    wiki = "https://zh.wikipedia.org/wiki/出口"
    assert protect(f"请看 {wiki} 了解更多。").originals == (wiki,)
    assert protect(f"Go to {wiki}, then click.").text == "Go to ⟦1⟧, then click."
    assert protect(f"(see {wiki})").originals == (wiki,)
    assert protect("请访问 https://例子.中国/帮助").originals == ("https://例子.中国/帮助",)
    # Written against Chinese text, it still ends where the Chinese text goes on.
    assert protect(f"请看{wiki}了解更多。").originals == ("https://zh.wikipedia.org/wiki/",)
    assert protect("请看 https://example.com/help了解更多。").originals == (
        "https://example.com/help",
    )


def test_paths_and_file_names_set_apart_are_protected() -> None:
    # A model translates the words of a path or a file name: they name files on disk.
    assert protect("Open /home/用户/配置.txt now.").text == "Open ⟦1⟧ now."
    assert protect("Save the report as 报告2024.docx before Friday.").originals == (
        "报告2024.docx",
    )
    assert protect("打开 报告2024.docx 文件。").originals == ("报告2024.docx",)
    assert protect("See (/etc/fstab) and ~/文档/笔记.md!").originals == (
        "/etc/fstab",
        "~/文档/笔记.md",
    )
    assert protect(r"Run ./build.sh, then open C:\Users\用户\报告.docx.").originals == (
        "./build.sh",
        r"C:\Users\用户\报告.docx",
    )
    assert protect("“报告.docx” and ÜBERSICHT.PDF").originals == ("报告.docx", "ÜBERSICHT.PDF")
    assert protect("[/etc/hosts]").text == "[⟦1⟧]"
    # A path ends at CJK punctuation and brackets, and where CJK text runs on from it.
    assert protect("请编辑 /etc/hosts。然后重启电脑。").text == "请编辑 ⟦1⟧。然后重启电脑。"
    assert protect("请打开 /home/用户/配置.txt，然后保存。").text == "请打开 ⟦1⟧，然后保存。"
    assert protect("「/home/用户」を見てください。").text == "「⟦1⟧」を見てください。"
    # A last part in CJK letters alone before CJK text or punctuation is taken for the
    # sentence ("目录下": "in the folder"); "「/home/用户」" and "/home/用户 " keep theirs.
    assert protect("日志在/var/log/hearth/目录下，请查看。").text == "日志在⟦1⟧目录下，请查看。"
    assert protect("把/etc/hosts复制到/tmp/备份/里。").originals == ("/etc/hosts", "/tmp/备份/")
    assert protect(r"路徑 C:\Users\用戶\文件，請勿刪除。").originals == ("C:\\Users\\用戶\\",)
    assert protect("Open /home/用户 now.").originals == ("/home/用户",)
    assert protect("是 /用户，然后").originals == ()
    assert protect("Read docs/index.md first.").originals == ("docs/index.md",)
    assert protect("/etc/hosts是配置文件。").text == "⟦1⟧是配置文件。"
    # In CJK text, a space after CJK text, a bracket or a quotation mark sets a name
    # apart ("打开 报告.docx，", "（报告.pdf）"), and so does being the whole text…
    assert protect("打开 报告2024.docx，然后检查。").originals == ("报告2024.docx",)
    assert protect("我把照片存成了 旅行.jpg 和 家人.png。").originals == ("旅行.jpg", "家人.png")
    assert protect("见（报告.pdf）和【数据.xlsx】").originals == ("报告.pdf", "数据.xlsx")
    assert protect(" 报告.pdf ").text == " ⟦1⟧ "
    assert protect("Siehe „Übersicht.pdf“ und «rapport.pdf».").originals == (
        "Übersicht.pdf",
        "rapport.pdf",
    )
    # …written without spaces, or after the space before a Latin word, where a file name
    # begins is not clear: left to the model.
    for sentence in (
        "请查看附件报告.pdf。",
        "附件：季度报告.pdf",
        "次に、設定画面で報告書.pdf を選びます。",
        "我用 Word 打开了报告.docx。",
        "用 Word 打开了报告.docx 然后保存",
        "添付ファイルは報告書.pdf。",
    ):
        assert protect(sentence).originals == (), sentence
    # A path written right against CJK text begins at its slash and ends where CJK text
    # runs on from it; "是/否" and "上/下/左/右" are no paths.
    assert protect("请打开/home/用户/配置.txt并检查设置。").text == "请打开⟦1⟧并检查设置。"
    assert protect("输入/etc/hosts即可").originals == ("/etc/hosts",)
    assert protect("是/否，上/下/左/右").originals == ()
    # A file name in Latin letters ends where its letters do: a model renamed
    # "report.pdf" "rapport.pdf" and "报告.pdf".
    assert protect("Attach report.pdf to the email.").text == "Attach ⟦1⟧ to the email."
    assert protect("请查看附件report.pdf。").text == "请查看附件⟦1⟧。"
    assert protect("首先，下载安装包setup.exe，然后双击运行。").originals == ("setup.exe",)
    assert protect("attachment:report.pdf, is—notes.txt").originals == ("report.pdf", "notes.txt")
    assert protect("Files:a.txt,b.txt and archive.tar.gz").originals == (
        "a.txt",
        "b.txt",
        "archive.tar.gz",
    )
    # Prose with slashes and dots stays prose.
    for prose in (
        "and/or GNU/Linux client/serveur e.g. i.e. ASP.NET U.S. 3.5mm 9.30",
        "Yes / No, 24/7, a.m. and p.m.",
        "Ready.Set.Go, contact.me or Plan.B, Wait...numbers, done.key",
        "I was tired.go home",
    ):
        assert protect(prose).originals == (), prose
    # An address written right after a colon is still one.
    assert protect("Kontakt:anna@example.com").originals == ("anna@example.com",)


def test_a_placeholder_the_text_does_not_have_is_asked_again_then_flagged() -> None:
    text = "Save the photos as 旅行.jpg tonight."
    job = TranslationJob(parse_text(text, "text"), "en", "fr", use_memory=False)
    replies = ["Enregistrez les photos sous ⟦1⟧ et ⟦2⟧ ce soir.", "Enregistrez ⟦1⟧ et ⟦3⟧."]
    tasks = run_answering(job, lambda _task: replies.pop(0))
    assert [t.attempt for t in tasks] == [0, 1]
    assert job.results[0].issues == (INVENTED + " (also after a retry)",)


def test_a_reply_of_nothing_but_the_path_is_no_translation() -> None:
    job = TranslationJob(parse_text("请打开 /home/用户/配置.txt 并检查设置。", "text"), "zh", "en")
    replies = ["⟦1⟧", "Please open /home/用户/配置.txt and check the settings."]
    tasks = run_answering(job, lambda _task: replies.pop(0))
    assert [t.attempt for t in tasks] == [0, 1]
    # The retry has the path as written, and the translation must keep it.
    assert "/home/用户/配置.txt" in tasks[1].messages[-1].content
    assert tasks[1].protected.written == ("/home/用户/配置.txt",)
    assert job.results[0].target == "Please open /home/用户/配置.txt and check the settings."
    assert job.results[0].issues == ()


def test_a_path_with_chinese_letters_comes_back_as_written() -> None:
    # A glossary term inside the path is no term of the text the model gets.
    glossary = Glossary((GlossaryEntry("用户", "utilisateur"),))
    text = "Open /home/用户/配置.txt and check it."
    job = TranslationJob(parse_text(text, "text"), "en", "fr", glossary=glossary)
    task = job.next_task()
    assert task is not None and "用户" not in task.protected.text
    assert "utilisateur" not in task.messages[-1].content
    assert task.no_east_asian, "the path is a placeholder: no Chinese to write"
    result = job.complete(task, "Ouvrez ⟦1⟧ et vérifiez-le.")
    assert result is not None and result.issues == ()
    assert result.target == "Ouvrez /home/用户/配置.txt et vérifiez-le."


def test_without_names_paths_and_file_names_stay_as_written() -> None:
    text = "Attach report.pdf and ~/notes/日记.txt from https://example.com/a, said 出口."
    named = protect(text, ["出口"])
    assert named.originals == ("report.pdf", "~/notes/日记.txt", "https://example.com/a", "出口")
    written = protect(text, ["出口"], names=False)
    assert (
        written.text
        == "Attach report.pdf and ~/notes/日记.txt from https://example.com/a, said ⟦1⟧."
    )
    assert written.originals == ("出口",)
    assert written.written == ("report.pdf", "~/notes/日记.txt", "https://example.com/a")
    # Code and addresses too; tags, entities and a Markdown link's target stay placeholders.
    markup = (
        'Run `make` or see [docs](https://x.org) and <a href="mailto:a@b.org">me</a>&amp; c@d.org.'
    )
    inline = protect(markup, names=False)
    assert inline.written == ("`make`", "c@d.org")
    assert inline.originals == ("](https://x.org)", '<a href="mailto:a@b.org">', "</a>", "&amp;")
    # A word to keep inside a name is not cut out of it.
    assert protect("Open 出口.txt now.", ["出口"], names=False).text == "Open 出口.txt now."


def _answered(
    text: str, source: str, target: str, replies: list[str]
) -> tuple[TranslationJob, list[SegmentTask]]:
    """A job of ``text`` answered with ``replies`` in turn, and the tasks it asked."""
    job = TranslationJob(parse_text(text, "text"), source, target, use_memory=False)
    return job, run_answering(job, lambda _task: replies.pop(0))


def test_a_copied_text_is_asked_again_with_its_names_as_written() -> None:
    text = "Edit ~/.bashrc and add the line at the end."
    job, tasks = _answered(
        text,
        "en",
        "de",
        ["Edit ⟦1⟧ and add the line at the end.", "Ändere ~/.bashrc und füge die Zeile hinzu."],
    )
    assert [t.attempt for t in tasks] == [0, 1]
    retry = tasks[1].messages[-1].content
    # Asked as a first attempt is (Qwen wrote the stricter prompt's rules back), with
    # the path in place of its placeholder, and no placeholder rule.
    assert "Edit ~/.bashrc and add" in retry and "⟦" not in retry
    assert "untranslated" not in retry
    assert job.results[0].target == "Ändere ~/.bashrc und füge die Zeile hinzu."
    assert job.results[0].issues == ()


def test_a_retry_with_names_as_written_must_keep_them() -> None:
    rule = "Copiez chaque placeholder, par exemple ⟦1⟧, unchanged, dans sa place."
    job, tasks = _answered(
        "Attach report.pdf to the email.", "en", "fr", [rule, "Joignez rapport.pdf au courriel."]
    )
    assert [t.attempt for t in tasks] == [0, 1]
    assert "report.pdf" in tasks[1].messages[-1].content
    # Renamed, it is flagged; still better than the rule written back.
    assert job.results[0].target == "Joignez rapport.pdf au courriel."
    assert job.results[0].issues == (dropped_reason(["report.pdf"]) + " (also after a retry)",)


LINK = "https://baike.baidu.com/item/软件"


def test_names_written_out_for_a_retry_are_copied_whole_and_kept_from_conversion() -> None:
    # From Chinese into English the retry may write Chinese letters where a path
    # written out holds them.
    text = "请打开 /home/用户/文档 并检查里面的设置。"
    replies = [text.replace("/home/用户/文档", "⟦1⟧"), "Open /home/用户/文档 and check it."]
    job, tasks = _answered(text, "zh", "en", replies)
    assert tasks[0].no_east_asian and not tasks[1].no_east_asian
    assert job.results[0].issues == ()
    # Into Taiwan's Traditional, a link written out is not converted with the text.
    link = "Read https://baike.baidu.com/item/软件 about software."
    replies = [link.replace(LINK, "⟦1⟧"), f"阅读 {LINK} 了解软件。"]
    job, _ = _answered(link, "en", "zh-TW", replies)
    assert job.results[0].target == "閱讀 https://baike.baidu.com/item/软件 瞭解軟體。"
    assert job.results[0].issues == ()
    # Inline code that holds the text's own bracket stays a placeholder.
    assert protect("Type `⟦1⟧` and press <b>OK</b>.", names=False).written == ()
    # A name counts where it stands whole, as often as the source writes it, also
    # written against Chinese or Korean letters or a hyphen.
    glued = [
        ("zh", "en", "请在发送之前把report.pdf附加到邮件中。", "Attach it to the email."),
        ("en", "zh", "Attach report.pdf to the email.", "把report.pdf附加到邮件中。"),
        ("en", "ko", "Attach report.pdf to the email.", "report.pdf를 이메일에 첨부하세요."),
        ("en", "de", "Attach report.pdf to the email.", "Hängen Sie die report.pdf-Datei an."),
    ]
    for source_code, target_code, source, retried in glued:
        job = TranslationJob(parse_text(source, "text"), source_code, target_code)
        answers = iter([protect(source).text, retried])
        run_answering(job, lambda _task, answers=answers: next(answers))
        kept = "report.pdf" in retried
        assert (job.results[0].issues == ()) == kept, (target_code, job.results[0].issues)
    # Text that holds the characters the conversion masks names with is left alone.
    masked = f"Read {LINK} \ue0000\ue001 about software."
    job, _ = _answered(
        masked, "en", "zh-TW", [masked.replace(LINK, "⟦1⟧"), f"阅读 \ue0000\ue001 {LINK}。"]
    )
    assert LINK in job.results[0].target
    renamed = "Please open a.md and read it before the meeting."
    job = TranslationJob(parse_text(renamed, "text"), "en", "fr", use_memory=False)
    replies = [
        "Please open ⟦1⟧ and read it before the meeting.",
        "Veuillez ouvrir data.md et le lire avant la réunion.",
    ]
    run_answering(job, lambda _task: replies.pop(0))
    assert job.results[0].issues == (dropped_reason(["a.md"]) + " (also after a retry)",)


def test_a_copied_text_that_missed_a_term_keeps_the_named_retry() -> None:
    glossary = Glossary((GlossaryEntry("invoice", "facture"),))
    text = "Attach the invoice to report.pdf today."
    job = TranslationJob(parse_text(text, "text"), "en", "fr", glossary=glossary)
    replies = ["Attach the invoice to ⟦1⟧ today.", "Joignez la facture à ⟦1⟧ aujourd'hui."]
    tasks = run_answering(job, lambda _task: replies.pop(0))
    assert "⟦1⟧" in tasks[1].messages[-1].content, "the terms put in place, names as placeholders"
    assert job.results[0].issues == ()


def test_a_retranslate_shows_the_earlier_translations_until_it_replaces_them() -> None:
    text = "Good morning.\n\nSee you tomorrow.\n\nThank you very much."
    before = TranslationJob(parse_text(text, "text"), "en", "fr")
    for target in ("Bonjour.", "À demain.", "Merci beaucoup."):
        task = before.next_task()
        assert task is not None
        before.complete(task, target)
    before.edit(2, "Merci mille fois.")
    again = TranslationJob(parse_text(text, "text"), "en", "fr", use_memory=False)
    # A segment of another text at the same place is never shown.
    stray = SegmentResult(1, "Other text.", "Autre texte.", "model")
    shown = again.replace_in_place({**before.results, 1: stray})
    assert [r.index for r in shown] == [0, 2] and again.kept_earlier == {0, 2}
    assert again.translations(NOT_TRANSLATED) == ["Bonjour.", NOT_TRANSLATED, "Merci mille fois."]
    # While the run goes on, the model still translates every segment, in order.
    assert again.done == 0 and not again.finished and again.from_memory() == 0
    task = again.next_task()
    assert task is not None and task.index == 0
    again.complete(task, "Salut.")
    assert again.kept_earlier == {2} and again.done == 1
    task = again.next_task()
    assert task is not None and task.index == 1
    # Stopped there: the rest keeps what it had and counts as translated.
    again.settle()
    assert again.done == 2 and again.untranslated == 1 and again.next_task() is not None
    assert again.reached == 1, "the progress of the run: the kept segment is not counted"
    assert again.translations(NOT_TRANSLATED) == ["Salut.", NOT_TRANSLATED, "Merci mille fois."]
    assert again.edited() == [before.results[2]], "an edit kept is still an edit"
    assert again.translated_again() == 1 and again.kept_any
    # Translate then goes on with this job: its progress reaches the end.
    resumed = TranslationJob(parse_text(text, "text"), "en", "fr", use_memory=False)
    resumed.replace_in_place({i: r for i, r in before.results.items() if i != 1})
    resumed.settle()
    resumed.resume()
    assert resumed.reached == resumed.done == 2 and not resumed.kept_any
    task = resumed.next_task()
    assert task is not None and task.index == 1
    resumed.complete(task, "À demain.")
    assert resumed.reached == resumed.total == 3
    again.edit(2, "Merci bien.")
    assert again.kept_earlier == set() and again.translated_again() == 1
    # A glossary term a kept translation misses sends it back to the model; what the
    # model writes then is this run's.
    third = TranslationJob(parse_text(text, "text"), "en", "fr", use_memory=False)
    assert third.replace_in_place(before.results) and third.kept_earlier == {0, 1, 2}
    # Before the Retranslate runs (the window sets the glossary of a detected source
    # language then), a kept translation stays: the run translates it again anyway, and
    # stopped before it comes, keeps it rather than losing it.
    assert third.set_glossary(Glossary((GlossaryEntry("morning", "matin"),))) == 0
    assert third.kept_earlier == {0, 1, 2} and third.results[0].target == "Bonjour."
    task = third.next_task()
    assert task is not None and task.index == 0, "still translated again"
    third.settle()
    assert third.results[0].target == "Bonjour." and third.untranslated == 0
    assert third.set_glossary(Glossary((GlossaryEntry("morning", "matin"),))) == 1
    assert third.kept_earlier == {1, 2}
    task = third.next_task()
    assert task is not None and task.index == 0
    third.complete(task, "Bon matin.")
    assert third.kept_earlier == {1, 2} and third.translated_again() == 1 and third.finished


def test_a_segment_too_long_for_the_context_keeps_its_source_and_the_job_goes_on() -> None:
    job = TranslationJob(parse_text("One.\n\nTwo.\n", "text"), "en", "fr", use_memory=False)

    def generate(task: SegmentTask) -> Reply:
        if task.index == 0:
            raise ContextOverflowError("too long")
        return reply("Deux.")

    assert run_job(job, generate) is True
    assert job.results[0].target == "One."
    assert job.results[0].issues == (TOO_LONG + "; the source text is kept",)
    assert job.results[1].target.strip() == "Deux."


def test_digits_weigh_three_characters_in_a_segment() -> None:
    # A line of 20,000 digits did not fit a 4,096-token context in 1,200 characters.
    document = parse_text("1" * 20_000, "text", 1200)
    assert {len(segment) for segment in document.segments()} == {400}
    prose = "The cat sat on the mat. " * 40
    assert len(parse_text(prose, "text", 1200).segments()) == 1


def test_a_paragraph_of_emoji_is_cut_to_fit_the_context() -> None:
    # The starter reads an emoji in three tokens: 1,000 of them in a paragraph did not
    # fit its 2,048-token context.
    text = "🦜" * 1000
    document = parse_text(text, "text", max_segment_chars(2048))
    assert all(weight(s) <= max_segment_chars(2048) for s in document.segments())
    assert max(len(s) for s in document.segments()) == max_segment_chars(2048) // 9
    assert "".join(document.segments()) == text
    assert weight("a🦜1") == 1 + 9 + 3 and emoji_like("a🦜1") == 1
    # Emoji below U+10000 and the joiner and selector of a sequence weigh as much.
    assert emoji_like("☕ ⭐ ❤️ 👨\u200d👩") == 7 and weight("abc") == 3


def test_a_segment_with_nothing_to_translate_is_copied(tmp_path: Path) -> None:
    text = "| Item | Count |\n|---|---|\n| Apples | 3 |\n\n2024-05-01\n\n🦜🦜\n\n* * *\n\n１２\n"
    memory = TranslationMemory(tmp_path / "tm.db")
    memory.store("en", "fr", "１２", "douze", "confirmed")
    # A model's translation stored before such segments were copied is not used for
    # them (the starter's for "3"); for a segment with words it is.
    memory.store("en", "fr", "3", "L'addition de 3 à 3 est délicieux.", "model")
    memory.store("en", "fr", "Count", "Nombre", "model")
    job = TranslationJob(parse_text(text, "markdown"), "en", "fr", memory=memory)
    asked = run_answering(job, lambda task: {"Item": "Article"}.get(task.source, "Pommes"))
    assert [t.source for t in asked] == ["Item", "Apples"]
    assert job.results[1].target == "Nombre" and job.results[1].origin == "memory"
    copied = [r.source for r in job.results.values() if r.origin == "copied"]
    assert copied == ["3", "2024-05-01", "🦜🦜"]  # "* * *" is a rule: not a segment
    assert all(
        job.results[i].target == job.results[i].source
        for i in job.results
        if job.results[i].origin == "copied"
    )
    # A translation the user confirmed for such a segment is still used.
    assert job.results[len(job.segments) - 1].target == "douze"
    assert "| Pommes | 3 |" in job.output(None)
    assert memory.lookup("en", "fr", "2024-05-01") is None, "a copy is not stored in the memory"
    memory.close()


def test_the_context_passes_over_copied_segments() -> None:
    text = "| Fruit | Count |\n|---|---|\n| Apples | 3 |\n| Pears | 5 |\n"
    job = TranslationJob(parse_text(text, "markdown"), "en", "fr", use_memory=False)
    asked = run_answering(job, lambda task: task.source.upper())
    pears = next(t for t in asked if t.source == "Pears")
    assert [turn.source for turn in pears.context] == ["Apples"]


def test_markup_and_placeholders_alone_are_nothing_to_translate() -> None:
    page = (
        "<html><body><table><tr><td>Apples</td><td>1&nbsp;000</td><td>&nbsp;</td>"
        "<td>&mdash;</td></tr></table><p><b>42</b></p><p>https://example.com/a</p>"
        "</body></html>"
    )
    job = TranslationJob(parse_text(page, "html"), "en", "fr", use_memory=False)
    asked = run_answering(job, lambda _task: "Pommes")
    assert [t.source for t in asked] == ["Apples"]
    assert {r.origin for r in job.results.values() if r.source != "Apples"} == {"copied"}
    assert "<td>1&nbsp;000</td><td>&nbsp;</td><td>&mdash;</td>" in job.output(None)
    assert "<p><b>42</b></p>" in job.output(None)


def test_a_glossary_term_without_letters_is_translated_not_copied() -> None:
    job = TranslationJob(parse_text("24/7\n", "text"), "en", "fr", use_memory=False)
    job.set_glossary(Glossary((GlossaryEntry("24/7", "7j/7"),)))
    asked = run_answering(job, lambda _task: "7j/7")
    assert [t.source for t in asked] == ["24/7"]
    assert job.results[0].target == "7j/7" and not job.results[0].issues
    # In a sentence too: the term's numbers are the term's.
    en, fr = language("en"), language("fr")
    terms = Glossary((GlossaryEntry("24/7", "7j/7"),))
    assert check_translation("Support 24/7.", "Assistance 7j/7.", en, fr, glossary=terms) == []


def test_a_context_overflow_says_so_through_a_plain_message() -> None:
    import pickle

    error = ContextOverflowError(msg("The context is full: there is no room left for a reply."))
    reason = text_of(error)
    assert (
        isinstance(reason, ContextFull)
        and reason == "The context is full: there is no room left for a reply."
    )
    assert isinstance(pickle.loads(pickle.dumps(reason)), ContextFull)
    assert not isinstance(text_of(HearthError(msg("No model is loaded."))), ContextFull)


def test_a_retry_too_long_for_the_context_keeps_the_first_attempt() -> None:
    job = TranslationJob(parse_text("Be back by Friday.\n", "text"), "en", "fr", use_memory=False)

    def generate(task: SegmentTask) -> Reply:
        if task.attempt > 0:
            raise ContextOverflowError("too long")
        return reply("Je reviens avant le 5 juillet.")

    assert run_job(job, generate) is True
    assert job.results[0].target.strip() == "Je reviens avant le 5 juillet."
    assert job.results[0].issues and all("retry" in i for i in job.results[0].issues)


PARAGRAPHS = {
    "ko": "서울은 대한민국의 수도이며 많은 사람들이 살고 있습니다. ",
    "zh": "我的祖母出生在海边的一个小村庄。她喜欢在花园里种花和蔬菜。",
    "ja": "東京は日本の首都で、たくさんの人が住んでいます。",
    "th": "กรุงเทพมหานครเป็นเมืองหลวงของประเทศไทยและมีประชากรมาก ",
    "hi": "दिल्ली भारत की राजधानी है और यहाँ बहुत से लोग रहते हैं। ",
    "ru": "Москва является столицей России, и там живёт много людей. ",
    "pl": "Zażółć gęślą jaźń, powiedział łódzki dżentelmen. ",
    "vi": "Hà Nội là thủ đô của Việt Nam và có rất nhiều người sống ở đây. ",
    "en": "Emoji 🎉🎂 and ☕ count too. ",
}


@pytest.mark.parametrize("code", sorted(PARAGRAPHS))
def test_a_long_paragraph_is_cut_into_segments_the_starters_context_takes(
    smollm2_model: LoadedModel, code: str
) -> None:
    # A paragraph of 1,079 Korean letters did not fit a 2,048-token context: each script
    # weighs as the starter's tokenizer reads it.
    from engine.llm.generation import prepare_prompt

    model = smollm2_model
    paragraph = PARAGRAPHS[code] * 60
    document = parse_text(paragraph, "text", max_segment_chars(model.n_ctx))
    assert len(document.segments()) > 1
    job = TranslationJob(
        document,
        code,
        "fr" if code == "en" else "en",
        use_memory=False,
        checks=False,
        model_name=model.name,
    )
    while (task := job.next_task()) is not None:
        prepare_prompt(model, task.messages, task.max_tokens)  # raises where it does not fit
        job.complete(task, "A sentence translated.")
    assert job.finished
