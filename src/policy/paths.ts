/**
 * What a condition or a limit scope looks at: `args.<name>` (the tool's canonical arguments), `params.<name>` (the
 * CloudStack parameters of the canonical call), `resource.<field>` (the resource the call acts on, as CloudStack
 * reports it now) and `target.<field>` (where it moves it, e.g. a migration's host). Paths are split once, at load.
 */
import type { ResolvedResource } from './resources.js';

export const PATH_SOURCES = ['args', 'params', 'resource', 'target'] as const;
export type PathSource = (typeof PATH_SOURCES)[number];

export interface CompiledPath {
  readonly source: PathSource;
  /** After the source: `forced`, `tags.env`, `details.cpuNumber`. */
  readonly field: string;
  readonly steps: readonly string[];
  /** As written: `args.forced`. */
  readonly text: string;
}

export function compilePath(text: string): CompiledPath {
  const dot = text.indexOf('.');
  const source = text.slice(0, dot) as PathSource;
  const field = text.slice(dot + 1);
  // A tag key may itself hold dots (`resource.tags.app.kubernetes.io/name`): everything after `tags.` is the key.
  const tagged = (source === 'resource' || source === 'target') && field.startsWith('tags.');
  return { source, field, steps: tagged ? ['tags', field.slice('tags.'.length)] : field.split('.'), text };
}

/** What a call offers to conditions: the resources are present once resolved (null: it does not exist). */
export interface Subject {
  readonly args: Readonly<Record<string, unknown>>;
  readonly params: Readonly<Record<string, unknown>>;
  readonly resource?: ResolvedResource | null;
  readonly target?: ResolvedResource | null;
}

function step(current: unknown, name: string): unknown {
  if (current === null || typeof current !== 'object') return undefined;
  if (Array.isArray(current)) {
    // A `map` parameter is a list of flat objects (`details[0].cpuNumber`): a path through it reads every element.
    const found = current.map((element) => step(element, name)).filter((value) => value !== undefined);
    return found.length > 0 ? found.flat() : undefined;
  }
  return Object.hasOwn(current, name) ? (current as Record<string, unknown>)[name] : undefined;
}

/** Reads `a.b.c` out of an object, own properties only; undefined when any step is missing. */
export function readPath(root: unknown, path: string | readonly string[]): unknown {
  let current = root;
  for (const name of typeof path === 'string' ? path.split('.') : path) {
    current = step(current, name);
    if (current === undefined) return undefined;
  }
  return current;
}

export function readSubject(subject: Subject, path: CompiledPath): unknown {
  switch (path.source) {
    case 'args':
      return readPath(subject.args, path.steps);
    case 'params':
      return readPath(subject.params, path.steps);
    case 'resource':
    case 'target': {
      const resolved = subject[path.source];
      return resolved ? readPath(resolved.fields, path.steps) : undefined;
    }
  }
}
