<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ApiController</name>
    <message>
        <location filename="../../../gui/api/api_controller.py" line="+47"/>
        <source>Local API &amp;server…</source>
        <translation>本地 API 服务器(&amp;S)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Remote &amp;engines…</source>
        <translation>远程引擎(&amp;E)…</translation>
    </message>
</context>
<context>
    <name>ApiServer</name>
    <message>
        <location filename="../../../gui/api/api_server.py" line="+132"/>
        <source>API at {address} (network)</source>
        <translation>API 位于 {address}（网络）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>API at {address}</source>
        <translation>API 位于 {address}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{status} · no model loaded</source>
        <translation>{status} · 未加载模型</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Serving to the network needs an API key: nothing was started.</source>
        <translation>向网络提供服务需要 API 密钥：服务器未启动。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The local API server cannot listen on port {port}: {reason}. Choose another port in Settings → Local API server.</source>
        <translation>本地 API 服务器无法监听端口 {port}：{reason}。请在“设置 → 本地 API 服务器”中选择其他端口。</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>Changing the model ended 1 API request being answered; its client was told the model changed.</source>
        <translation>更换模型中止了 1 个正在回复的 API 请求；已告知其客户端模型已更换。</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>Changing the model ended %n API requests being answered; their clients were told the model changed.</source>
        <translation>
            <numerusform>更换模型中止了 %n 个正在回复的 API 请求；已告知它们的客户端模型已更换。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ApiSettingsDialog</name>
    <message>
        <location filename="../../../gui/api/api_settings_dialog.py" line="+35"/>
        <source>Local API server</source>
        <translation>本地 API 服务器</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Serves the model loaded in Hearth through an OpenAI-compatible API, for editors, scripts and other tools: base URL http://127.0.0.1:PORT/v1.</source>
        <translation>通过 OpenAI 兼容的 API 提供 Hearth 中已加载的模型，供编辑器、脚本和其他工具使用：基础 URL 为 http://127.0.0.1:端口/v1。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Run the local API server</source>
        <translation>运行本地 API 服务器</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Allow other computers on the network</source>
        <translation>允许网络中的其他计算机访问</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Anyone on your network who has the key can use the model, and everything they send is processed on this computer.</source>
        <translation>网络中任何持有密钥的人都能使用该模型，他们发送的所有内容都在这台计算机上处理。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Generate</source>
        <extracomment>a button that makes a random API key</extracomment>
        <translation>生成</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Generate an API key</source>
        <translation>生成 API 密钥</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>none (web pages cannot call it)</source>
        <translation>无（网页无法调用）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Origins of web pages allowed to call the API, separated by commas, e.g. http://localhost:3000</source>
        <translation>允许调用该 API 的网页来源，以逗号分隔，例如 http://localhost:3000</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Replies decoded together (the window&apos;s own included). The model is reloaded with this many slots, each with its whole context: more memory.</source>
        <translation>同时解码的回复数（包括窗口自己的回复）。模型将以这么多个槽位重新加载，每个槽位都有完整的上下文：占用更多内存。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Load the model a request names (just in time)</source>
        <translation>加载请求指定的模型（按需加载）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>GET /v1/models lists every model of the library. A request naming another model of the library replaces the model loaded in the window (once no reply is being written); off, such a request is refused.</source>
        <translation>GET /v1/models 列出模型库中的所有模型。指定模型库中其他模型的请求会替换窗口中已加载的模型（在没有正在生成的回复之后）；关闭时，此类请求会被拒绝。</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+12"/>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <location line="-11"/>
        <location line="+14"/>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <location line="-13"/>
        <location line="+14"/>
        <source>Web origins (CORS)</source>
        <translation>网页来源（CORS）</translation>
    </message>
    <message>
        <location line="-13"/>
        <location line="+14"/>
        <source>Parallel slots</source>
        <translation>并行槽位</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>required for the network</source>
        <translation>网络访问时必填</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>none (only this computer can connect)</source>
        <translation>无（仅这台计算机可以连接）</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Serving to the network needs an API key: set one (Generate makes one).</source>
        <translation>向网络提供服务需要 API 密钥：请设置一个（“生成”可自动创建）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>A web origin starts with http:// or https://: {origin}</source>
        <translation>网页来源须以 http:// 或 https:// 开头：{origin}</translation>
    </message>
</context>
<context>
    <name>Catalog</name>
    <message>
        <location filename="../../../gui/models/catalog_text.py" line="+21"/>
        <source>Quick answers on any machine; a first model that loads in seconds</source>
        <translation>在任何机器上都能快速回答；几秒钟即可加载的入门模型</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Small everyday assistant: summaries, rewriting, short questions</source>
        <translation>小巧的日常助手：摘要、改写、简短问答</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Small multilingual chat; good default on laptops without a GPU</source>
        <translation>小巧的多语言对话模型；没有 GPU 的笔记本电脑上的理想默认选择</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fully open small model for English chat and rewriting</source>
        <translation>完全开放的小模型，适合英语对话和改写</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Best small all-rounder: chat, code snippets, 29 languages; runs on 4 GB of RAM</source>
        <translation>最佳小型全能模型：对话、代码片段、29 种语言；4 GB 内存即可运行</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Capable general assistant with a long context (128k)</source>
        <translation>能力出色的通用助手，支持长上下文（128k）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reasoning, maths and code for its size</source>
        <translation>同等规模中推理、数学和代码能力突出</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Strong multilingual writing and translation at 4B</source>
        <translation>4B 规模下出色的多语言写作与翻译</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reasoning (thinking mode) and tool use; 100+ languages</source>
        <translation>推理（思考模式）和工具调用；支持 100 多种语言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reliable 7B generalist for writing and European languages</source>
        <translation>可靠的 7B 通用模型，擅长写作和欧洲语言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Strong chat, code and structured output; 29 languages</source>
        <translation>擅长对话、代码和结构化输出；29 种语言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The well-known 8B assistant; long context (128k)</source>
        <translation>知名的 8B 助手；长上下文（128k）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Translation and writing in 23 languages</source>
        <translation>23 种语言的翻译与写作</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>High-quality multilingual writing and translation; needs 16 GB of RAM or a GPU</source>
        <translation>高质量的多语言写作与翻译；需要 16 GB 内存或 GPU</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>multilingual (140+)</source>
        <translation>多语言（140 多种）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>multilingual</source>
        <translation>多语言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>multilingual (100+)</source>
        <translation>多语言（100 多种）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>CC-BY-NC-4.0 (non-commercial)</source>
        <translation>CC-BY-NC-4.0（非商业）</translation>
    </message>
</context>
<context>
    <name>CatalogTab</name>
    <message>
        <location filename="../../../gui/models/catalog_tab.py" line="+37"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On this machine</source>
        <translation>在本机上</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Licence</source>
        <translation>许可证</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Good at</source>
        <translation>擅长</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Languages</source>
        <translation>语言</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Catalog</source>
        <translation>模型目录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Curated models; Enter or double-click downloads the selected one</source>
        <translation>精选模型；按 Enter 或双击下载所选模型</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Download the model selected in the catalog</source>
        <translation>下载模型目录中所选的模型</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sizes and fit are estimates until the hub lists the file; every download is checked against the hub&apos;s sha256.</source>
        <translation>在模型中心列出文件之前，大小和适配情况均为估计值；每次下载都会按模型中心提供的 sha256 校验。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Installed</source>
        <translation>已安装</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>, </source>
        <extracomment>the separator between the languages of one model (en, zh, fr)</extracomment>
        <translation>、</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Select a model in the catalog to download.</source>
        <translation>请在模型目录中选择要下载的模型。</translation>
    </message>
</context>
<context>
    <name>DownloadManager</name>
    <message>
        <location filename="../../../gui/models/download_manager.py" line="+74"/>
        <source>Unfinished: press Resume to continue</source>
        <translation>未完成：按“继续下载”继续</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>Pausing…</source>
        <translation>正在暂停…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Checking the bytes already on disk…</source>
        <translation>正在检查磁盘上已有的数据…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reconnecting…</source>
        <translation>正在重新连接…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verifying sha256…</source>
        <translation>正在校验 sha256…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Installing…</source>
        <translation>正在安装…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Part {part} of {parts}</source>
        <translation>第 {part} 部分，共 {parts} 部分</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Installed and verified</source>
        <translation>已安装并校验</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
</context>
<context>
    <name>DownloadRow</name>
    <message>
        <location filename="../../../gui/models/download_row.py" line="+29"/>
        <source>Download progress of {name}</source>
        <translation>{name} 的下载进度</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Resume</source>
        <translation>继续下载</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Dismiss</source>
        <translation>移除</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pause the download of {name}</source>
        <translation>暂停下载 {name}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Continue the download of {name}</source>
        <translation>继续下载 {name}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Try the download of {name} again</source>
        <translation>重新下载 {name}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel the download of {name} and delete its part</source>
        <translation>取消下载 {name} 并删除已下载的部分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove the finished download of {name} from the list</source>
        <translation>从列表中移除已完成的下载 {name}</translation>
    </message>
</context>
<context>
    <name>DownloadsPanel</name>
    <message>
        <location filename="../../../gui/models/downloads_panel.py" line="+17"/>
        <location line="+7"/>
        <location line="+40"/>
        <source>Downloads</source>
        <translation>下载</translation>
    </message>
    <message numerus="yes">
        <location line="+0"/>
        <source>Downloads (%n)</source>
        <translation>
            <numerusform>下载（%n）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EnginesDialog</name>
    <message>
        <location filename="../../../gui/api/engines_dialog.py" line="+44"/>
        <source>A header is &apos;Name: value&apos;, one per line: {line!r}</source>
        <translation>请求头格式为“名称: 值”，每行一个：{line!r}</translation>
    </message>
    <message>
        <location line="+18"/>
        <location line="+15"/>
        <source>Remote engines</source>
        <translation>远程引擎</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>Chat and translate with models on another computer: any OpenAI-compatible server (llama.cpp&apos;s llama-server, vLLM, Ollama, LM Studio, another Hearth). What you send to a remote model leaves this computer.</source>
        <translation>使用另一台计算机上的模型进行对话和翻译：任何 OpenAI 兼容的服务器（llama.cpp 的 llama-server、vLLM、Ollama、LM Studio、另一个 Hearth）。发送给远程模型的内容会离开这台计算机。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Selecting an engine shows its settings below</source>
        <translation>选择一个引擎，下方会显示其设置</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>GPU box</source>
        <extracomment>an example name for a remote engine (a computer with a GPU)</extracomment>
        <translation>GPU 主机</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>none</source>
        <extracomment>no API key</extracomment>
        <translation>无</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>X-Header: value (one per line, optional)</source>
        <translation>X-Header: 值（每行一个，可选）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Save and test</source>
        <translation>保存并测试</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save the engine and ask it for its models</source>
        <translation>保存引擎并获取其模型列表</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove the selected engine</source>
        <translation>删除所选引擎</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New engine</source>
        <translation>新建引擎</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Base URL</source>
        <translation>基础 URL</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Headers</source>
        <translation>请求头</translation>
    </message>
    <message numerus="yes">
        <location line="+29"/>
        <source>{engine} · {url} · %n model(s)</source>
        <translation>
            <numerusform>{engine} · {url} · %n 个模型</numerusform>
        </translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Give the engine a name (it labels its models in the menu).</source>
        <translation>请为引擎命名（菜单中用它标示其模型）。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Connecting to {host}…</source>
        <translation>正在连接 {host}…</translation>
    </message>
    <message numerus="yes">
        <location line="+13"/>
        <source>Connected: %n model(s).</source>
        <translation>
            <numerusform>已连接：%n 个模型。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Not connected: {reason}</source>
        <translation>未连接：{reason}</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Remove engine</source>
        <translation>删除引擎</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove {engine}? Its models leave the Model menu; conversations keep their text.</source>
        <translation>删除 {engine}？其模型将从“模型”菜单中移除；对话会保留其内容。</translation>
    </message>
</context>
<context>
    <name>InstalledTab</name>
    <message>
        <location filename="../../../gui/models/installed_tab.py" line="+23"/>
        <source>Bundled</source>
        <translation>内置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Models folder</source>
        <translation>模型文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Linked (not copied)</source>
        <translation>已链接（未复制）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Import a GGUF model</source>
        <translation>导入 GGUF 模型</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Link (no copy)</source>
        <translation>链接（不复制）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Use {file} where it is, or copy it into the models folder?</source>
        <translation>在原位置使用 {file}，还是将其复制到模型文件夹？</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+25"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location line="-24"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Installed models</source>
        <translation>已安装的模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter or double-click loads the selected model</source>
        <translation>按 Enter 或双击加载所选模型</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Load</source>
        <translation>加载</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Load the selected model</source>
        <translation>加载所选模型</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Import a .gguf…</source>
        <translation>导入 .gguf…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete or unlink the selected model</source>
        <translation>删除所选模型或取消其链接</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open models folder</source>
        <translation>打开模型文件夹</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Found on this machine</source>
        <translation>在本机上找到</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>From</source>
        <translation>来源</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Models found from other apps</source>
        <translation>从其他应用找到的模型</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Look for models from other apps</source>
        <translation>查找其他应用的模型</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Link selected</source>
        <translation>链接所选</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Use the selected found model where it is, without copying it</source>
        <translation>在原位置使用找到的所选模型，不复制</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>{tokens} ctx</source>
        <translation>上下文 {tokens}</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n parts</source>
        <translation>
            <numerusform>%n 个部分</numerusform>
        </translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Select a model to load.</source>
        <translation>请选择要加载的模型。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{model} cannot be used: {problem}.</source>
        <translation>{model} 无法使用：{problem}。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF 模型 (*.gguf)</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Copied {file}.</source>
        <translation>已复制 {file}。</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Linked {file}.</source>
        <translation>已链接 {file}。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Copying {file} into the models folder…</source>
        <translation>正在将 {file} 复制到模型文件夹…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Copying {file} into the models folder… {percent} %</source>
        <translation>正在将 {file} 复制到模型文件夹… {percent}%</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Select a model to remove.</source>
        <translation>请选择要删除的模型。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Delete {file} from the models folder? This frees {size} and cannot be undone.</source>
        <translation>从模型文件夹中删除 {file}？这将释放 {size}，且无法撤销。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Remove {model} from the list? The file itself stays where it is.</source>
        <translation>从列表中移除 {model}？文件本身会保留在原位置。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove model</source>
        <translation>删除模型</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Removed {model}; {size} freed.</source>
        <translation>已删除 {model}；释放了 {size}。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Removed {model}.</source>
        <translation>已删除 {model}。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Looking for GGUF files from LM Studio, GPT4All, Jan and the HF cache…</source>
        <translation>正在查找 LM Studio、GPT4All、Jan 和 HF 缓存中的 GGUF 文件…</translation>
    </message>
    <message numerus="yes">
        <location line="+18"/>
        <source>Found %n model(s) from other apps: link them to use them without downloading again.</source>
        <translation>
            <numerusform>从其他应用找到 %n 个模型：链接后即可使用，无需重新下载。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No models from other apps were found.</source>
        <translation>没有找到其他应用的模型。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Select a found model to link.</source>
        <translation>请选择要链接的已找到模型。</translation>
    </message>
</context>
<context>
    <name>LoadSettingsDialog</name>
    <message>
        <location filename="../../../gui/models/load_settings_dialog.py" line="+42"/>
        <source>Auto (what fits)</source>
        <translation>自动（按可用显存）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All layers</source>
        <translation>全部层</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CPU only</source>
        <translation>仅 CPU</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Load settings: {file}</source>
        <translation>加载设置：{file}</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>at most {most}, the context the model was made for (the saved {saved} is lowered to it)</source>
        <translation>最多 {most}，即模型设计的上下文长度（已保存的 {saved} 会降至此值）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>at most {most}, the context the model was made for</source>
        <translation>最多 {most}，即模型设计的上下文长度</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>This many layers:</source>
        <translation>指定层数：</translation>
    </message>
    <message>
        <location line="+7"/>
        <source> of {total} layers</source>
        <translation> / {total} 层</translation>
    </message>
    <message>
        <location line="+0"/>
        <source> layers</source>
        <translation> 层</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The model has {layers} layers (plus its output layer)</source>
        <translation>该模型有 {layers} 层（另加输出层）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>How many of the model&apos;s layers go to the GPU</source>
        <translation>放到 GPU 上的模型层数</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>all cores</source>
        <translation>全部核心</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Flash attention</source>
        <translation>启用 Flash Attention</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Memory-map the file (loads faster, shares pages)</source>
        <translation>内存映射文件（加载更快，共享内存页）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Lock the model in RAM (never swapped out)</source>
        <translation>将模型锁定在内存中（永不换出）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>From the model file</source>
        <translation>来自模型文件</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Custom…</source>
        <translation>自定义…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A Jinja chat template, as in a GGUF file</source>
        <translation>Jinja 对话模板，格式同 GGUF 文件中的模板</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Custom chat template</source>
        <translation>自定义对话模板</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Opening reasoning tag</source>
        <translation>思考开始标记</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Closing reasoning tag</source>
        <translation>思考结束标记</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>This build of llama.cpp has no GPU backend: everything runs on the CPU whatever is chosen here.</source>
        <translation>此 llama.cpp 构建没有 GPU 后端：无论这里如何选择，都会在 CPU 上运行。</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+9"/>
        <source>Context length (tokens)</source>
        <translation>上下文长度（词元）</translation>
    </message>
    <message>
        <location line="-8"/>
        <location line="+10"/>
        <source>GPU offload</source>
        <translation>GPU 层分配</translation>
    </message>
    <message>
        <location line="-9"/>
        <location line="+10"/>
        <source>GPU layers</source>
        <translation>GPU 层数</translation>
    </message>
    <message>
        <location line="-9"/>
        <location line="+11"/>
        <source>CPU threads</source>
        <translation>CPU 线程数</translation>
    </message>
    <message>
        <location line="-10"/>
        <location line="+11"/>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <location line="-10"/>
        <location line="+12"/>
        <source>KV cache type</source>
        <translation>KV 缓存类型</translation>
    </message>
    <message>
        <location line="-11"/>
        <location line="+14"/>
        <source>Chat format</source>
        <translation>对话格式</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reasoning tags</source>
        <translation>思考标记</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Save and reload</source>
        <translation>保存并重新加载</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>default: {tag}</source>
        <translation>默认：{tag}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Only needed for a model that marks its thinking with other tags than &lt;think&gt; … &lt;/think&gt; (or gpt-oss&apos;s channels). Left empty, those are used when the model&apos;s chat template writes them.</source>
        <translation>仅当模型用 &lt;think&gt; … &lt;/think&gt;（或 gpt-oss 的通道）以外的标记来标示思考内容时才需要。留空时，如果模型的对话模板写出这些标记，就使用它们。</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>not estimated for this model&apos;s file</source>
        <translation>无法为此模型文件估算</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Will not fit: {fit}. Lower the context length or choose a smaller KV cache type.</source>
        <translation>内存不足：{fit}。请降低上下文长度或选择更小的 KV 缓存类型。</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>These settings will not fit this machine ({fit}): nothing was saved.</source>
        <translation>这些设置超出本机内存（{fit}）：未保存任何内容。</translation>
    </message>
</context>
<context>
    <name>ModelInfoDialog</name>
    <message>
        <location filename="../../../gui/models/model_info_dialog.py" line="+37"/>
        <source>cannot read the file: {reason}</source>
        <translation>无法读取文件：{reason}</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Model information</source>
        <translation>模型信息</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Trained context</source>
        <translation>训练上下文</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Layers</source>
        <translation>层数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GGUF version</source>
        <translation>GGUF 版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>File size</source>
        <translation>文件大小</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>License</source>
        <translation>许可证</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not stated in the file</source>
        <translation>文件中未注明</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+27"/>
        <source>Chat template</source>
        <translation>对话模板</translation>
    </message>
    <message>
        <location line="-26"/>
        <source>yes</source>
        <translation>有</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>none (a base model)</source>
        <translation>无（基础模型）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>context {tokens} · {placement}</source>
        <translation>上下文 {tokens} · {placement}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Loaded with</source>
        <translation>加载方式</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not computed</source>
        <translation>未计算</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Compute sha256</source>
        <translation>计算 sha256</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Read the whole file and show its sha256 checksum</source>
        <translation>读取整个文件并显示其 sha256 校验和</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Chat template:</source>
        <translation>对话模板：</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>computing…</source>
        <translation>正在计算…</translation>
    </message>
</context>
<context>
    <name>ModelMenu</name>
    <message>
        <location filename="../../../gui/models/model_menu.py" line="+86"/>
        <source>&amp;Open model…</source>
        <translation>打开模型(&amp;O)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Load the &amp;starter model</source>
        <translation>加载入门模型(&amp;S)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Unload model</source>
        <translation>卸载模型(&amp;U)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Model &amp;information…</source>
        <translation>模型信息(&amp;I)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Load &amp;settings…</source>
        <translation>加载设置(&amp;S)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Reset load settings and retry</source>
        <translation>重置加载设置并重试(&amp;R)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Cancel loading</source>
        <translation>取消加载(&amp;C)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Load the last model at start-up</source>
        <translation>启动时加载上次的模型</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The model to chat with; choosing one loads it</source>
        <translation>用于对话的模型；选择后即加载</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>The engine {engine!r} is no longer in Settings → Engines; add it again to use its models.</source>
        <translation>引擎 {engine!r} 已不在“设置 → 引擎”中；请重新添加后再使用其模型。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The saved load settings cannot be used: {reason}</source>
        <translation>已保存的加载设置无法使用：{reason}</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>{engine} was removed: its model {model} is unloaded.</source>
        <translation>{engine} 已删除：其模型 {model} 已卸载。</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>No model is loaded yet. Choose one in the Model menu, or open a GGUF file with File → Open model… (Ctrl+O).</source>
        <translation>尚未加载模型。请在“模型”菜单中选择一个，或通过“文件 → 打开模型…”（Ctrl+O）打开 GGUF 文件。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{model} · on {engine}</source>
        <translation>{model} · 位于 {engine}</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>No models yet: open a .gguf file</source>
        <translation>还没有模型：请打开 .gguf 文件</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Open a GGUF model</source>
        <translation>打开 GGUF 模型</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+80"/>
        <source>Reset load settings</source>
        <translation>重置加载设置</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Forget the load settings saved for {file} (context, GPU offload, chat format, custom template…) and load it with the defaults?</source>
        <translation>清除为 {file} 保存的加载设置（上下文、GPU 层分配、对话格式、自定义模板…），并以默认设置加载？</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Model → Load settings… changes how it is loaded; Model → Reset load settings and retry goes back to the defaults.</source>
        <translation>“模型 → 加载设置…”可更改其加载方式；“模型 → 重置加载设置并重试”可恢复默认设置。</translation>
    </message>
</context>
<context>
    <name>ModelsController</name>
    <message>
        <location filename="../../../gui/models/models_controller.py" line="+60"/>
        <source>&amp;Manage models…</source>
        <translation>管理模型(&amp;M)…</translation>
    </message>
    <message>
        <location line="+107"/>
        <source>Asking {hub} about {file}…</source>
        <translation>正在向 {hub} 查询 {file}…</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Resume download</source>
        <translation>继续下载</translation>
    </message>
    <message>
        <location line="+12"/>
        <location line="+8"/>
        <source>The download of {file} failed: {reason}</source>
        <translation>{file} 下载失败：{reason}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Retry download</source>
        <translation>重试下载</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Download finished: {file} is installed and verified.</source>
        <translation>下载完成：{file} 已安装并校验。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{file} is installed and verified: pick it in the Model menu.</source>
        <translation>{file} 已安装并校验：请在“模型”菜单中选择它。</translation>
    </message>
</context>
<context>
    <name>ModelsDisplay</name>
    <message>
        <location filename="../../../gui/models/display.py" line="+46"/>
        <source>{hours} h {minutes} min</source>
        <translation>{hours} 小时 {minutes} 分</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{minutes} min {seconds} s</source>
        <translation>{minutes} 分 {seconds} 秒</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{seconds} s</source>
        <translation>{seconds} 秒</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Too large (≈{need} GB; {free} GB free)</source>
        <translation>过大（约 {need} GB；可用 {free} GB）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Fits with partial GPU offload (≈{need} GB; {vram} GB on the GPU)</source>
        <translation>部分层放到 GPU 可运行（约 {need} GB；GPU 上 {vram} GB）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Fits on the {backend} GPU (≈{need} GB)</source>
        <translation>可在 {backend} GPU 上运行（约 {need} GB）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Fits on the GPU (≈{need} GB)</source>
        <translation>可在 GPU 上运行（约 {need} GB）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Fits in memory (≈{need} GB of {free} GB free)</source>
        <translation>内存足够（约 {need} GB，可用 {free} GB）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{done} of {total}</source>
        <translation>{done} / {total}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{speed}/s</source>
        <translation>{speed}/秒</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{time} left</source>
        <translation>剩余 {time}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>the Hugging Face hub</source>
        <translation>Hugging Face 模型中心</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>offline ({hub} is not contacted)</source>
        <translation>离线（不连接 {hub}）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{hub} with an access token</source>
        <translation>{hub}（使用访问令牌）</translation>
    </message>
</context>
<context>
    <name>ModelsSettingsDialog</name>
    <message>
        <location filename="../../../gui/models/models_settings_dialog.py" line="+34"/>
        <source>Models settings</source>
        <translation>模型设置</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+36"/>
        <location line="+28"/>
        <source>Models folder</source>
        <translation>模型文件夹</translation>
    </message>
    <message>
        <location line="-63"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose the models folder</source>
        <translation>选择模型文件夹</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+27"/>
        <source>Hub or mirror</source>
        <translation>模型中心或镜像</translation>
    </message>
    <message>
        <location line="-22"/>
        <source>from HF_TOKEN</source>
        <translation>来自 HF_TOKEN</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>only for gated models (hf_…)</source>
        <translation>仅用于受限模型（hf_…）</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+19"/>
        <source>Access token</source>
        <translation>访问令牌</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>Offline: never contact the hub</source>
        <translation>离线：从不连接模型中心</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>HF_HUB_OFFLINE is set in Hearth&apos;s environment: Hearth stays offline whatever this box says. `make run` sets it; start Hearth with `make run HF_HUB_OFFLINE=0` (or `.venv/bin/hearth`) to use the hub.</source>
        <translation>Hearth 的环境中设置了 HF_HUB_OFFLINE：无论此复选框如何，Hearth 都保持离线。`make run` 会设置它；要使用模型中心，请用 `make run HF_HUB_OFFLINE=0`（或 `.venv/bin/hearth`）启动 Hearth。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>A new models folder is used for new downloads and listed from now on; models in the old folder stay on disk. The token is stored in Hearth&apos;s settings file, readable by your user only.</source>
        <translation>新的模型文件夹将用于此后的下载和列表；旧文件夹中的模型仍保留在磁盘上。令牌保存在 Hearth 的设置文件中，仅你的用户可读。</translation>
    </message>
</context>
<context>
    <name>ModelsWindow</name>
    <message>
        <location filename="../../../gui/models/models_window.py" line="+79"/>
        <source>Models — Hearth</source>
        <translation>模型 — Hearth</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Installed</source>
        <translation>已安装</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Catalog</source>
        <translation>模型目录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search hub</source>
        <translation>搜索模型中心</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The models folder, the hub or a mirror, an access token, offline mode</source>
        <translation>模型文件夹、模型中心或镜像、访问令牌、离线模式</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>Models folder: {folder}  ·  Hub: {hub}</source>
        <translation>模型文件夹：{folder}  ·  模型中心：{hub}</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Asking {hub} about {file}…</source>
        <translation>正在向 {hub} 查询 {file}…</translation>
    </message>
</context>
<context>
    <name>SearchTab</name>
    <message>
        <location filename="../../../gui/models/search_tab.py" line="+91"/>
        <source>Search GGUF models on the hub, e.g. qwen 7b</source>
        <translation>在模型中心搜索 GGUF 模型，例如 qwen 7b</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search the hub</source>
        <translation>搜索模型中心</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Words of a model&apos;s name; Enter searches</source>
        <translation>模型名称中的词；按 Enter 搜索</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sort the results</source>
        <translation>结果排序</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Most downloaded</source>
        <translation>下载最多</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Most liked</source>
        <translation>点赞最多</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Repository</source>
        <translation>仓库</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Downloads</source>
        <translation>下载量</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Likes</source>
        <translation>点赞</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Repositories found</source>
        <translation>找到的仓库</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Selecting a repository lists its GGUF files below</source>
        <translation>选择一个仓库，下方会列出其 GGUF 文件</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On this machine</source>
        <translation>在本机上</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Model files of the selected repository</source>
        <translation>所选仓库的模型文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter or double-click downloads the selected file</source>
        <translation>按 Enter 或双击下载所选文件</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Download the selected model file</source>
        <translation>下载所选模型文件</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Searching {hub}…</source>
        <translation>正在搜索 {hub}…</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>No GGUF repositories match.</source>
        <translation>没有匹配的 GGUF 仓库。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>gated: needs a token</source>
        <translation>受限：需要令牌</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Listing {repo}…</source>
        <translation>正在列出 {repo} 的文件…</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>{repo} has no GGUF model files.</source>
        <translation>{repo} 中没有 GGUF 模型文件。</translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>{file}  (%n parts)</source>
        <translation>
            <numerusform>{file}（%n 个部分）</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Installed</source>
        <translation>已安装</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>none published</source>
        <translation>未公布</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Select a file to download.</source>
        <translation>请选择要下载的文件。</translation>
    </message>
</context>
<context>
    <name>UnreachablePanel</name>
    <message>
        <location line="-215"/>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ask the hub again</source>
        <translation>再次请求模型中心</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Mirror settings…</source>
        <translation>镜像设置…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Models → Settings: the hub address, a mirror, a token</source>
        <translation>模型 → 设置：模型中心地址、镜像、令牌</translation>
    </message>
</context>
<context>
    <name>WelcomePanel</name>
    <message>
        <location filename="../../../gui/models/welcome_panel.py" line="+18"/>
        <source>Hearth runs AI models on this computer: nothing you type leaves it. To start, download a model or use a .gguf file you already have.</source>
        <translation>Hearth 在这台计算机上运行 AI 模型：你输入的任何内容都不会离开它。开始使用前，请下载一个模型，或使用你已有的 .gguf 文件。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Hearth runs AI models on this computer: nothing you type leaves it. Only the tiny starter model is installed: it is there to try Hearth, and its answers are weak. For real use, download a model or use a .gguf file you already have.</source>
        <translation>Hearth 在这台计算机上运行 AI 模型：你输入的任何内容都不会离开它。目前只安装了小巧的入门模型：它仅用于试用 Hearth，回答质量较弱。要正式使用，请下载一个模型，或使用你已有的 .gguf 文件。</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Welcome to Hearth</source>
        <translation>欢迎使用 Hearth</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&lt;b&gt;Recommended: {model}&lt;/b&gt; ({size}, {licence})&lt;br&gt;{good_at}.</source>
        <translation>&lt;b&gt;推荐：{model}&lt;/b&gt;（{size}，{licence}）&lt;br&gt;{good_at}。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Download {model}</source>
        <translation>下载 {model}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Download a model</source>
        <translation>下载模型</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Import a .gguf file…</source>
        <translation>导入 .gguf 文件…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Browse all models…</source>
        <translation>浏览所有模型…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Try the starter model</source>
        <translation>试用入门模型</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not now</source>
        <translation>以后再说</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Download progress</source>
        <translation>下载进度</translation>
    </message>
</context>
<context>
    <name>WindowModelLoader</name>
    <message>
        <location filename="../../../gui/api/window_models.py" line="+221"/>
        <source>An API request is waiting to load {model} in place of {current}: it loads once the replies being written have ended, and later messages go to it.</source>
        <translation>一个 API 请求正在等待加载 {model} 以替换 {current}：正在生成的回复结束后即会加载，之后的消息将发送给它。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>An API request is waiting to load {model}: it loads once the replies being written have ended, and later messages go to it.</source>
        <translation>一个 API 请求正在等待加载 {model}：正在生成的回复结束后即会加载，之后的消息将发送给它。</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>An API request asked for {model}, which did not finish loading within {seconds} s; the request was answered with an error.</source>
        <translation>一个 API 请求要求使用 {model}，但它未能在 {seconds} 秒内加载完成；已向该请求返回错误。</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>An API request asked for {model}, which could not be loaded: {reason}.</source>
        <translation>一个 API 请求要求使用 {model}，但无法加载：{reason}。</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>{model} is chosen again.</source>
        <translation>已重新选择 {model}。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>An API request loaded {model} in place of {previous}; your next messages go to it.</source>
        <translation>一个 API 请求加载了 {model} 以替换 {previous}；你接下来的消息将发送给它。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>An API request loaded {model}; your next messages go to it.</source>
        <translation>一个 API 请求加载了 {model}；你接下来的消息将发送给它。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{model} is loaded again.</source>
        <translation>已重新加载 {model}。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>{model} stays loaded.</source>
        <translation>{model} 仍保持加载。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{model} could not be loaded again either: {reason}</source>
        <translation>{model} 也无法重新加载：{reason}</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Loading {model} again was stopped.</source>
        <translation>重新加载 {model} 已停止。</translation>
    </message>
</context>
</TS>
