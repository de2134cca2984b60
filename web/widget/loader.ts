// The widget loader (issue 13 grows it): reads its own script tag and adds the chat button and frame.
const script = document.currentScript as HTMLScriptElement | null;
const origin = script ? new URL(script.src).origin : location.origin;
const inboxId = script?.dataset.inboxId ?? '';
export const panelUrl = `${origin}/web/widget/panel.html#inbox=${encodeURIComponent(inboxId)}`;
