/**
 * Signed-in operators of the approvals page: a random session id (the cookie) and a CSRF token bound to that
 * session. Held in memory, bounded, and ended after a period without use; the operator credential itself is
 * never stored, only the name the operator gave for the audit trail.
 */
import { randomBytes } from 'node:crypto';
import { secretEquals } from './guard.js';

export interface OperatorSession {
  readonly id: string;
  /** The name the operator signed in with, e.g. `alice`; decisions are recorded as `alice (web)`. */
  readonly name: string;
  readonly csrf: string;
  lastSeen: number;
}

export interface OperatorSessions {
  signIn(name: string): OperatorSession;
  /** The live session for a cookie value, refreshed; undefined when unknown or idle too long. */
  find(id: string | undefined): OperatorSession | undefined;
  signOut(id: string): void;
  csrfMatches(session: OperatorSession, presented: unknown): boolean;
}

export interface OperatorSessionOptions {
  readonly now: () => number;
  /** Default 30 minutes. */
  readonly idleMs?: number;
  /** Default 100: signing in once more ends the oldest. */
  readonly max?: number;
}

export function createOperatorSessions(options: OperatorSessionOptions): OperatorSessions {
  const idleMs = options.idleMs ?? 30 * 60_000;
  const max = options.max ?? 100;
  const sessions = new Map<string, OperatorSession>();
  const token = () => randomBytes(32).toString('base64url');

  return {
    signIn(name) {
      for (const [id, session] of sessions) if (options.now() - session.lastSeen >= idleMs) sessions.delete(id);
      // Map order is insertion order: the first key is the oldest session.
      while (sessions.size >= max) sessions.delete(sessions.keys().next().value!);
      const session: OperatorSession = { id: token(), name, csrf: token(), lastSeen: options.now() };
      sessions.set(session.id, session);
      return session;
    },
    find(id) {
      if (!id) return undefined;
      const session = sessions.get(id);
      if (!session) return undefined;
      if (options.now() - session.lastSeen >= idleMs) {
        sessions.delete(id);
        return undefined;
      }
      session.lastSeen = options.now();
      return session;
    },
    signOut: (id) => void sessions.delete(id),
    csrfMatches: (session, presented) => typeof presented === 'string' && presented.length > 0 && secretEquals(presented, session.csrf),
  };
}
