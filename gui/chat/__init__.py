"""The chat workspace: conversation sidebar, streaming transcript, input, header, and the
chat controller that saves replies as they stream."""
