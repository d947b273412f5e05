// The recording name template (`{number}_{blue}_{blue_ioc}_vs_{red}_{red_ioc}`): which
// placeholders exist, which ones a template misuses, and the file name it gives for an
// example match, for the live preview under the field. The server has the last word (422).

/** Every placeholder the server fills, with the example value of the preview. */
export const TEMPLATE_PLACEHOLDERS: Record<string, string> = {
  number: "101",
  blue: "KIM Tae-hun",
  blue_ioc: "KOR",
  red: "DUPONT Jean",
  red_ioc: "FRA",
  phase: "Final",
  weight_class: "M-58kg",
  division: "Senior",
  date: "2026-11-25",
};

/** What a template gives: the example's file name, or the first problem. */
export type TemplatePreview = { ok: true; name: string } | { ok: false; error: string };

/** Characters the preview replaces, as file systems refuse them. */
const UNSAFE = /[\\/:*?"<>|]/g;

/** Fills `template` with the example match, or says what is wrong with it. */
export function previewTemplate(template: string, values: Record<string, string> = TEMPLATE_PLACEHOLDERS): TemplatePreview {
  if (!template.trim()) return { ok: false, error: "the template is empty" };
  const unknown = [...template.matchAll(/\{([^{}]*)\}/g)].map((match) => match[1] ?? "").filter((name) => !(name in values));
  if (unknown.length > 0) {
    return { ok: false, error: `unknown placeholder {${unknown[0]}}: use ${Object.keys(values).map((name) => `{${name}}`).join(" ")}` };
  }
  const stripped = template.replace(/\{[^{}]*\}/g, "");
  if (/[{}]/.test(stripped)) return { ok: false, error: "a { or } without its pair" };
  const name = template.replace(/\{([^{}]*)\}/g, (_, key: string) => (values[key] ?? "").replace(UNSAFE, "-"));
  return { ok: true, name };
}
