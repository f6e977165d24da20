<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ChatController</name>
    <message>
        <location filename="../../../gui/chat/chat_controller.py" line="+40"/>
        <source>This reply stopped while the model was thinking. Its thinking can be continued only with a model loaded here (a remote engine would start the reply afresh); regenerate it instead, or continue it with a local model.</source>
        <translation>这条回复在模型思考时停止了。只有在本机加载的模型才能继续它的思考（远程引擎会从头重新回复）；请改为重新生成，或用本地模型继续。</translation>
    </message>
</context>
<context>
    <name>ChatWorkspace</name>
    <message>
        <location filename="../../../gui/chat/announce.py" line="+20"/>
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
        <location filename="../../../gui/chat/workspace.py" line="+165"/>
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
        <location line="+124"/>
        <source>This message is {count} characters long, far more than any loaded model&apos;s context can hold. Shorten it; nothing was sent.</source>
        <translation>这条消息长达 {count} 个字符，远超任何已加载模型的上下文容量。请缩短后再发送；本次未发送任何内容。</translation>
    </message>
    <message>
        <location line="+8"/>
        <location filename="../../../gui/chat/workspace_transcript.py" line="+65"/>
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
        <location line="+77"/>
        <source>The reply failed</source>
        <translation>回复失败</translation>
    </message>
    <message>
        <location filename="../../../gui/chat/workspace_transcript.py" line="+66"/>
        <source>The chat history could not be read, so a new one was started. The old file was kept as {path}.</source>
        <translation>无法读取对话记录，已新建一份。旧文件保存在 {path}。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%n reply(s) were cut off when Hearth last closed unexpectedly; they are marked Interrupted and can be continued.</source>
        <translation>Hearth 上次意外关闭时有 %n 条回复被中断；它们已标记为“已中断”，可以继续生成。</translation>
    </message>
</context>
<context>
    <name>ConversationFiles</name>
    <message>
        <location filename="../../../gui/chat/conversation_files.py" line="+21"/>
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
        <source>temperature {temperature} · top_p {top_p} · top_k {top_k} · min_p {min_p} · max {max_tokens} tokens · seed {seed} · thinking {thinking}</source>
        <translation>温度 {temperature} · top_p {top_p} · top_k {top_k} · min_p {min_p} · 最多 {max_tokens} 个词元 · 种子 {seed} · 思考：{thinking}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>temperature {temperature} · top_p {top_p} · top_k {top_k} · min_p {min_p} · max {max_tokens} tokens · random seed · thinking {thinking}</source>
        <translation>温度 {temperature} · top_p {top_p} · top_k {top_k} · min_p {min_p} · 最多 {max_tokens} 个词元 · 随机种子 · 思考：{thinking}</translation>
    </message>
    <message>
        <location line="+53"/>
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
    <message>
        <location line="+92"/>
        <source>%n found</source>
        <translation>找到 %n 个</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing found</source>
        <translation>未找到结果</translation>
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
    <name>MarkdownBrowser</name>
    <message>
        <location filename="../../../gui/chat/markdown_browser.py" line="+42"/>
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
        <location line="+71"/>
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
    <message>
        <location line="+4"/>
        <source>Enter sends this as a new version: the %n later message(s) are replaced by a new reply. They are kept as the earlier version (‹ › switches back).</source>
        <translation>按 Enter 作为新版本发送：其后的 %n 条消息将由新回复取代。它们会作为旧版本保留（用 ‹ › 切换回去）。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Enter saves your text as a new version of this reply; no new reply is written, and the earlier version is kept (‹ › switches).</source>
        <translation>按 Enter 将你的文字保存为这条回复的新版本；不会生成新回复，旧版本会保留（用 ‹ › 切换）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Enter saves your text as a new version of this reply; no new reply is written, and the earlier version is kept (‹ › switches). The %n later message(s) stay with the earlier version.</source>
        <translation>按 Enter 将你的文字保存为这条回复的新版本；不会生成新回复，旧版本会保留（用 ‹ › 切换）。其后的 %n 条消息仍属于旧版本。</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Thinking copied to the clipboard</source>
        <translation>思考内容已复制到剪贴板</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Message copied to the clipboard</source>
        <translation>消息已复制到剪贴板</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Wait for the reply to finish (or stop it with Esc) first.</source>
        <translation>请先等待回复完成（或按 Esc 停止）。</translation>
    </message>
    <message>
        <location line="+10"/>
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
        <source>Delete version {version} of {count} of this message and the %n later message(s) of its branch? This cannot be undone.</source>
        <translation>
            <numerusform>删除这条消息的第 {version} 个版本（共 {count} 个）及其分支中其后的 %n 条消息？此操作无法撤销。</numerusform>
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
        <location line="+15"/>
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
    <message>
        <location line="+6"/>
        <source>%n tokens ({thinking} thinking)</source>
        <translation>%n 个词元（思考 {thinking} 个）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%n tokens</source>
        <translation>%n 个词元</translation>
    </message>
    <message>
        <location line="+2"/>
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
    <message>
        <location line="+7"/>
        <source>%n oldest messages left out to fit the context</source>
        <translation>为适应上下文，省略了最早的 %n 条消息</translation>
    </message>
    <message>
        <location line="+8"/>
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
        <location line="+184"/>
        <source>Copy this message</source>
        <translation>复制这条消息</translation>
    </message>
    <message>
        <location line="-183"/>
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
        <location line="+35"/>
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
        <location line="+31"/>
        <source>Copy the thinking (this reply has no answer yet)</source>
        <translation>复制思考内容（这条回复还没有答案）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy the answer (not the thinking)</source>
        <translation>复制答案（不含思考内容）</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Version {version} of {count}</source>
        <translation>第 {version} 个版本，共 {count} 个</translation>
    </message>
    <message>
        <location line="+35"/>
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
    <name>Sidebar</name>
    <message>
        <location filename="../../../gui/chat/sidebar.py" line="+161"/>
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
        <location line="+118"/>
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
        <location line="+94"/>
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
        <location filename="../../../gui/chat/transcript_view.py" line="+46"/>
        <source>Conversation transcript</source>
        <translation>对话内容</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The messages of the open conversation; Tab moves from message to message.</source>
        <translation>当前对话的消息；按 Tab 逐条切换消息。</translation>
    </message>
    <message numerus="yes">
        <location line="+123"/>
        <source>Show earlier messages (%Ln more)</source>
        <translation>
            <numerusform>显示更早的消息（还有 %Ln 条）</numerusform>
        </translation>
    </message>
</context>
</TS>
