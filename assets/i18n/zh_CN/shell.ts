<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>BackgroundTask</name>
    <message>
        <location filename="../../../gui/common/background.py" line="+180"/>
        <source>Unexpected error: {error}</source>
        <translation>意外错误：{error}</translation>
    </message>
</context>
<context>
    <name>CrashHandler</name>
    <message>
        <location filename="../../../gui/common/crash_handler.py" line="+102"/>
        <source>Something went wrong: {error}

Hearth keeps running. The details are in {log}.</source>
        <translation>出现了问题：{error}

Hearth 仍在运行。详细信息见 {log}。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Something went wrong: {error}

Hearth keeps running.</source>
        <translation>出现了问题：{error}

Hearth 仍在运行。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Hearth hit an unexpected error</source>
        <translation>Hearth 遇到了意外错误</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <location filename="../../../gui/common/dialogs.py" line="+61"/>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Quit</source>
        <extracomment>a button: quit Hearth</extracomment>
        <translation>退出</translation>
    </message>
</context>
<context>
    <name>HelpMenu</name>
    <message>
        <location filename="../../../gui/help_menu.py" line="+40"/>
        <source>Send the message (in the message box and in a message being edited)</source>
        <translation>发送消息（在消息框和正在编辑的消息中）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>New line in the message box (and in a message being edited)</source>
        <translation>在消息框中换行（正在编辑的消息中也可）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cancel editing a message (in the message being edited)</source>
        <translation>取消编辑消息（在正在编辑的消息中）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Clear the chat search (in the search box)</source>
        <translation>清除对话搜索（在搜索框中）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the selected conversation (in the chat list)</source>
        <translation>删除选中的对话（在对话列表中）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rename the selected conversation (in the chat list)</source>
        <translation>重命名选中的对话（在对话列表中）</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>{menu} → </source>
        <extracomment>the path to a command in the menus: &quot;File → Quit&quot;</extracomment>
        <translation>{menu} → </translation>
    </message>
    <message>
        <location line="+90"/>
        <source>User &amp;manual</source>
        <translation>用户手册(&amp;M)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open the &amp;data folder</source>
        <translation>打开数据文件夹(&amp;D)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open the &amp;log folder</source>
        <translation>打开日志文件夹(&amp;L)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;About Hearth</source>
        <translation>关于 Hearth(&amp;A)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+20"/>
        <location line="+7"/>
        <source>Cannot open the folder</source>
        <translation>无法打开文件夹</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>{folder}: {error}</source>
        <translation>{folder}：{error}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No application opened {folder}. It is where Hearth keeps these files.</source>
        <translation>没有应用程序能打开 {folder}。Hearth 将这些文件保存在该文件夹中。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>User manual</source>
        <translation>用户手册</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The manual is not installed here.</source>
        <translation>此处未安装用户手册。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>About Hearth</source>
        <translation>关于 Hearth</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Hearth {version}
Private AI chat and offline translation with local models.
llama-cpp-python {llama_cpp}

Data: {data}
Logs: {logs}</source>
        <translation>Hearth {version}
使用本地模型的私密 AI 对话与离线翻译。
llama-cpp-python {llama_cpp}

数据：{data}
日志：{logs}</translation>
    </message>
</context>
<context>
    <name>InferenceWorker</name>
    <message>
        <location filename="../../../gui/inference/worker.py" line="+189"/>
        <location line="+151"/>
        <source>Unexpected error: {error}</source>
        <translation>意外错误：{error}</translation>
    </message>
    <message>
        <location line="-116"/>
        <source>{engine} ({host}) no longer serves {model}; it serves: {models}</source>
        <translation>{engine}（{host}）已不再提供 {model}；它提供的模型：{models}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{engine} ({host}) no longer serves {model}; it serves nothing</source>
        <translation>{engine}（{host}）已不再提供 {model}；它目前不提供任何模型</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>No model is loaded. Open a model first.</source>
        <translation>尚未加载模型。请先打开一个模型。</translation>
    </message>
    <message>
        <location line="+105"/>
        <source>The reply failed.</source>
        <translation>回复失败。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../../gui/main_window.py" line="+94"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Chat</source>
        <extracomment>the menu of conversation commands (New chat, Stop)</extracomment>
        <translation>对话(&amp;C)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;Chat</source>
        <comment>the Chat view, beside Translate</comment>
        <translation>对话(&amp;C)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Translate</source>
        <comment>the Translate view</comment>
        <translation>翻译(&amp;T)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Model:</source>
        <extracomment>the label before the model picker in the toolbar</extracomment>
        <translation>模型：</translation>
    </message>
</context>
<context>
    <name>ManualDialog</name>
    <message>
        <location filename="../../../gui/help_menu.py" line="-118"/>
        <source>Hearth user manual</source>
        <translation>Hearth 用户手册</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>User manual</source>
        <translation>用户手册</translation>
    </message>
</context>
<context>
    <name>PlacementText</name>
    <message>
        <location filename="../../../gui/inference/placement_text.py" line="+22"/>
        <source>CPU only: this build of llama.cpp has no GPU backend (see README)</source>
        <translation>仅 CPU：此 llama.cpp 构建没有 GPU 后端（见 README）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>CPU only (as set for this model)</source>
        <translation>仅 CPU（按此模型的设置）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>CPU only: the model did not fit on {backend} ({tried} layers tried)</source>
        <translation>仅 CPU：模型无法放入 {backend}（尝试了 {tried} 层）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>all {total} layers on {backend} (as set)</source>
        <translation>全部 {total} 层在 {backend} 上（按设置）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{gpu}/{total} layers on {backend} (what fitted last time)</source>
        <translation>{gpu}/{total} 层在 {backend} 上（上次能放下的层数）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{gpu}/{total} layers on {backend}: {free} GiB of VRAM free</source>
        <translation>{gpu}/{total} 层在 {backend} 上：可用显存 {free} GiB</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{gpu}/{total} layers on {backend}: not enough VRAM for {wanted}</source>
        <translation>{gpu}/{total} 层在 {backend} 上：显存不足以放下 {wanted} 层</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{gpu}/{total} layers on {backend}</source>
        <translation>{gpu}/{total} 层在 {backend} 上</translation>
    </message>
</context>
<context>
    <name>ShortcutHint</name>
    <message>
        <location filename="../../../gui/common/shortcut_hint.py" line="+29"/>
        <source>{action} ({keys})</source>
        <extracomment>a tooltip: {action} is a command&apos;s name, {keys} its keyboard shortcut</extracomment>
        <translation>{action}（{keys}）</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../../gui/help_menu.py" line="-36"/>
        <location line="+4"/>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keys</source>
        <extracomment>the column of key combinations (Ctrl+N…)</extracomment>
        <translation>按键</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Action</source>
        <extracomment>the column saying what a key combination does</extracomment>
        <translation>操作</translation>
    </message>
</context>
<context>
    <name>StatusLine</name>
    <message>
        <location filename="../../../gui/status_line.py" line="+33"/>
        <source>{gpu}/{total} layers on {backend}</source>
        <extracomment>where a model runs: {gpu} of its {total} layers are on the {backend} (CUDA, Metal…)</extracomment>
        <translation>{gpu}/{total} 层在 {backend} 上</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{name} · on {engine}</source>
        <extracomment>{name}: a model; {engine}: the remote engine and host it runs on</extracomment>
        <translation>{name} · 运行于 {engine}</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Loaded model</source>
        <translation>已加载的模型</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Context used</source>
        <translation>已用上下文</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Local API server</source>
        <translation>本地 API 服务器</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>ctx –</source>
        <extracomment>the context meter when no conversation or no local model: &quot;ctx&quot; is short for context</extracomment>
        <translation>上下文 –</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The conversation nearly fills the context: the oldest messages will be left out of the next reply.</source>
        <translation>对话几乎占满了上下文：生成下一条回复时将略去最早的消息。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tokens of the context this conversation uses</source>
        <translation>此对话占用的上下文词元数</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The local API server: base URL {url}</source>
        <translation>本地 API 服务器：基础 URL {url}</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>ctx {used}/{size}</source>
        <extracomment>the context meter: {used} of the context&apos;s {size} tokens; &quot;ctx&quot; is short for context</extracomment>
        <translation>上下文 {used}/{size}</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Loading {file}…</source>
        <translation>正在加载 {file}…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Loading {file}… {percent}%</source>
        <translation>正在加载 {file}… {percent}%</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Using {name} on {engine}: messages are sent there</source>
        <translation>正在使用 {engine} 上的 {name}：消息将发送到那里</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>context {size} tokens</source>
        <translation>上下文 {size} 个词元</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Model loaded in {seconds} s · {where}</source>
        <extracomment>{seconds}: how long the load took; {where}: where the model runs, and why</extracomment>
        <translation>模型已加载，用时 {seconds} 秒 · {where}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Model loaded: {model}</source>
        <translation>模型已加载：{model}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The model could not be loaded</source>
        <translation>无法加载模型</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{file} could not be loaded</source>
        <translation>无法加载 {file}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Loading {file} was cancelled</source>
        <translation>已取消加载 {file}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Model unloaded: no model is loaded</source>
        <translation>模型已卸载：当前未加载模型</translation>
    </message>
</context>
</TS>
