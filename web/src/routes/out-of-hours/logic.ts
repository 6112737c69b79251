import type { Callback, TemplateSend } from '../../api/bots';
import type { Template } from '../../api/types';

/** The locale key of the "¿Solicitó retorno?" column for the server's value. */
export function callbackKey(callback: Callback): string {
  switch (callback) {
    case 'yes':
      return 'out_of_hours.callback.yes';
    case 'no':
      return 'out_of_hours.callback.no';
    case 'no_answer':
      return 'out_of_hours.callback.no_answer';
    default:
      return 'out_of_hours.callback.na';
  }
}

/** Only templates WhatsApp approved can be sent. */
export function approvedTemplates(templates: Template[]): Template[] {
  return templates.filter((t) => t.status.toLowerCase() === 'approved');
}

/** A template's variables: `{{1}}`, `{{2}}`… or `{{name}}`…, in order. */
export function templateSlots(template: Template): string[] {
  if (template.named_parameters.length > 0) return [...template.named_parameters];
  return Array.from({ length: template.positional_parameters }, (_, i) => String(i + 1));
}

/** The `parameters` of the send: a list for positional variables, an object for named ones. */
export function templateSend(template: Template, values: Record<string, string>): TemplateSend {
  const slots = templateSlots(template);
  const parameters =
    template.named_parameters.length > 0
      ? Object.fromEntries(slots.map((s) => [s, (values[s] ?? '').trim()]))
      : slots.map((s) => (values[s] ?? '').trim());
  return { name: template.name, language: template.language, parameters };
}

/** The variables still empty. */
export function missingSlots(template: Template, values: Record<string, string>): string[] {
  return templateSlots(template).filter((s) => !(values[s] ?? '').trim());
}

/** The body as the contact will read it; empty variables stay as `{{…}}`. */
export function previewTemplate(template: Template, values: Record<string, string>): string {
  return (template.body ?? '').replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, name: string) => {
    const value = (values[name] ?? '').trim();
    return value || whole;
  });
}

/** A template's value in the picker: name and language together are its identity. */
export function templateKey(template: Pick<Template, 'name' | 'language'>): string {
  return `${template.name}|${template.language}`;
}
