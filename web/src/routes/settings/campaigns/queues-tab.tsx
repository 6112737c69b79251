import { useState } from 'preact/hooks';
import { endpoints, itemsOf } from '../../../api/endpoints';
import type { Agent, CampaignSettings, Queue } from '../../../api/types';
import { ErrorBanner } from '../../../components/forms/ErrorBanner';
import { useSubmit } from '../../../components/forms/useSubmit';
import { Button, CheckboxField, Spinner, TextField } from '../../../components/ui';
import { useResource } from '../../../components/useResource';
import { t } from '../../../i18n';
import { notify } from '../../../state/toasts';
import { nameError } from './campaign-form';

function QueueRow(props: { queue: Queue; agents: Agent[]; onSaved: () => void }) {
  const q = props.queue;
  const [members, setMembers] = useState<string[]>(q.member_ids);
  const { busy, submit } = useSubmit({ toast: true });
  async function save() {
    await submit(async () => {
      await endpoints.updateQueue(q.id, { member_ids: members });
      notify('success', t('campaigns.saved'));
      props.onSaved();
    });
  }
  return (
    <li class="card">
      <fieldset class="plain-fieldset">
        <legend>
          {q.name} {q.is_default ? <span class="muted">· {t('campaigns.default_queue')}</span> : null}
        </legend>
        {props.agents.map((a) => (
          <CheckboxField
            key={a.id}
            id={`queue-${q.id}-${a.id}`}
            label={a.name}
            checked={members.includes(a.id)}
            onChecked={(on) => setMembers(on ? [...members, a.id] : members.filter((m) => m !== a.id))}
          />
        ))}
      </fieldset>
      <Button small variant="primary" busy={busy} onClick={save}>
        {t('campaigns.save_members', { name: q.name })}
      </Button>
    </li>
  );
}

/** The campaign's queues with their agents, and a new queue. */
export function QueuesTab(props: { campaign: CampaignSettings }) {
  const queues = useResource(() => endpoints.queues(props.campaign.id).then(itemsOf), [props.campaign.id]);
  const agents = useResource(() => endpoints.agents().then(itemsOf), []);
  const [name, setName] = useState('');
  const creating = useSubmit({ fields: nameError });
  async function create(e: Event) {
    e.preventDefault();
    if (!name.trim()) return;
    await creating.submit(async () => {
      await endpoints.createQueue(props.campaign.id, name.trim(), []);
      setName('');
      queues.reload();
    });
  }
  if (!queues.data || !agents.data) return <Spinner />;
  return (
    <div>
      <ErrorBanner error={creating.fieldErrors.name ?? creating.error} />
      <ul class="queue-editor">
        {queues.data
          .filter((q) => !q.archived)
          .map((q) => (
            <QueueRow key={q.id} queue={q} agents={agents.data ?? []} onSaved={queues.reload} />
          ))}
      </ul>
      <form class="inline-form" onSubmit={create}>
        <TextField id="new-queue" label={t('campaigns.new_queue')} value={name} onValue={setName} />
        <Button type="submit" busy={creating.busy}>
          {t('common.add')}
        </Button>
      </form>
    </div>
  );
}
