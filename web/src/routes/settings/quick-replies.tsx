import { useState } from 'preact/hooks';
import { endpoints, itemsOf } from '../../api/endpoints';
import type { QuickReply } from '../../api/types';
import { errorFields, errorText } from '../../components/format';
import { ConfirmDialog } from '../../components/forms/ConfirmDialog';
import { ErrorBanner } from '../../components/forms/ErrorBanner';
import { useSubmit } from '../../components/forms/useSubmit';
import {
  Badge,
  Button,
  EmptyState,
  Field,
  PageHeader,
  SelectField,
  Spinner,
  TextField,
} from '../../components/ui';
import { useResource } from '../../components/useResource';
import { t } from '../../i18n';
import { notify } from '../../state/toasts';

function ReplyForm(props: {
  reply: QuickReply | null;
  categories: { id: string; name: string }[];
  onDone: () => void;
}) {
  const r = props.reply;
  const [title, setTitle] = useState(r?.title ?? '');
  const [text, setText] = useState(r?.text ?? '');
  const [category, setCategory] = useState(r?.category_id ?? '');
  const [missing, setMissing] = useState<Record<string, string>>({});
  const { busy, fieldErrors, submit, reset } = useSubmit({ toast: true });
  const errors = { ...fieldErrors, ...missing };
  const prefix = r ? `qr-${r.id}` : 'qr-new';
  async function save(e: Event) {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!title.trim()) local.title = t('errors.fields.required');
    if (!text.trim()) local.text = t('errors.fields.required');
    setMissing(local);
    reset();
    if (Object.keys(local).length) return;
    await submit(async () => {
      const body = { title: title.trim(), text: text.trim(), category_id: category || null };
      if (r) await endpoints.updateQuickReply(r.id, body);
      else await endpoints.createQuickReply(body);
      notify('success', t('quick_replies.saved', { name: body.title }));
      if (!r) {
        setTitle('');
        setText('');
      }
      props.onDone();
    });
  }
  return (
    <form onSubmit={save} noValidate class="qr-form">
      <TextField
        id={`${prefix}-title`}
        label={t('quick_replies.reply_title')}
        value={title}
        onValue={setTitle}
        error={errors.title}
      />
      <Field
        id={`${prefix}-text`}
        label={t('quick_replies.text')}
        error={errors.text}
        hint={t('quick_replies.variables_hint')}
      >
        {(aria) => (
          <textarea
            class="input"
            rows={3}
            value={text}
            onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
            {...aria}
          />
        )}
      </Field>
      <SelectField
        id={`${prefix}-category`}
        label={t('quick_replies.category')}
        value={category}
        options={[
          { value: '', label: t('quick_replies.no_category') },
          ...props.categories.map((c) => ({ value: c.id, label: c.name })),
        ]}
        onValue={setCategory}
      />
      <Button type="submit" variant="primary" busy={busy}>
        {r ? t('common.save') : t('quick_replies.create')}
      </Button>
    </form>
  );
}

/** `/settings/quick-replies`: quick replies and their categories. */
export function QuickRepliesPage() {
  const replies = useResource(() => endpoints.quickReplies('').then(itemsOf), []);
  const categories = useResource(() => endpoints.quickReplyCategories().then(itemsOf), []);
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<QuickReply | null>(null);
  const [category, setCategory] = useState('');
  const adding = useSubmit({ onFailure: (err) => notify('error', errorFields(err).name ?? errorText(err)) });
  const removal = useSubmit({ toast: true });
  const cats = categories.data ?? [];
  async function addCategory(e: Event) {
    e.preventDefault();
    if (!category.trim()) return;
    await adding.submit(async () => {
      await endpoints.createQuickReplyCategory(category.trim());
      setCategory('');
      categories.reload();
    });
  }
  return (
    <>
      <PageHeader title={t('quick_replies.title')} description={t('quick_replies.intro')} />
      <ErrorBanner error={replies.error} />
      <div class="grid-2">
        <section class="card" aria-labelledby="qr-new-heading">
          <h2 id="qr-new-heading">{t('quick_replies.new')}</h2>
          <ReplyForm reply={null} categories={cats} onDone={replies.reload} />
        </section>
        <section class="card" aria-labelledby="qr-cats">
          <h2 id="qr-cats">{t('quick_replies.categories')}</h2>
          {cats.length === 0 ? <p class="muted">{t('quick_replies.no_categories')}</p> : null}
          <p class="tags">
            {cats.map((c) => (
              <Badge key={c.id}>{c.name}</Badge>
            ))}
          </p>
          <form class="inline-form" onSubmit={addCategory}>
            <TextField
              id="qr-category-new"
              label={t('quick_replies.new_category')}
              value={category}
              onValue={setCategory}
            />
            <Button type="submit" busy={adding.busy}>
              {t('common.add')}
            </Button>
          </form>
        </section>
      </div>
      <section class="card" aria-labelledby="qr-list">
        <h2 id="qr-list">{t('quick_replies.list')}</h2>
        {!replies.data ? (
          <Spinner />
        ) : replies.data.length === 0 ? (
          <EmptyState>{t('quick_replies.empty')}</EmptyState>
        ) : (
          <ul class="rows">
            {replies.data.map((r) => (
              <li key={r.id} class="row qr-row">
                {editing === r.id ? (
                  <ReplyForm
                    reply={r}
                    categories={cats}
                    onDone={() => {
                      setEditing(null);
                      replies.reload();
                    }}
                  />
                ) : (
                  <>
                    <div class="row-text">
                      <span class="row-title">/{r.title}</span>
                      <span class="muted">{r.text}</span>
                      {r.category_id ? (
                        <Badge>{cats.find((c) => c.id === r.category_id)?.name ?? ''}</Badge>
                      ) : null}
                    </div>
                    <div class="row-actions">
                      <Button
                        small
                        onClick={() => setEditing(r.id)}
                        aria-label={t('quick_replies.edit_named', { name: r.title })}
                      >
                        {t('common.edit')}
                      </Button>
                      <Button
                        small
                        variant="danger"
                        onClick={() => setDeleting(r)}
                        aria-label={t('quick_replies.delete_named', { name: r.title })}
                      >
                        {t('common.delete')}
                      </Button>
                    </div>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      {deleting ? (
        <ConfirmDialog
          title={t('quick_replies.delete_title')}
          message={t('quick_replies.delete_confirm', { name: deleting.title })}
          confirmLabel={t('common.delete')}
          danger
          busy={removal.busy}
          onClose={() => setDeleting(null)}
          onConfirm={() =>
            removal.submit(async () => {
              await endpoints.deleteQuickReply(deleting.id);
              setDeleting(null);
              replies.reload();
            })
          }
        />
      ) : null}
    </>
  );
}
