import { useState } from 'preact/hooks';
import { endpoints } from '../../api/endpoints';
import { useSubmit } from '../../components/forms/useSubmit';
import { Button, TextField } from '../../components/ui';
import { t } from '../../i18n';
import { loadConversation } from '../../state/inbox-data';

/** Adds a tag to the conversation's contact, right from the panel (for who manages contacts). */
export function AddTag(props: { contactId: string; tags: string[]; conversationId: string }) {
  const [tag, setTag] = useState('');
  const { busy, submit } = useSubmit({ toast: true });
  async function add(e: Event) {
    e.preventDefault();
    const name = tag.trim();
    if (!name) return;
    await submit(async () => {
      if (!props.tags.includes(name)) {
        await endpoints.updateContact(props.contactId, { tags: [...props.tags, name] });
      }
      setTag('');
      await loadConversation(props.conversationId);
    });
  }
  return (
    <form class="panel-add" onSubmit={add}>
      <TextField id="panel-tag" label={t('contacts.new_tag')} value={tag} onValue={setTag} maxLength={60} />
      <Button type="submit" small busy={busy} disabled={!tag.trim()}>
        {t('contacts.add_tag')}
      </Button>
    </form>
  );
}

/** Adds a note about the conversation's contact, right from the panel. */
export function AddNote(props: { contactId: string; conversationId: string }) {
  const [note, setNote] = useState('');
  const { busy, submit } = useSubmit({ toast: true });
  async function add(e: Event) {
    e.preventDefault();
    if (!note.trim()) return;
    await submit(async () => {
      await endpoints.addContactNote(props.contactId, note.trim());
      setNote('');
      await loadConversation(props.conversationId);
    });
  }
  return (
    <form class="panel-add" onSubmit={add}>
      <TextField id="panel-note" label={t('contacts.new_note')} value={note} onValue={setNote} />
      <Button type="submit" small busy={busy} disabled={!note.trim()}>
        {t('contacts.add_note')}
      </Button>
    </form>
  );
}
