import { useState } from 'preact/hooks';
import { bots, type ChatbotView } from '../../../api/bots';
import type { Channel } from '../../../api/types';
import { useSubmit } from '../../../components/forms/useSubmit';
import { Button, SelectField } from '../../../components/ui';
import { t } from '../../../i18n';

/** "Número de referencia": load another channel's settings into this draft (saved with Save). */
export function CopyFrom(props: {
  channel: Channel;
  channels: Channel[];
  onCopy: (from: Channel, view: ChatbotView) => void;
}) {
  const [from, setFrom] = useState('');
  const { busy, submit } = useSubmit({ toast: true });
  const others = props.channels.filter((c) => c.id !== props.channel.id);
  if (others.length === 0) return null;
  async function copy() {
    const source = others.find((c) => c.id === from);
    if (!source) return;
    await submit(async () => {
      props.onCopy(source, await bots.chatbot(source.id));
      setFrom('');
    });
  }
  return (
    <div class="bot-copy-wrap">
      <div class="bot-copy">
        <SelectField
          id="bot-copy-from"
          label={t('chatbot.copy_from')}
          value={from}
          options={[
            { value: '', label: t('chatbot.copy_pick') },
            ...others.map((c) => ({ value: c.id, label: c.name })),
          ]}
          onValue={setFrom}
        />
        <Button onClick={copy} busy={busy} disabled={!from}>
          {t('chatbot.copy')}
        </Button>
      </div>
      <p class="field-hint">{t('chatbot.copy_hint')}</p>
    </div>
  );
}
