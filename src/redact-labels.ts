/**
 * Map entries whose label is a secret only under one command's map parameter: addImageStore with provider Swift
 * takes the Swift account key as `details[n].key=key&details[n].value=…` (as CloudStack's UI and addSwift itself
 * send it), while `key` in any other map (tags, a VM's details) labels an ordinary value. Keyed by the command
 * and the parameter, in lower case; redact.ts applies them.
 */
const SECRET_LABELS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  addimagestore: { details: ['key'] },
};

/** The labels (lower case) that make a map entry of `param` under `command` a secret; empty for most. */
export function secretLabelsOf(command: string, param: string): readonly string[] {
  return SECRET_LABELS[command.toLowerCase()]?.[param.toLowerCase()] ?? [];
}
