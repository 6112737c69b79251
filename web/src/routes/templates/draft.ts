import { templateVariables, variableKeys } from '../../components/templates/templates';

/** The create form's fields: a text header, the body with an example per variable, a footer, quick replies. */
export interface Draft {
  name: string;
  language: string;
  category: string;
  header: string;
  body: string;
  /** Variable key (`1`, `2`… or a name) → its example. */
  examples: Record<string, string>;
  footer: string;
  /** Quick-reply button labels; empty ones are left out. */
  buttons: string[];
}

export const EMPTY_DRAFT: Draft = {
  name: '',
  language: 'es',
  category: 'UTILITY',
  header: '',
  body: '',
  examples: {},
  footer: '',
  buttons: ['', '', ''],
};

/** Meta's language codes offered by the form. */
export const LANGUAGES = ['es', 'es_MX', 'es_AR', 'es_CO', 'pt_BR', 'en_US', 'en'];
export const CATEGORIES = ['UTILITY', 'MARKETING', 'AUTHENTICATION'];

/** The body's variable keys, in order, for the example fields. */
export function exampleKeys(body: string): string[] {
  return variableKeys(templateVariables(body));
}

/**
 * The template in the Graph API's shape, and where each component landed, so the server's
 * field paths (`components.1.text`) can be shown beside the form's own fields.
 */
export function toComponents(d: Draft): {
  components: Record<string, unknown>[];
  fields: Record<string, string>;
} {
  const components: Record<string, unknown>[] = [];
  const fields: Record<string, string> = {};
  const add = (component: Record<string, unknown>, paths: Record<string, string>) => {
    const index = components.length;
    components.push(component);
    for (const [suffix, field] of Object.entries(paths)) fields[`components.${index}${suffix}`] = field;
  };
  if (d.header.trim())
    add({ type: 'HEADER', format: 'TEXT', text: d.header }, { '.text': 'header', '.example': 'header' });
  const vars = templateVariables(d.body);
  const keys = variableKeys(vars);
  const example = !keys.length
    ? {}
    : vars.kind === 'named'
      ? { body_text_named_params: keys.map((k) => ({ param_name: k, example: d.examples[k] ?? '' })) }
      : { body_text: [keys.map((k) => d.examples[k] ?? '')] };
  add(
    { type: 'BODY', text: d.body, ...(keys.length ? { example } : {}) },
    { '.text': 'body', '.example': 'examples' },
  );
  if (d.footer.trim()) add({ type: 'FOOTER', text: d.footer }, { '.text': 'footer' });
  const buttons = d.buttons.map((b) => b.trim()).filter(Boolean);
  if (buttons.length) {
    const paths: Record<string, string> = { '.buttons': 'buttons' };
    buttons.forEach((_, i) => {
      paths[`.buttons.${i}.text`] = 'buttons';
    });
    add({ type: 'BUTTONS', buttons: buttons.map((text) => ({ type: 'QUICK_REPLY', text })) }, paths);
  }
  fields.components = 'body';
  return { components, fields };
}

/** The server's messages by field path → the form's fields (the first message of each wins). */
export function formErrors(
  byPath: Record<string, string>,
  fields: Record<string, string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(byPath)) {
    const field = fields[path] ?? path;
    if (!(field in out)) out[field] = message;
  }
  return out;
}
