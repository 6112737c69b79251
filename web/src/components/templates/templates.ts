import type { TemplateSend } from '../../api/bots';
import type { FieldProblem, Template, TemplateParameters } from '../../api/types';

/** The variables of a template body, as the server reads them: `{{1}}..{{n}}` or named ones. */
export type Variables = { kind: 'positional'; count: number } | { kind: 'named'; names: string[] };

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Reads `{{…}}` placeholders; numbers make a positional template (count = highest index). */
export function templateVariables(body: string): Variables {
  const names: string[] = [];
  let highest = 0;
  for (const match of body.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? '';
    if (/^\d+$/.test(name)) highest = Math.max(highest, Number(name));
    else if (name && !names.includes(name)) names.push(name);
  }
  return names.length ? { kind: 'named', names } : { kind: 'positional', count: highest };
}

/** The form's fields: `1`..`n` for a positional template, the names for a named one. */
export function variableKeys(vars: Variables): string[] {
  return vars.kind === 'named' ? vars.names : Array.from({ length: vars.count }, (_, i) => String(i + 1));
}

/** What a send gives: a list in order for positional templates, an object for named ones. */
export function templateParameters(vars: Variables, values: Record<string, string>): TemplateParameters {
  if (vars.kind === 'named') {
    return Object.fromEntries(vars.names.map((n) => [n, (values[n] ?? '').trim()]));
  }
  return variableKeys(vars).map((k) => (values[k] ?? '').trim());
}

/** The variables still empty: each needs a value before the template can be sent. */
export function missingVariables(vars: Variables, values: Record<string, string>): string[] {
  return variableKeys(vars).filter((key) => !(values[key] ?? '').trim());
}

/** What a send of the template gives the API: its name and language, and the parameters. */
export function templateSend(template: Template, values: Record<string, string>): TemplateSend {
  const vars = templateVariables(template.body ?? '');
  return { name: template.name, language: template.language, parameters: templateParameters(vars, values) };
}

/** The body in pieces for the preview: text, and each variable with what was typed (or nothing yet). */
export type PreviewPart = { text: string } | { variable: string; value: string };

export function previewParts(body: string, values: Record<string, string>): PreviewPart[] {
  const parts: PreviewPart[] = [];
  let last = 0;
  for (const match of body.matchAll(PLACEHOLDER)) {
    const at = match.index ?? 0;
    if (at > last) parts.push({ text: body.slice(last, at) });
    const variable = match[1] ?? '';
    parts.push({ variable, value: (values[variable] ?? '').trim() });
    last = at + match[0].length;
  }
  if (last < body.length) parts.push({ text: body.slice(last) });
  return parts;
}

/** The text the contact will read once every variable is filled. */
export function renderTemplate(body: string, values: Record<string, string>): string {
  return previewParts(body, values)
    .map((p) => ('text' in p ? p.text : p.value || `{{${p.variable}}}`))
    .join('');
}

/** Only approved templates can be sent (Meta refuses the rest). */
export function sendable(t: Template): boolean {
  return t.status.toUpperCase() === 'APPROVED' && Boolean(t.body);
}

/** The badge tone of Meta's status of a template. */
export function statusTone(status: string): 'success' | 'warning' | 'danger' | 'neutral' {
  const s = status.toUpperCase();
  if (s === 'APPROVED') return 'success';
  if (s === 'REJECTED' || s === 'DISABLED' || s === 'PAUSED') return 'danger';
  if (s === 'PENDING' || s === 'IN_APPEAL') return 'warning';
  return 'neutral';
}

/**
 * Which form field an API error belongs to: `template.parameters.0` is the first positional
 * variable (`1`), `template.parameters.first_name` the named one; anything else is the form's.
 */
export function errorKey(problem: FieldProblem, vars: Variables): string {
  const rest = problem.field.startsWith('template.parameters.') ? problem.field.slice(20) : null;
  if (rest === null) return problem.field;
  if (vars.kind === 'positional' && /^\d+$/.test(rest)) return String(Number(rest) + 1);
  return rest;
}
