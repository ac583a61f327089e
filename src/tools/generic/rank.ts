/**
 * Ranks the catalog's commands against an operator's phrasing ("port forwarding", "kubernetes cluster scale",
 * "backup restore"). A command's name is a verb and an object (`listPortForwardingRules`): a query's verb must
 * match the command's verb, every thing it names should be in the object, and an object with words the query
 * did not ask for ranks lower. A query that names no verb asks to see things, so lists come first.
 */
import { commandFamilies, commandSpec, isReadCommand, knownCommands } from '../../cloudstack/catalog.js';
import { camelWords, NOUN_PREFIXES, stem, STOP_WORDS, SYNONYMS, VERBS } from './words.js';

interface IndexedCommand {
  readonly name: string;
  readonly family: string;
  readonly verb: string;
  readonly object: readonly string[];
  readonly familyWords: ReadonlySet<string>;
  /** Lower-cased parameter names (CloudStack runs their words together: serviceofferingid). */
  readonly paramNames: readonly string[];
}

/** A thing the query names: satisfied when the command's object holds every word of one alternative. */
interface Concept {
  readonly word: string;
  /** Named after a preposition (`add tags to a vm`): the target, not the object — it weighs less. */
  readonly secondary: boolean;
  readonly alternatives: readonly (readonly string[])[];
}

interface Query {
  /** Command verbs the query's verbs mean, each with its weight: the word itself (or its first meaning) most. */
  readonly verbs: ReadonlyMap<string, number> | undefined;
  readonly concepts: readonly Concept[];
}

export interface RankedCommand {
  readonly command: string;
  readonly score: number;
}

let index: readonly IndexedCommand[] | undefined;

const VERB_FORMS: ReadonlySet<string> = new Set(Object.values(VERBS).flat());

/**
 * A name is verb + object, except for families that put their own name first: `quotaTariffList` lists,
 * `ldapCreateAccount` creates, `quotaBalance` (no verb at all) reads.
 */
function verbAndObject(words: readonly string[], reads: boolean): { verb: string; object: string[] } {
  const [first = '', ...rest] = words;
  if (!NOUN_PREFIXES.has(first)) return { verb: first, object: rest };
  const verbAt = words.findIndex((word) => VERB_FORMS.has(word));
  if (verbAt < 0) return { verb: reads ? 'get' : 'update', object: [...words] };
  return { verb: words[verbAt]!, object: words.filter((_, position) => position !== verbAt) };
}

function commandIndex(): readonly IndexedCommand[] {
  index ??= knownCommands().map((name) => {
    const spec = commandSpec(name)!;
    const { verb, object } = verbAndObject(camelWords(name).map(stem), isReadCommand(name));
    return {
      name,
      family: spec.service,
      verb,
      object,
      familyWords: new Set(camelWords(spec.service).map(stem)),
      paramNames: Object.keys(spec.params).map((param) => param.toLowerCase()),
    };
  });
  return index;
}

/** Phrases whose CloudStack name is shorter than the everyday one. */
const PHRASES: readonly (readonly [RegExp, string])[] = [
  [/\bvirtual routers?\b/g, 'router'],
  [/\bpublic ips?( address(es)?)?\b/g, 'public ip address'],
  [/\bsticky sessions?\b/g, 'sticky policy'],
  [/\bkey ?pairs?\b/g, 'keypair'],
];

const PREPOSITIONS: ReadonlySet<string> = new Set(['to', 'on', 'for', 'from', 'of', 'in', 'into', 'onto', 'with']);

function parseQuery(text: string): Query {
  let lower = text.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  for (const [phrase, replacement] of PHRASES) lower = lower.replace(phrase, replacement);
  const verbs = new Map<string, number>();
  const concepts: Concept[] = [];
  let secondary = false;
  for (const word of lower.split(/[^a-z0-9]+/)) {
    if (PREPOSITIONS.has(word) && concepts.length > 0) secondary = true;
    if (word === '' || STOP_WORDS.has(word)) continue;
    // Own keys only: a query word such as `constructor` must not find Object.prototype's.
    const verbForms = Object.hasOwn(VERBS, word) ? VERBS[word] : undefined;
    if (verbForms) {
      verbForms.forEach((form, position) => verbs.set(form, Math.max(verbs.get(form) ?? 0, position === 0 ? 5 : 3)));
      continue;
    }
    const stemmed = stem(word);
    const synonyms = Object.hasOwn(SYNONYMS, word) ? SYNONYMS[word] : Object.hasOwn(SYNONYMS, stemmed) ? SYNONYMS[stemmed] : undefined;
    const alternatives = (synonyms ?? [[word]]).map((alternative) => alternative.map(stem));
    concepts.push({ word: stemmed, secondary, alternatives });
  }
  return { verbs: verbs.size > 0 ? verbs : undefined, concepts };
}

/** How well the object words cover one concept: 1 exact, 0.6 by prefix (`kube` → kubernetes), 0 not at all. */
function coverage(concept: Concept, words: readonly string[]): { score: number; used: readonly string[] } {
  let best: { score: number; used: readonly string[] } = { score: 0, used: [] };
  for (const alternative of concept.alternatives) {
    if (alternative.every((word) => words.includes(word))) return { score: 1, used: alternative };
    if (alternative.length === 1 && alternative[0]!.length >= 4) {
      const prefixed = words.find((word) => word.startsWith(alternative[0]!));
      if (prefixed && best.score < 0.6) best = { score: 0.6, used: [prefixed] };
    }
  }
  return best;
}

/** Whether a parameter's name holds the words (`offering` in serviceofferingid); short words must be the whole stem. */
function takesParameterNamed(command: IndexedCommand, words: readonly string[]): boolean {
  const joined = words.join('');
  if (joined.length < 4) return command.paramNames.some((name) => name === joined || name === `${joined}id`);
  return command.paramNames.some((name) => name.includes(joined));
}

function score(command: IndexedCommand, query: Query): number {
  let total = 0;
  const used = new Set<string>();
  for (const concept of query.concepts) {
    const weight = concept.secondary ? 0.5 : 1;
    // A word of the name answers one concept only (`ip address` must not count `ip` twice).
    const match = coverage(concept, command.object.filter((word) => !used.has(word)));
    if (match.score > 0) {
      total += 3 * match.score * weight;
      for (const word of match.used) used.add(word);
    } else if (concept.alternatives.some((alternative) => alternative.every((word) => command.familyWords.has(word)))) {
      total += weight; // `firewall` finds the Firewall family's port forwarding rules
    } else if (concept.alternatives.some((alternative) => takesParameterNamed(command, alternative))) {
      total += 0.5 * weight; // `migrate vm to a host` prefers the command that takes a host (hostid)
    } else {
      total -= 2 * weight;
    }
  }
  // Words of the object the query did not ask for: `port forwarding` is listPortForwardingRules' whole object, not
  // listPaloAltoFirewallNetworks'. Short filler words of names (for, to, from) cost less.
  for (const word of command.object) if (!used.has(word)) total -= STOP_WORDS.has(word) ? 0.2 : 0.6;
  if (query.verbs) total += query.verbs.get(command.verb) ?? -4;
  else if (command.verb === 'list') total += 1.5;
  return total;
}

/**
 * The best-matching commands for a phrasing, optionally within one family (`service`); the whole family when
 * there is no phrasing. An exact command name always comes first.
 */
export function rankCommands(text: string, options: { family?: string; limit: number; offered?: (command: string) => boolean }): RankedCommand[] {
  const family = options.family?.toLowerCase();
  const { offered } = options;
  // Commands the policy hides are never ranked: not listed, not suggested (they would read as unknown if called).
  const pool = commandIndex().filter((command) => (family === undefined || command.family.toLowerCase() === family) && (offered === undefined || offered(command.name)));
  const query = parseQuery(text);
  const exact = text.trim().toLowerCase();
  const ranked = pool.map((command) => ({
    command: command.name,
    score: command.name.toLowerCase() === exact ? 1000 : score(command, query),
    length: command.object.length,
  }));
  ranked.sort((a, b) => b.score - a.score || a.length - b.length || (a.command < b.command ? -1 : a.command > b.command ? 1 : 0));
  const relevant = query.concepts.length === 0 && !query.verbs ? ranked : ranked.filter((entry) => entry.score > 0);
  return relevant.slice(0, options.limit).map(({ command, score: value }) => ({ command, score: Math.round(value * 10) / 10 }));
}

/** The family a name means (any letter case), or undefined. */
export function familyNamed(name: string): string | undefined {
  const lower = name.toLowerCase();
  return [...commandFamilies().keys()].find((family) => family.toLowerCase() === lower);
}
