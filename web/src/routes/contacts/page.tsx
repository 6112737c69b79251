import { useEffect, useState } from 'preact/hooks';
import { type ContactFilter, contactImports, mayImport } from '../../api/contact-imports';
import { endpoints, pageOf } from '../../api/endpoints';
import type { Contact, ContactDetail, ContactField } from '../../api/types';
import { NewConversationDialog } from '../../components/conversations/NewConversationDialog';
import { day, when } from '../../components/format';
import { ErrorBanner } from '../../components/forms/ErrorBanner';
import { useSubmit } from '../../components/forms/useSubmit';
import { ConversationStatusBadge } from '../../components/inbox/bits';
import { MessageText } from '../../components/inbox/message';
import { conversationPath } from '../../components/inbox/query';
import { LoadMore } from '../../components/LoadMore';
import { INBOX_PERMISSIONS } from '../../components/nav';
import { Badge, Button, EmptyState, Link, PageHeader, Spinner, TextField } from '../../components/ui';
import { useResource } from '../../components/useResource';
import { t } from '../../i18n';
import { agentName, loadAgents } from '../../state/inbox-data';
import { can } from '../../state/store';
import { notify } from '../../state/toasts';
import { navigate, route } from '../router';
import { type Draft, draftOf, FieldFilter, FieldInput, filterOp, sentValue, showFieldValue } from './fields';
import { ImportDialog } from './import';

/** The organization's live custom fields, for showing, editing and filtering contacts. */
function useContactFields(): ContactField[] {
  const res = useResource(async () => pageOf(await endpoints.contactFields()).items, []);
  return res.data ?? [];
}

const PREFIX = '/contacts/';

export function contactIdOf(path: string): string | null {
  const rest = path.startsWith(PREFIX) ? path.slice(PREFIX.length).replace(/\/$/, '') : '';
  return rest ? decodeURIComponent(rest) : null;
}

/** Comma-separated tags, trimmed, without empty ones or repeats. */
export function parseTags(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(',')) {
    const tag = part.trim();
    if (tag && !out.includes(tag)) out.push(tag);
  }
  return out;
}

function ContactList() {
  const params = new URLSearchParams(route.value.search);
  const [q, setQ] = useState(params.get('q') ?? '');
  const [tag, setTag] = useState(params.get('tag') ?? '');
  const fields = useContactFields();
  const [fieldKey, setFieldKey] = useState(params.get('field') ?? '');
  const [fieldValue, setFieldValue] = useState(params.get('field_value') ?? '');
  const [items, setItems] = useState<Contact[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const { busy: more, submit: loadPage } = useSubmit();

  const [importing, setImporting] = useState(false);

  /** The list's filter as query parameters; the export downloads the same one. */
  function filter(): ContactFilter {
    const field = fields.find((f) => f.key === fieldKey);
    const byField =
      field && fieldValue.trim()
        ? { field: field.key, field_op: filterOp(field), field_value: fieldValue.trim() }
        : {};
    return { q: q.trim(), tag: tag.trim(), ...byField };
  }

  async function load(after: string | null) {
    try {
      const page = pageOf(await endpoints.contacts({ ...filter(), after, limit: 50 }));
      setItems((prev) => (after && prev ? [...prev, ...page.items] : page.items));
      setNext(page.next);
      setError(null);
    } catch (err) {
      setError(err);
    }
  }

  useEffect(() => {
    const timer = setTimeout(() => void load(null), 250);
    return () => clearTimeout(timer);
  }, [q, tag, fieldKey, fieldValue, fields.length]);

  return (
    <>
      <PageHeader
        title={t('contacts.title')}
        description={t('contacts.intro')}
        actions={
          <>
            <a class="btn btn-secondary" href={contactImports.exportUrl(filter())} download="contacts.csv">
              {t('contact_imports.export')}
            </a>
            {mayImport(can) ? (
              <Button variant="primary" onClick={() => setImporting(true)}>
                {t('contact_imports.import')}
              </Button>
            ) : null}
          </>
        }
      />
      {importing ? (
        <ImportDialog onClose={() => setImporting(false)} onImported={() => void load(null)} />
      ) : null}
      <div class="toolbar">
        <TextField id="contacts-search" label={t('contacts.search')} type="search" value={q} onValue={setQ} />
        <TextField id="contacts-tag" label={t('contacts.tag_filter')} value={tag} onValue={setTag} />
        {fields.length ? (
          <FieldFilter
            fields={fields}
            fieldKey={fieldKey}
            value={fieldValue}
            onField={(key) => {
              setFieldKey(key);
              setFieldValue('');
            }}
            onValue={setFieldValue}
          />
        ) : null}
      </div>
      <ErrorBanner error={error} />
      {items === null ? (
        <Spinner />
      ) : items.length === 0 ? (
        <EmptyState>{t('contacts.empty')}</EmptyState>
      ) : (
        <ul class="rows card" aria-label={t('contacts.list')}>
          {items.map((c) => (
            <li key={c.id} class="row">
              <Link href={`${PREFIX}${encodeURIComponent(c.id)}`}>
                <strong>{c.name || c.phone || c.email || t('inbox.unknown_contact')}</strong>
              </Link>
              <span class="muted">{[c.phone, c.email].filter(Boolean).join(' · ')}</span>
              <span class="muted">
                {c.last_interaction_at ? t('contacts.last_seen', { when: when(c.last_interaction_at) }) : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
      <LoadMore hasMore={Boolean(next)} busy={more} onLoad={() => loadPage(() => load(next))} small />
    </>
  );
}

function EditContact(props: { contact: ContactDetail; fields: ContactField[]; onSaved: () => void }) {
  const c = props.contact;
  const [drafts, setDrafts] = useState<Record<string, Draft>>(() =>
    Object.fromEntries(props.fields.map((f) => [f.key, draftOf(f, c.fields[f.key])])),
  );
  const [name, setName] = useState(c.name ?? '');
  const [email, setEmail] = useState(c.email ?? '');
  const [tags, setTags] = useState(c.tags.join(', '));
  const { busy, fieldErrors: errors, submit } = useSubmit({ toast: true });
  async function save(e: Event) {
    e.preventDefault();
    await submit(async () => {
      await endpoints.updateContact(c.id, {
        name: name.trim() || null,
        email: email.trim() || null,
        tags: parseTags(tags),
        fields: Object.fromEntries(props.fields.map((f) => [f.key, sentValue(f, drafts[f.key] ?? '')])),
      });
      notify('success', t('contacts.saved'));
      props.onSaved();
    });
  }
  return (
    <form class="card" onSubmit={save} aria-labelledby="contact-edit">
      <h2 id="contact-edit">{t('contacts.edit')}</h2>
      <TextField
        id="contact-name"
        label={t('fields.name')}
        value={name}
        onValue={setName}
        error={errors.name}
      />
      <TextField
        id="contact-email"
        label={t('fields.email')}
        type="email"
        value={email}
        onValue={setEmail}
        error={errors.email}
      />
      <TextField
        id="contact-tags"
        label={t('contacts.tags')}
        hint={t('contacts.tags_hint')}
        value={tags}
        onValue={setTags}
        error={errors.tags}
      />
      {props.fields.map((f) => (
        <FieldInput
          key={f.id}
          field={f}
          draft={drafts[f.key] ?? draftOf(f, null)}
          onDraft={(draft) => setDrafts((prev) => ({ ...prev, [f.key]: draft }))}
          error={errors[`fields.${f.key}`]}
        />
      ))}
      <Button type="submit" variant="primary" busy={busy}>
        {t('common.save')}
      </Button>
    </form>
  );
}

function ContactView(props: { id: string }) {
  const res = useResource(() => endpoints.contact(props.id), [props.id]);
  const fields = useContactFields();
  const [starting, setStarting] = useState(false);
  const [note, setNote] = useState('');
  const { busy, submit } = useSubmit({ toast: true });
  useEffect(() => void loadAgents(), []);
  if (res.loading && !res.data) return <Spinner />;
  if (res.error || !res.data) {
    return (
      <>
        <PageHeader title={t('contacts.title')} />
        <ErrorBanner error={res.error} />
      </>
    );
  }
  const c = res.data;
  async function addNote(e: Event) {
    e.preventDefault();
    if (!note.trim()) return;
    await submit(async () => {
      await endpoints.addContactNote(c.id, note.trim());
      setNote('');
      res.reload();
    });
  }
  return (
    <>
      <p>
        <Link href="/contacts">{t('contacts.back')}</Link>
      </p>
      <PageHeader
        title={c.name || c.phone || t('inbox.unknown_contact')}
        actions={
          INBOX_PERMISSIONS.some(can) ? (
            <Button variant="primary" onClick={() => setStarting(true)}>
              {t('new_conversation.open')}
            </Button>
          ) : null
        }
      />
      {starting ? (
        <NewConversationDialog
          contactId={c.id}
          contactName={c.name || c.phone || t('inbox.unknown_contact')}
          onClose={() => setStarting(false)}
          onStarted={(id) => navigate(conversationPath(id))}
        />
      ) : null}
      <div class="grid-2">
        <section class="card" aria-labelledby="contact-facts">
          <h2 id="contact-facts">{t('contacts.details')}</h2>
          <dl class="facts">
            {c.identities.map((i) => (
              <div key={`${i.kind}:${i.value}`}>
                <dt>
                  {t(`contacts.identity.${i.kind === 'phone' || i.kind === 'email' ? i.kind : 'other'}`)}
                </dt>
                <dd>{i.value}</dd>
              </div>
            ))}
            <div>
              <dt>{t('contacts.exclusive_agent')}</dt>
              <dd>{agentName(c.exclusive_agent_id) || t('contacts.none')}</dd>
            </div>
            <div>
              <dt>{t('contacts.tags')}</dt>
              <dd>
                {c.tags.length ? c.tags.map((tag) => <Badge key={tag}>{tag}</Badge>) : t('contacts.no_tags')}
              </dd>
            </div>
            {fields
              .filter((f) => c.fields[f.key] !== undefined)
              .map((f) => (
                <div key={f.id}>
                  <dt>{f.label}</dt>
                  <dd>{showFieldValue(f, c.fields[f.key])}</dd>
                </div>
              ))}
            <div>
              <dt>{t('fields.member_since')}</dt>
              <dd>{day(c.created_at)}</dd>
            </div>
          </dl>
        </section>
        {can('contacts.manage') ? (
          <EditContact key={`${c.id}:${fields.length}`} contact={c} fields={fields} onSaved={res.reload} />
        ) : null}
        <section class="card" aria-labelledby="contact-convs">
          <h2 id="contact-convs">{t('contacts.conversations')}</h2>
          {c.conversations.length === 0 ? (
            <EmptyState>{t('inbox.no_previous')}</EmptyState>
          ) : (
            <ul class="previous">
              {c.conversations.map((conv) => (
                <li key={conv.id}>
                  <Link href={conversationPath(conv.id)}>{when(conv.opened_at)}</Link>{' '}
                  <ConversationStatusBadge status={conv.status} />
                  {conv.last_message.preview ? <span class="muted"> {conv.last_message.preview}</span> : null}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section class="card" aria-labelledby="contact-notes">
          <h2 id="contact-notes">{t('contacts.notes')}</h2>
          {c.notes.length === 0 ? <p class="muted">{t('contacts.no_notes')}</p> : null}
          <ul class="notes">
            {c.notes.map((n) => (
              <li key={n.id}>
                <MessageText text={n.text} />
                <span class="muted">
                  {n.author?.name ?? ''} · {when(n.created_at)}
                </span>
              </li>
            ))}
          </ul>
          <form onSubmit={addNote}>
            <TextField id="contact-note" label={t('contacts.new_note')} value={note} onValue={setNote} />
            <Button type="submit" busy={busy} disabled={!note.trim()}>
              {t('contacts.add_note')}
            </Button>
          </form>
        </section>
      </div>
    </>
  );
}

/** `/contacts` and `/contacts/:id`. */
export function ContactsPage() {
  const id = contactIdOf(route.value.path);
  useEffect(() => {
    if (id === '') navigate('/contacts', { replace: true });
  }, [id]);
  return id ? <ContactView key={id} id={id} /> : <ContactList />;
}
