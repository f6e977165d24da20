<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>ActionBar</name>
    <message numerus="yes">
        <source>%Ln flagged (see Segments).</source>
        <translation>
            <numerusform>%Ln flagged (see Segments).</numerusform>
            <numerusform>%Ln flagged (see Segments).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln translation(s) reuse the model&apos;s reply from an earlier run (Retranslate asks the model again).</source>
        <translation>
            <numerusform>%Ln translation reuses the model&apos;s reply from an earlier run (Retranslate asks the model again).</numerusform>
            <numerusform>%Ln translations reuse the model&apos;s replies from an earlier run (Retranslate asks the model again).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln segment(s) it had not reached keep their earlier translation.</source>
        <translation>
            <numerusform>%Ln segment it had not reached keeps its earlier translation.</numerusform>
            <numerusform>%Ln segments it had not reached keep their earlier translation.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ApiServer</name>
    <message numerus="yes">
        <source>Changing the model ended %Ln API requests being answered; their clients were told the model changed.</source>
        <translation>
            <numerusform>Changing the model ended %Ln API request being answered; its client was told the model changed.</numerusform>
            <numerusform>Changing the model ended %Ln API requests being answered; their clients were told the model changed.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>App</name>
    <message numerus="yes">
        <source>%Ln unfinished download(s) kept their bytes: Model → Manage models… (Ctrl+Shift+M) to resume.</source>
        <translation>
            <numerusform>%Ln unfinished download kept its bytes: Model → Manage models… (Ctrl+Shift+M) to resume.</numerusform>
            <numerusform>%Ln unfinished downloads kept their bytes: Model → Manage models… (Ctrl+Shift+M) to resume.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ChatWorkspace</name>
    <message numerus="yes">
        <source>%Ln reply(s) were cut off when Hearth last closed unexpectedly; they are marked Interrupted and can be continued.</source>
        <translation>
            <numerusform>%Ln reply was cut off when Hearth last closed unexpectedly; it is marked Interrupted and can be continued.</numerusform>
            <numerusform>%Ln replies were cut off when Hearth last closed unexpectedly; they are marked Interrupted and can be continued.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConversationListModel</name>
    <message numerus="yes">
        <source>%Ln found</source>
        <translation>
            <numerusform>%Ln found</numerusform>
            <numerusform>%Ln found</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DownloadsPanel</name>
    <message numerus="yes">
        <source>Downloads (%Ln)</source>
        <translation>
            <numerusform>Downloads (%Ln)</numerusform>
            <numerusform>Downloads (%Ln)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EnginesDialog</name>
    <message numerus="yes">
        <source>{engine} · {url} · %Ln model(s)</source>
        <translation>
            <numerusform>{engine} · {url} · %Ln model</numerusform>
            <numerusform>{engine} · {url} · %Ln models</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Connected: %Ln model(s).</source>
        <translation>
            <numerusform>Connected: %Ln model.</numerusform>
            <numerusform>Connected: %Ln models.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GlossaryPanel</name>
    <message numerus="yes">
        <source>%Ln term(s) for {pair}</source>
        <translation>
            <numerusform>%Ln term for {pair}</numerusform>
            <numerusform>%Ln terms for {pair}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Imported %Ln term(s) from {file} into the glossary ({new} new, {changed} changed).</source>
        <translation>
            <numerusform>Imported %Ln term from {file} into the glossary ({new} new, {changed} changed).</numerusform>
            <numerusform>Imported %Ln terms from {file} into the glossary ({new} new, {changed} changed).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>InstalledTab</name>
    <message numerus="yes">
        <source>%Ln parts</source>
        <translation>
            <numerusform>%Ln part</numerusform>
            <numerusform>%Ln parts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Found %Ln model(s) from other apps: link them to use them without downloading again.</source>
        <translation>
            <numerusform>Found %Ln model from other apps: link it to use it without downloading again.</numerusform>
            <numerusform>Found %Ln models from other apps: link them to use them without downloading again.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MemoryPanel</name>
    <message numerus="yes">
        <source>Deleted %Ln segment(s) from the translation memory.</source>
        <translation>
            <numerusform>Deleted %Ln segment from the translation memory.</numerusform>
            <numerusform>Deleted %Ln segments from the translation memory.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cleared %Ln segment(s) of {pair}.</source>
        <translation>
            <numerusform>Cleared %Ln segment of {pair}.</numerusform>
            <numerusform>Cleared %Ln segments of {pair}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Imported %Ln segment(s) for {pair}.</source>
        <translation>
            <numerusform>Imported %Ln segment for {pair}.</numerusform>
            <numerusform>Imported %Ln segments for {pair}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln segment(s) to {file}.</source>
        <translation>
            <numerusform>Exported %Ln segment to {file}.</numerusform>
            <numerusform>Exported %Ln segments to {file}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln segment(s) for {pair}, {total} in all (matching the search: {shown})</source>
        <translation>
            <numerusform>%Ln segment for {pair}, {total} in all (matching the search: {shown})</numerusform>
            <numerusform>%Ln segments for {pair}, {total} in all (matching the search: {shown})</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln segment(s) for {pair}, {total} in all (newest {shown} shown)</source>
        <translation>
            <numerusform>%Ln segment for {pair}, {total} in all (newest {shown} shown)</numerusform>
            <numerusform>%Ln segments for {pair}, {total} in all (newest {shown} shown)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln segment(s) for {pair}, {total} in all</source>
        <translation>
            <numerusform>%Ln segment for {pair}, {total} in all</numerusform>
            <numerusform>%Ln segments for {pair}, {total} in all</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MessageActions</name>
    <message numerus="yes">
        <source>Delete version {version} of {count} of this message and the %Ln later message(s) of its branch? This cannot be undone.</source>
        <translation>
            <numerusform>Delete version {version} of {count} of this message and the %Ln later message of its branch? This cannot be undone.</numerusform>
            <numerusform>Delete version {version} of {count} of this message and the %Ln later messages of its branch? This cannot be undone.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Enter saves your text as a new version of this reply; no new reply is written, and the earlier version is kept (‹ › switches). The %Ln later message(s) stay with the earlier version.</source>
        <translation>
            <numerusform>Enter saves your text as a new version of this reply; no new reply is written, and the earlier version is kept (‹ › switches). The %Ln later message stays with the earlier version.</numerusform>
            <numerusform>Enter saves your text as a new version of this reply; no new reply is written, and the earlier version is kept (‹ › switches). The %Ln later messages stay with the earlier version.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Enter sends this as a new version: the %Ln later message(s) are replaced by a new reply. They are kept as the earlier version (‹ › switches back).</source>
        <translation>
            <numerusform>Enter sends this as a new version: the %Ln later message is replaced by a new reply. It is kept as the earlier version (‹ › switches back).</numerusform>
            <numerusform>Enter sends this as a new version: the %Ln later messages are replaced by a new reply. They are kept as the earlier version (‹ › switches back).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MessageWidget</name>
    <message numerus="yes">
        <source>%Ln tokens</source>
        <translation>
            <numerusform>%Ln token</numerusform>
            <numerusform>%Ln tokens</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln oldest messages left out to fit the context</source>
        <translation>
            <numerusform>%Ln oldest message left out to fit the context</numerusform>
            <numerusform>%Ln oldest messages left out to fit the context</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln tokens ({thinking} thinking)</source>
        <translation>
            <numerusform>%Ln token ({thinking} thinking)</numerusform>
            <numerusform>%Ln tokens ({thinking} thinking)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SearchTab</name>
    <message numerus="yes">
        <source>{file}  (%Ln parts)</source>
        <translation>
            <numerusform>{file}  (%Ln part)</numerusform>
            <numerusform>{file}  (%Ln parts)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SegmentEdits</name>
    <message numerus="yes">
        <source>Hearth kept %Ln translation edit(s) that were not confirmed when it last stopped ({edits}): each comes back in Segments when its paragraph is translated again between the same languages, and Hearth asks about them when it quits.</source>
        <translation>
            <numerusform>Hearth kept %Ln translation edit that was not confirmed when it last stopped ({edits}): it comes back in Segments when its paragraph is translated again between the same languages, and Hearth asks about it when it quits.</numerusform>
            <numerusform>Hearth kept %Ln translation edits that were not confirmed when it last stopped ({edits}): each comes back in Segments when its paragraph is translated again between the same languages, and Hearth asks about them when it quits.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln unconfirmed edit(s) wait for their paragraph ({edits}): translate that text again between the same languages to see and confirm them.</source>
        <translation>
            <numerusform>%Ln unconfirmed edit waits for its paragraph ({edits}): translate that text again between the same languages to see and confirm it.</numerusform>
            <numerusform>%Ln unconfirmed edits wait for their paragraphs ({edits}): translate that text again between the same languages to see and confirm them.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln of the {edited} edited segment(s) still have a problem (⚠, see Segments): {problems}. Confirm them into the memory anyway?</source>
        <translation>
            <numerusform>%Ln of the {edited} edited segments still has a problem (⚠, see Segments): {problems}. Confirm it into the memory anyway?</numerusform>
            <numerusform>%Ln of the {edited} edited segments still have a problem (⚠, see Segments): {problems}. Confirm them into the memory anyway?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln edited segment(s) confirmed into the translation memory.</source>
        <translation>
            <numerusform>%Ln edited segment confirmed into the translation memory.</numerusform>
            <numerusform>%Ln edited segments confirmed into the translation memory.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln flagged segment(s) left unconfirmed.</source>
        <translation>
            <numerusform>%Ln flagged segment left unconfirmed.</numerusform>
            <numerusform>%Ln flagged segments left unconfirmed.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln edited translation(s) are not confirmed into the translation memory; Hearth forgets them when it quits. Confirm them first?</source>
        <translation>
            <numerusform>%Ln edited translation is not confirmed into the translation memory; Hearth forgets it when it quits. Confirm it first?</numerusform>
            <numerusform>%Ln edited translations are not confirmed into the translation memory; Hearth forgets them when it quits. Confirm them first?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln of them still marked ⚠ (see Segments).</source>
        <translation>
            <numerusform>%Ln of them is still marked ⚠ (see Segments).</numerusform>
            <numerusform>%Ln of them are still marked ⚠ (see Segments).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Retranslate discards your %Ln edited segment(s) that are not confirmed into the memory.</source>
        <translation>
            <numerusform>Retranslate discards your %Ln edited segment that is not confirmed into the memory.</numerusform>
            <numerusform>Retranslate discards your %Ln edited segments that are not confirmed into the memory.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>It also replaces %Ln confirmed segment(s) in Segments with the model&apos;s translations; the memory keeps your confirmed translations.</source>
        <translation>
            <numerusform>It also replaces %Ln confirmed segment in Segments with the model&apos;s translation; the memory keeps your confirmed translations.</numerusform>
            <numerusform>It also replaces %Ln confirmed segments in Segments with the model&apos;s translations; the memory keeps your confirmed translations.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Retranslate replaces %Ln confirmed segment(s) in Segments with the model&apos;s translations; the memory keeps your confirmed translations.</source>
        <translation>
            <numerusform>Retranslate replaces %Ln confirmed segment in Segments with the model&apos;s translation; the memory keeps your confirmed translations.</numerusform>
            <numerusform>Retranslate replaces %Ln confirmed segments in Segments with the model&apos;s translations; the memory keeps your confirmed translations.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln translated segment(s) hold {terms} without the glossary&apos;s translation: Translate translates them again (the memory&apos;s model segments are reused only where they follow the glossary).</source>
        <translation>
            <numerusform>%Ln translated segment holds {terms} without the glossary&apos;s translation: Translate translates it again (the memory&apos;s model segments are reused only where they follow the glossary).</numerusform>
            <numerusform>%Ln translated segments hold {terms} without the glossary&apos;s translation: Translate translates them again (the memory&apos;s model segments are reused only where they follow the glossary).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TranscriptView</name>
    <message numerus="yes">
        <source>Show earlier messages (%Ln more)</source>
        <translation>
            <numerusform>Show the earlier message (%Ln more)</numerusform>
            <numerusform>Show earlier messages (%Ln more)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TranslateView</name>
    <message numerus="yes">
        <source>{file}: %Ln segment(s) ({kind})</source>
        <translation>
            <numerusform>{file}: %Ln segment ({kind})</numerusform>
            <numerusform>{file}: %Ln segments ({kind})</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Saved {file}: %Ln of {total} segment(s) are not translated yet, marked {marker}. The translation is still running; save again when it is done.</source>
        <translation>
            <numerusform>Saved {file}: %Ln of {total} segments is not translated yet, marked {marker}. The translation is still running; save again when it is done.</numerusform>
            <numerusform>Saved {file}: %Ln of {total} segments are not translated yet, marked {marker}. The translation is still running; save again when it is done.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Saved {file}: %Ln of {total} segment(s) are not translated, marked {marker} (Translate continues, then save again).</source>
        <translation>
            <numerusform>Saved {file}: %Ln of {total} segments is not translated, marked {marker} (Translate continues, then save again).</numerusform>
            <numerusform>Saved {file}: %Ln of {total} segments are not translated, marked {marker} (Translate continues, then save again).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Best quality: this run translated %Ln segment(s) word by word, not with beams (the beams did not fit in the model&apos;s context, or the model started writing its reasoning).</source>
        <translation>
            <numerusform>Best quality: this run translated %Ln segment word by word, not with beams (the beams did not fit in the model&apos;s context, or the model started writing its reasoning).</numerusform>
            <numerusform>Best quality: this run translated %Ln segments word by word, not with beams (the beams did not fit in the model&apos;s context, or the model started writing its reasoning).</numerusform>
        </translation>
    </message>
</context>
</TS>
