import { useEffect, useState } from 'preact/hooks';

const drafts = new Map<string, string>();

/** The composer's text, kept per conversation while the tab lives. */
export function useDraft(conversationId: string, onSwitch: () => void) {
  const [text, setText] = useState('');
  useEffect(() => {
    setText(drafts.get(conversationId) ?? '');
    onSwitch();
  }, [conversationId]);
  useEffect(() => {
    if (text) drafts.set(conversationId, text);
    else drafts.delete(conversationId);
  }, [text, conversationId]);
  return [text, setText] as const;
}
