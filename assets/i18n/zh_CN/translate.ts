<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ActionBar</name>
    <message>
        <location filename="../../../gui/translate/action_bar.py" line="+38"/>
        <source>Translate</source>
        <extracomment>the button that translates the source text</extracomment>
        <translation>翻译</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Translate (Ctrl+Enter)</source>
        <translation>翻译（Ctrl+Enter）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Translate the text or the open document (Ctrl+Enter)</source>
        <translation>翻译文本或打开的文档（Ctrl+Enter）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Retranslate</source>
        <translation>重新翻译</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Translate every segment again with the chosen model, without reusing the translation memory</source>
        <translation>用所选模型重新翻译每个句段，不复用翻译记忆</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Stop</source>
        <extracomment>stops a translation that is running</extracomment>
        <translation>停止</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop translating; Translate continues later</source>
        <translation>停止翻译；稍后点“翻译”可继续</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Open document…</source>
        <translation>打开文档…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open a text, Markdown, subtitle, HTML or Word document to translate</source>
        <translation>打开要翻译的文本、Markdown、字幕、HTML 或 Word 文档</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Close document</source>
        <translation>关闭文档</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Save translation…</source>
        <translation>保存译文…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Copy</source>
        <extracomment>copies the translation to the clipboard</extracomment>
        <translation>复制</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the translation</source>
        <translation>复制译文</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Translation progress</source>
        <translation>翻译进度</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Translation status</source>
        <translation>翻译状态</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Segment {current} of {total}</source>
        <translation>第 {current} 个句段，共 {total} 个</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{count} from memory</source>
        <translation>{count} 个来自翻译记忆</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>about {seconds} s left</source>
        <translation>约剩 {seconds} 秒</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>not offline: sent to {engine}</source>
        <translation>非离线：已发送至 {engine}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{done}/{total} segments, {memory} from memory, {flagged} flagged (see Segments)</source>
        <translation>{done}/{total} 个句段，{memory} 个来自翻译记忆，{flagged} 个已标记（见“句段”）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{done}/{total} segments, {memory} from memory</source>
        <translation>{done}/{total} 个句段，{memory} 个来自翻译记忆</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Stopped at {summary}; {untranslated} not translated (shown as {marker}); Translate continues from there.</source>
        <translation>已停止：{summary}；{untranslated} 个未翻译（显示为 {marker}）；点“翻译”可从此处继续。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Done: {summary}.</source>
        <translation>完成：{summary}。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Translation stopped: {error}</source>
        <translation>翻译已中止：{error}</translation>
    </message>
</context>
<context>
    <name>FlagReasons</name>
    <message>
        <location filename="../../../gui/translate/flag_reasons.py" line="+25"/>
        <source>the source language</source>
        <translation>源语言</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>the model returned no translation</source>
        <translation>模型没有返回译文</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>a question came back without a question mark (an answer?)</source>
        <translation>问句的译文没有问号（是回答而不是翻译？）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the translation is much longer than the source ({ratio}×)</source>
        <translation>译文比原文长得多（{ratio}×）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the translation is much shorter than the source ({ratio}×)</source>
        <translation>译文比原文短得多（{ratio}×）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the model repeated the glossary instructions instead of translating</source>
        <translation>模型复述了术语表的指令，没有翻译</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>“{term}” should stay untranslated</source>
        <translation>“{term}”应保持不译</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>“{term}” should be “{translation}”</source>
        <translation>“{term}”应译为“{translation}”</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the model dropped {count} link/code/tag item(s)</source>
        <translation>模型丢失了 {count} 处链接/代码/标签</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the text came back untranslated, in {language}</source>
        <translation>文本未被翻译，仍是{language}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the translation is not in {language}</source>
        <translation>译文不是{language}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the translation is in {language}</source>
        <translation>译文是{language}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the model wrote more than a translation; the extra lines were cut</source>
        <translation>模型写了译文以外的内容；多余的行已删去</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the translation reached the length limit and may be incomplete</source>
        <translation>译文达到长度上限，可能不完整</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>a placeholder (⟦…⟧) is broken in this translation; edit it</source>
        <translation>此译文中的占位符（⟦…⟧）已损坏；请编辑修正</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>{reason} (also after a retry)</source>
        <comment>a flag reason that a second try kept</comment>
        <translation>{reason}（重试后仍然如此）</translation>
    </message>
</context>
<context>
    <name>GlossaryPanel</name>
    <message>
        <location filename="../../../gui/translate/glossary_panel.py" line="+43"/>
        <source>Term</source>
        <translation>术语</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Translation (empty: do not translate)</source>
        <translation>译法（留空：不翻译）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Glossary</source>
        <translation>术语表</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The terms of this language pair and their translations; a term with no translation is kept as it is</source>
        <translation>此语言对的术语及其译法；没有译法的术语保持原样</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Add term</source>
        <translation>添加术语</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove term</source>
        <translation>移除术语</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove the selected term from the glossary</source>
        <translation>从术语表中移除所选术语</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Import CSV…</source>
        <translation>导入 CSV…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message numerus="yes">
        <location line="+55"/>
        <source>%n term(s) for {pair}</source>
        <translation>
            <numerusform>{pair}：%n 个术语</numerusform>
        </translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Cannot import {file}: {error}</source>
        <translation>无法导入 {file}：{error}</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>Imported %n term(s) from {file}.</source>
        <translation>
            <numerusform>已从 {file} 导入 %n 个术语。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Import a glossary</source>
        <translation>导入术语表</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV 文件 (*.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Export the glossary</source>
        <translation>导出术语表</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cannot export: {error}</source>
        <translation>无法导出：{error}</translation>
    </message>
</context>
<context>
    <name>Languages</name>
    <message>
        <location filename="../../../gui/translate/language_names.py" line="+20"/>
        <source>Arabic</source>
        <translation>阿拉伯语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bulgarian</source>
        <translation>保加利亚语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Catalan</source>
        <translation>加泰罗尼亚语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Czech</source>
        <translation>捷克语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Danish</source>
        <translation>丹麦语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>German</source>
        <translation>德语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Greek</source>
        <translation>希腊语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>English</source>
        <translation>英语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Spanish</source>
        <translation>西班牙语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Estonian</source>
        <translation>爱沙尼亚语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Persian</source>
        <translation>波斯语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finnish</source>
        <translation>芬兰语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>French</source>
        <translation>法语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hebrew</source>
        <translation>希伯来语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hindi</source>
        <translation>印地语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Croatian</source>
        <translation>克罗地亚语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hungarian</source>
        <translation>匈牙利语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Indonesian</source>
        <translation>印度尼西亚语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Italian</source>
        <translation>意大利语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Japanese</source>
        <translation>日语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Korean</source>
        <translation>韩语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lithuanian</source>
        <translation>立陶宛语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Latvian</source>
        <translation>拉脱维亚语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dutch</source>
        <translation>荷兰语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Norwegian</source>
        <translation>挪威语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Polish</source>
        <translation>波兰语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Portuguese</source>
        <translation>葡萄牙语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Romanian</source>
        <translation>罗马尼亚语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Russian</source>
        <translation>俄语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Slovak</source>
        <translation>斯洛伐克语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Slovenian</source>
        <translation>斯洛文尼亚语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Serbian</source>
        <translation>塞尔维亚语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Swedish</source>
        <translation>瑞典语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Swahili</source>
        <translation>斯瓦希里语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Thai</source>
        <translation>泰语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Turkish</source>
        <translation>土耳其语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ukrainian</source>
        <translation>乌克兰语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Urdu</source>
        <translation>乌尔都语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vietnamese</source>
        <translation>越南语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chinese (Simplified)</source>
        <translation>简体中文</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chinese (Traditional)</source>
        <translation>繁体中文</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>{name} ({native})</source>
        <comment>a language: its name in the window&apos;s language, then its own</comment>
        <translation>{name}（{native}）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Auto-detect ({language})</source>
        <comment>the source language picker, once detected</comment>
        <translation>自动检测（{language}）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Auto-detect</source>
        <translation>自动检测</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{source} → {target}</source>
        <comment>a language pair</comment>
        <translation>{source} → {target}</translation>
    </message>
</context>
<context>
    <name>MemoryPanel</name>
    <message>
        <location filename="../../../gui/translate/memory_panel.py" line="+54"/>
        <source>Confirmed</source>
        <translation>已确认</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Model: {model}</source>
        <translation>模型：{model}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model (unknown)</source>
        <translation>模型（未知）</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Search the source or the translation…</source>
        <translation>搜索原文或译文…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search the translation memory</source>
        <translation>搜索翻译记忆</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Lists the segments whose source or translation holds this text</source>
        <translation>列出原文或译文中含有此文本的句段</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Source</source>
        <extracomment>the memory table&apos;s column of source texts</extracomment>
        <translation>原文</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Translation</source>
        <extracomment>the memory table&apos;s column of translated texts</extracomment>
        <translation>译文</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Origin</source>
        <extracomment>who wrote a remembered translation: the user (confirmed) or a model</extracomment>
        <translation>来源</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Translation memory</source>
        <translation>翻译记忆</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>An identical segment is reused: the ones you confirmed always, the model&apos;s only for the model that wrote them. Double-click a translation to correct it (it becomes confirmed).</source>
        <translation>相同的句段会被复用：你确认过的始终复用，模型译出的只供同一模型复用。双击译文可修改（修改后即为已确认）。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Delete</source>
        <extracomment>deletes the selected segments from the translation memory</extracomment>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Delete the selected segments from the translation memory</source>
        <translation>从翻译记忆中删除所选句段</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Clear this pair…</source>
        <translation>清空此语言对…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Forget every remembered segment of this language pair</source>
        <translation>删除此语言对记住的所有句段</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Import TMX…</source>
        <translation>导入 TMX…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export TMX…</source>
        <translation>导出 TMX…</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Select the segments to delete first.</source>
        <translation>请先选择要删除的句段。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Delete this entry of {pair} from the translation memory? This cannot be undone.</source>
        <translation>要从翻译记忆中删除 {pair} 的这一条目吗？此操作无法撤销。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Delete these {count} entries of {pair} from the translation memory? This cannot be undone.</source>
        <translation>要从翻译记忆中删除 {pair} 的这 {count} 个条目吗？此操作无法撤销。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Delete from the translation memory</source>
        <translation>从翻译记忆中删除</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>Deleted %n segment(s) from the translation memory.</source>
        <translation>
            <numerusform>已从翻译记忆中删除 %n 个句段。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>Cleared %n segment(s) of {pair}.</source>
        <translation>
            <numerusform>已清空 {pair} 的 %n 个句段。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>Imported %n segment(s) for {pair}.</source>
        <translation>
            <numerusform>已为 {pair} 导入 %n 个句段。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Cannot export: {error}</source>
        <translation>无法导出：{error}</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>Exported %n segment(s) to {file}.</source>
        <translation>
            <numerusform>已将 %n 个句段导出到 {file}。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+51"/>
        <source>%n segment(s) for {pair}, {total} in all ({shown} match)</source>
        <translation>
            <numerusform>{pair}：%n 个句段，共 {total} 个（{shown} 个匹配）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n segment(s) for {pair}, {total} in all (newest {shown} shown)</source>
        <translation>
            <numerusform>{pair}：%n 个句段，共 {total} 个（显示最新的 {shown} 个）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n segment(s) for {pair}, {total} in all</source>
        <translation>
            <numerusform>{pair}：%n 个句段，共 {total} 个</numerusform>
        </translation>
    </message>
    <message>
        <location line="+10"/>
        <source>A translation cannot be empty; use Delete instead.</source>
        <translation>译文不能为空；要移除请用“删除”。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The corrected translation is confirmed in the memory.</source>
        <translation>修改后的译文已在翻译记忆中确认。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Clear the translation memory</source>
        <translation>清空翻译记忆</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Forget every remembered segment for {pair}, confirmed ones included? This cannot be undone (the glossary stays).</source>
        <translation>要删除 {pair} 记住的所有句段（包括已确认的）吗？此操作无法撤销（术语表保留）。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Import a TMX file</source>
        <translation>导入 TMX 文件</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>TMX files (*.tmx);;All files (*)</source>
        <translation>TMX 文件 (*.tmx);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Export the translation memory</source>
        <translation>导出翻译记忆</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>TMX files (*.tmx)</source>
        <translation>TMX 文件 (*.tmx)</translation>
    </message>
</context>
<context>
    <name>ModelCombo</name>
    <message>
        <location filename="../../../gui/translate/model_picker.py" line="+66"/>
        <source>{model}
The model to translate with; it is loaded when needed</source>
        <translation>{model}
用于翻译的模型；需要时自动加载</translation>
    </message>
</context>
<context>
    <name>ModelPicker</name>
    <message>
        <location line="+13"/>
        <source>Model to translate with</source>
        <translation>翻译所用模型</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The loaded model, or a model of the library that is loaded when needed</source>
        <translation>已加载的模型，或模型库中需要时再加载的模型</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reproducible</source>
        <extracomment>a check box: same text, same translation</extracomment>
        <translation>可复现</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Temperature 0 and a fixed seed: same text, same translation</source>
        <translation>温度为 0、固定随机种子：相同文本得到相同译文</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Model</source>
        <extracomment>the label before the model picker</extracomment>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Not offline</source>
        <translation>非离线</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The text is sent to {engine} to be translated.</source>
        <translation>文本会发送到 {engine} 进行翻译。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The loaded model</source>
        <translation>已加载的模型</translation>
    </message>
</context>
<context>
    <name>PairBar</name>
    <message>
        <location filename="../../../gui/translate/pair_bar.py" line="+43"/>
        <source>Source language</source>
        <translation>源语言</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The language of the text to translate, or Auto-detect</source>
        <translation>要翻译文本的语言，或自动检测</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Target language</source>
        <translation>目标语言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The language to translate into</source>
        <translation>要译成的语言</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Swap the languages (and the texts)</source>
        <translation>互换语言（及文本）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Swap languages</source>
        <translation>互换语言</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The target language becomes the source, and the translation the text</source>
        <translation>目标语言变为源语言，译文变为待译文本</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Favourite (★) and recently used language pairs</source>
        <translation>收藏（★）和最近使用的语言对</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+145"/>
        <source>Favourite and recent pairs</source>
        <translation>收藏和最近的语言对</translation>
    </message>
    <message>
        <location line="-143"/>
        <source>Choose a language pair used before</source>
        <translation>选择用过的语言对</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+3"/>
        <source>Keep this pair at the top of the list</source>
        <translation>将此语言对保持在列表顶部</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Favourite pair</source>
        <translation>收藏语言对</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>From</source>
        <extracomment>before the source language picker: &quot;From [English] to [French]&quot;</extracomment>
        <translation>从</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>to</source>
        <extracomment>before the target language picker: &quot;From [English] to [French]&quot;</extracomment>
        <translation>译为</translation>
    </message>
</context>
<context>
    <name>SegmentEdits</name>
    <message>
        <location filename="../../../gui/translate/edits.py" line="+71"/>
        <source>; </source>
        <extracomment>separates the problems of several segments, each &quot;number: problem&quot;</extracomment>
        <translation>；</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{number}: {problem}</source>
        <translation>{number}：{problem}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Confirm flagged segments</source>
        <translation>确认已标记的句段</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{flagged} of the {edited} edited segment(s) still have a problem (⚠, see Segments): {problems}. Confirm them into the memory anyway?</source>
        <translation>编辑过的 {edited} 个句段中有 {flagged} 个仍有问题（⚠，见“句段”）：{problems}。仍要将它们确认到翻译记忆中吗？</translation>
    </message>
    <message numerus="yes">
        <location line="+12"/>
        <source>%n edited segment(s) confirmed into the translation memory.</source>
        <translation>
            <numerusform>已将 %n 个编辑过的句段确认到翻译记忆中。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n flagged segment(s) left unconfirmed.</source>
        <translation>
            <numerusform>%n 个已标记的句段未确认。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Double-click a translation in Segments to edit it.</source>
        <translation>在“句段”中双击译文即可编辑。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Retranslate</source>
        <translation>重新翻译</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Retranslate discards your %n edited segment(s) that are not confirmed into the memory. Retranslate anyway?</source>
        <translation>
            <numerusform>重新翻译会丢弃你编辑过但尚未确认到翻译记忆的 %n 个句段。仍要重新翻译吗？</numerusform>
        </translation>
    </message>
    <message>
        <location line="+45"/>
        <source>, </source>
        <extracomment>separates glossary terms in a list</extracomment>
        <translation>、</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n translated segment(s) hold {terms} without the glossary&apos;s translation: Translate translates them again (the memory&apos;s model segments are reused only where they follow the glossary).</source>
        <translation>
            <numerusform>%n 个已翻译的句段含有 {terms}，但未采用术语表的译法：点“翻译”会重新翻译它们（翻译记忆中模型译出的句段仅在符合术语表时复用）。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SegmentsPanel</name>
    <message>
        <location filename="../../../gui/translate/segments_panel.py" line="+25"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>From memory</source>
        <translation>来自翻译记忆</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Confirmed</source>
        <translation>已确认</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edited (not confirmed)</source>
        <translation>已编辑（未确认）</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Source</source>
        <extracomment>the segments table&apos;s column of source texts</extracomment>
        <translation>原文</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Translation</source>
        <extracomment>the segments table&apos;s column of translated texts</extracomment>
        <translation>译文</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Segments</source>
        <translation>句段</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>One row per segment: its number, source, translation and status. Press F2 to edit a translation.</source>
        <translation>每个句段一行：编号、原文、译文和状态。按 F2 编辑译文。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Confirm edited segments into the memory</source>
        <translation>将编辑过的句段确认到翻译记忆</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Double-click a translation to edit it; confirmed segments are reused exactly.</source>
        <translation>双击译文即可编辑；已确认的句段会原样复用。</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Translating…</source>
        <translation>翻译中…</translation>
    </message>
</context>
<context>
    <name>TranslateView</name>
    <message>
        <location filename="../../../gui/translate/translate_view.py" line="+46"/>
        <source>Documents (*.txt *.md *.markdown *.srt *.html *.htm *.docx);;All files (*)</source>
        <translation>文档 (*.txt *.md *.markdown *.srt *.html *.htm *.docx);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>Type or paste text, or open a document…</source>
        <translation>输入或粘贴文本，或打开文档…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Text to translate</source>
        <translation>待译文本</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Type or paste the text to translate; Ctrl+Enter translates it</source>
        <translation>输入或粘贴要翻译的文本；按 Ctrl+Enter 翻译</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The translation appears here as it is written.</source>
        <translation>译文会在生成时显示在这里。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Translation</source>
        <translation>译文</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The translation of the text, read only; the Segments tab edits it</source>
        <translation>文本的译文，只读；可在“句段”标签页中编辑</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Segments</source>
        <translation>句段</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Glossary</source>
        <translation>术语表</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Memory</source>
        <extracomment>the tab of the translation memory</extracomment>
        <translation>翻译记忆</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Segments, glossary and memory</source>
        <translation>句段、术语表和翻译记忆</translation>
    </message>
    <message>
        <location line="+140"/>
        <source>{file}: {count} segments ({kind})</source>
        <translation>{file}：{count} 个句段（{kind}）</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Cannot save: {error}</source>
        <translation>无法保存：{error}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Saved {file}: {untranslated} of {total} segments are not translated, marked {marker} (Translate continues, then save again).</source>
        <translation>已保存 {file}：{total} 个句段中有 {untranslated} 个未翻译，标为 {marker}（点“翻译”继续，然后再次保存）。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Saved {file}.</source>
        <translation>已保存 {file}。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Open a document to translate</source>
        <translation>打开要翻译的文档</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Nothing translated yet.</source>
        <translation>还没有译文。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Save the translation</source>
        <translation>保存译文</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Load a model first (Model menu), or choose one above.</source>
        <translation>请先加载模型（“模型”菜单），或在上方选择一个模型。</translation>
    </message>
</context>
<context>
    <name>TranslationRunner</name>
    <message>
        <location filename="../../../gui/translate/runner.py" line="+129"/>
        <source>Loading {model}…</source>
        <translation>正在加载 {model}…</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Nothing to translate.</source>
        <translation>没有要翻译的内容。</translation>
    </message>
    <message>
        <location line="+121"/>
        <source>The model could not be loaded: {error}</source>
        <translation>无法加载模型：{error}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Loading the model was cancelled.</source>
        <translation>已取消加载模型。</translation>
    </message>
</context>
</TS>
