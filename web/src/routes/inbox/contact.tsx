import type { Conversation, ConversationDetail } from '../../api/types';
import { day, when } from '../../components/format';
import { Icon } from '../../components/icons';
import { ConversationStatusBadge, contactLabel } from '../../components/inbox/bits';
import { MessageText } from '../../components/inbox/message';
import { conversationPath } from '../../components/inbox/query';
import { Badge, Link, Spinner } from '../../components/ui';
import { t } from '../../i18n';
import { agentName, campaignName } from '../../state/inbox-data';
import { can } from '../../state/store';
import { AddNote, AddTag } from './contact-edit';

/** The contact beside the conversation: identities, tags, notes, exclusive agent, earlier conversations. */
export function ContactPanel(props: {
  conversation: Conversation;
  detail: ConversationDetail | null;
  onClose: () => void;
}) {
  const { detail } = props;
  return (
    <aside id="contact-panel" class="contact-panel" aria-label={t('inbox.contact_panel')}>
      <div class="contact-panel-head">
        <h3>{contactLabel(props.conversation)}</h3>
        <button type="button" class="icon-btn" aria-label={t('common.close')} onClick={props.onClose}>
          <Icon name="close" />
        </button>
      </div>
      {!detail ? (
        <Spinner />
      ) : (
        <>
          <dl class="facts facts-compact">
            {detail.contact.identities.map((i) => (
              <div key={`${i.kind}:${i.value}`}>
                <dt>
                  {t(`contacts.identity.${i.kind === 'phone' || i.kind === 'email' ? i.kind : 'other'}`)}
                </dt>
                <dd class="contact-identity">{i.value}</dd>
              </div>
            ))}
            <div>
              <dt>{t('contacts.exclusive_agent')}</dt>
              <dd>{agentName(detail.contact.contact.exclusive_agent_id) || t('contacts.none')}</dd>
            </div>
            <div>
              <dt>{t('inbox.campaign')}</dt>
              <dd>{detail.campaign.name || campaignName(detail.campaign.id)}</dd>
            </div>
          </dl>
          <h4>{t('contacts.tags')}</h4>
          {detail.contact.tags.length ? (
            <p class="tags">
              {detail.contact.tags.map((tag) => (
                <Badge key={tag}>{tag}</Badge>
              ))}
            </p>
          ) : (
            <p class="muted">{t('contacts.no_tags')}</p>
          )}
          {can('contacts.manage') ? (
            <AddTag
              contactId={detail.contact.contact.id}
              tags={detail.contact.tags}
              conversationId={props.conversation.id}
            />
          ) : null}
          <h4>{t('contacts.notes')}</h4>
          {detail.contact.notes.length ? (
            <ul class="notes">
              {detail.contact.notes.map((n) => (
                <li key={n.id}>
                  <MessageText text={n.text} />
                  <span class="muted">
                    {n.author?.name ?? ''} · {when(n.created_at)}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted">{t('contacts.no_notes')}</p>
          )}
          {can('contacts.view') ? (
            <AddNote contactId={detail.contact.contact.id} conversationId={props.conversation.id} />
          ) : null}
          <h4>{t('inbox.previous_conversations')}</h4>
          {detail.previous_conversations.length ? (
            <ul class="previous">
              {detail.previous_conversations.map((p) => (
                <li key={p.id}>
                  <Link href={conversationPath(p.id)}>{day(p.opened_at)}</Link>{' '}
                  <ConversationStatusBadge status={p.status} />
                  {p.last_message.preview ? <span class="muted"> {p.last_message.preview}</span> : null}
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted">{t('inbox.no_previous')}</p>
          )}
          {detail.history_messages.length ? (
            <details class="history">
              <summary>{t('inbox.history_messages', { n: detail.history_messages.length })}</summary>
              <ul>
                {detail.history_messages.slice(-50).map((m) => (
                  <li key={m.id}>
                    <span class="muted">{when(m.created_at)}</span> {m.text ?? m.attachment?.name ?? ''}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
          {can('contacts.view') ? (
            <p>
              <Link href={`/contacts/${encodeURIComponent(detail.contact.contact.id)}`}>
                {t('contacts.open')}
              </Link>
            </p>
          ) : null}
        </>
      )}
    </aside>
  );
}
