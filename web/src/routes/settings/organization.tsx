import { useState } from 'preact/hooks';
import { endpoints, type Level } from '../../api/endpoints';
import type { HierarchyNode } from '../../api/types';
import { ErrorBanner } from '../../components/forms/ErrorBanner';
import { FormDialog } from '../../components/forms/FormDialog';
import { useSubmit } from '../../components/forms/useSubmit';
import {
  Badge,
  Button,
  CheckboxField,
  EmptyState,
  PageHeader,
  Spinner,
  TextField,
} from '../../components/ui';
import { useResource } from '../../components/useResource';
import { t } from '../../i18n';
import { can } from '../../state/store';
import { notify } from '../../state/toasts';
import { OrgTimeZoneCard } from './org-time-zone';

/** Archived items last, then by name. */
export function sortNodes(nodes: HierarchyNode[]): HierarchyNode[] {
  return [...nodes].sort((a, b) => {
    const archived = Number(a.archived_at !== null) - Number(b.archived_at !== null);
    return archived !== 0 ? archived : a.name.localeCompare(b.name);
  });
}

/** Only campaigns have a description. */
function descriptionOf(node: HierarchyNode): string | null {
  return 'description' in node ? node.description : null;
}

export function visibleNodes(nodes: HierarchyNode[], showArchived: boolean): HierarchyNode[] {
  return sortNodes(showArchived ? nodes : nodes.filter((n) => n.archived_at === null));
}

const PARENT_FIELD: Record<Level, 'client_id' | 'project_id' | null> = {
  clients: null,
  projects: 'client_id',
  campaigns: 'project_id',
};

export function OrganizationPage() {
  const [client, setClient] = useState<HierarchyNode | null>(null);
  const [project, setProject] = useState<HierarchyNode | null>(null);
  const [showArchived, setShowArchived] = useState(false);

  return (
    <>
      <PageHeader title={t('organization.title')} description={t('organization.intro')} />
      {can('settings.manage') ? <OrgTimeZoneCard /> : null}
      <div class="toolbar">
        <CheckboxField
          id="show-archived"
          label={t('organization.show_archived')}
          checked={showArchived}
          onChecked={setShowArchived}
        />
      </div>
      <div class="browser">
        <Column
          level="clients"
          parent={null}
          showArchived={showArchived}
          selected={client}
          onSelect={(node) => {
            setClient(node);
            setProject(null);
          }}
        />
        <Column
          level="projects"
          parent={client}
          showArchived={showArchived}
          selected={project}
          onSelect={setProject}
        />
        <Column
          level="campaigns"
          parent={project}
          showArchived={showArchived}
          selected={null}
          onSelect={null}
        />
      </div>
    </>
  );
}

function Column(props: {
  level: Level;
  parent: HierarchyNode | null;
  showArchived: boolean;
  selected: HierarchyNode | null;
  onSelect: ((node: HierarchyNode | null) => void) | null;
}) {
  const { level, parent } = props;
  const parentField = PARENT_FIELD[level];
  const needsParent = parentField !== null;
  const parentId = parent?.id ?? null;
  const nodes = useResource(
    () =>
      needsParent && !parentId
        ? Promise.resolve([] as HierarchyNode[])
        : endpoints.nodes(level, parentField && parentId ? { [parentField]: parentId } : undefined),
    [level, parentId],
  );
  const [name, setName] = useState('');
  const [missing, setMissing] = useState<string | null>(null);
  const adding = useSubmit();
  const addError = missing ?? adding.fieldErrors.name ?? adding.error;
  const [editing, setEditing] = useState<HierarchyNode | null>(null);
  const archiving = useSubmit({ toast: true });
  const titleId = `col-${level}`;
  const inputId = `new-${level}`;

  async function add(e: Event) {
    e.preventDefault();
    if (!name.trim()) {
      setMissing(t('errors.fields.required'));
      return;
    }
    setMissing(null);
    await adding.submit(async () => {
      const body: Record<string, string> = { name: name.trim() };
      if (parentField && parentId) body[parentField] = parentId;
      const node = await endpoints.createNode(level, body);
      nodes.setData((old) => [...(old ?? []), node]);
      setName('');
      notify('success', t('organization.created', { name: node.name }));
    });
  }

  async function setArchived(node: HierarchyNode, archived: boolean) {
    await archiving.submit(async () => {
      const saved = await endpoints.updateNode(level, node.id, { archived });
      nodes.setData((old) => (old ?? []).map((n) => (n.id === saved.id ? saved : n)));
      notify(
        'success',
        t(archived ? 'organization.archived_done' : 'organization.restored_done', { name: node.name }),
      );
      if (archived && props.selected?.id === node.id && !props.showArchived) props.onSelect?.(null);
    });
  }

  const list = visibleNodes(nodes.data ?? [], props.showArchived);
  const disabled = needsParent && !parentId;
  return (
    <section class="card column" aria-labelledby={titleId}>
      <h2 id={titleId}>{t(`organization.${level}`)}</h2>
      {parent ? (
        <p class="muted column-parent">{t(`organization.in_${level}`, { name: parent.name })}</p>
      ) : null}
      {disabled ? (
        <EmptyState>{t(`organization.pick_parent_${level}`)}</EmptyState>
      ) : nodes.loading && !nodes.data ? (
        <Spinner />
      ) : nodes.error ? (
        <ErrorBanner error={nodes.error} />
      ) : list.length === 0 ? (
        <EmptyState>{t(`organization.empty_${level}`)}</EmptyState>
      ) : (
        <ul class="node-list">
          {list.map((node) => {
            const archived = node.archived_at !== null;
            const current = props.selected?.id === node.id;
            return (
              <li
                key={node.id}
                class={`node${archived ? ' node-archived' : ''}${current ? ' node-current' : ''}`}
              >
                {props.onSelect ? (
                  <button
                    type="button"
                    class="node-select"
                    aria-pressed={current}
                    onClick={() => props.onSelect?.(current ? null : node)}
                  >
                    <span class="node-name">{node.name}</span>
                    {archived ? <Badge>{t('organization.archived')}</Badge> : null}
                  </button>
                ) : (
                  <div class="node-select node-static">
                    <span class="node-name">{node.name}</span>
                    {archived ? <Badge>{t('organization.archived')}</Badge> : null}
                    {descriptionOf(node) ? <span class="muted node-desc">{descriptionOf(node)}</span> : null}
                  </div>
                )}
                <span class="node-actions">
                  <Button
                    small
                    onClick={() => setEditing(node)}
                    aria-label={t('organization.edit_named', { name: node.name })}
                  >
                    {t('common.edit')}
                  </Button>
                  <Button
                    small
                    onClick={() => setArchived(node, !archived)}
                    aria-label={t(archived ? 'organization.restore_named' : 'organization.archive_named', {
                      name: node.name,
                    })}
                  >
                    {archived ? t('organization.restore') : t('organization.archive')}
                  </Button>
                </span>
              </li>
            );
          })}
        </ul>
      )}
      {disabled ? null : (
        <form class="inline-form" onSubmit={add} noValidate>
          <label for={inputId} class="visually-hidden">
            {t(`organization.new_${level}`)}
          </label>
          <input
            id={inputId}
            class="input"
            placeholder={t(`organization.new_${level}`)}
            value={name}
            aria-invalid={addError ? true : undefined}
            aria-describedby={addError ? `${inputId}-error` : undefined}
            onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)}
          />
          <Button type="submit" variant="primary" busy={adding.busy}>
            {t('common.add')}
          </Button>
        </form>
      )}
      {addError ? (
        <p class="field-error" id={`${inputId}-error`}>
          {addError}
        </p>
      ) : null}
      {editing ? (
        <NodeDialog
          level={level}
          node={editing}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            nodes.setData((old) => (old ?? []).map((n) => (n.id === saved.id ? saved : n)));
            setEditing(null);
          }}
        />
      ) : null}
    </section>
  );
}

function NodeDialog(props: {
  level: Level;
  node: HierarchyNode;
  onClose: () => void;
  onSaved: (node: HierarchyNode) => void;
}) {
  const isCampaign = props.level === 'campaigns';
  const [name, setName] = useState(props.node.name);
  const [description, setDescription] = useState(descriptionOf(props.node) ?? '');
  const { busy, error: banner, fieldErrors, submit: send } = useSubmit();
  const [local, setLocal] = useState<Record<string, string>>({});
  const fields = { ...fieldErrors, ...local };

  async function submit() {
    if (!name.trim()) {
      setLocal({ name: t('errors.fields.required') });
      return;
    }
    setLocal({});
    await send(async () => {
      const patch: { name: string; description?: string | null } = { name: name.trim() };
      if (isCampaign) patch.description = description.trim() || null;
      const saved = await endpoints.updateNode(props.level, props.node.id, patch);
      notify('success', t('organization.saved', { name: saved.name }));
      props.onSaved(saved);
    });
  }

  return (
    <FormDialog
      title={t('organization.edit_title', { name: props.node.name })}
      onClose={props.onClose}
      onSubmit={submit}
      busy={busy}
      error={banner}
    >
      <TextField
        id="node-name"
        label={t('fields.name')}
        value={name}
        onValue={setName}
        error={fields.name}
        required
      />
      {isCampaign ? (
        <div class={`field${fields.description ? ' field-invalid' : ''}`}>
          <label for="node-description">{t('fields.description')}</label>
          <textarea
            id="node-description"
            class="input"
            rows={3}
            value={description}
            aria-invalid={fields.description ? true : undefined}
            onInput={(e) => setDescription((e.currentTarget as HTMLTextAreaElement).value)}
          />
          {fields.description ? <p class="field-error">{fields.description}</p> : null}
        </div>
      ) : null}
    </FormDialog>
  );
}
