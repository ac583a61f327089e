/**
 * Watches the policy file for hot reload. The directory is watched, not the file: editors and config tools
 * replace a file by writing a temporary one and renaming it over the original, which ends a watch on the old
 * inode, and a file deleted then created again is a new inode too. Any event in the directory is checked against
 * the file's own identity (inode, size, mtime, followed through symlinks), because a Kubernetes ConfigMap update
 * swaps a `..data` symlink and never names the file itself. Bursts of events are debounced into one reload.
 * Where fs.watch is unavailable (some network filesystems), stat polling takes over.
 */
import { statSync, watch, watchFile, unwatchFile, type FSWatcher, type Stats } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { Logger } from '../logger.js';

export interface FileWatcher {
  close(): void;
}

export interface WatchOptions {
  readonly logger: Logger;
  readonly debounceMs?: number;
  /** Polling interval when fs.watch is unavailable. */
  readonly pollMs?: number;
}

export function watchPolicyFile(file: string, onChange: () => void, options: WatchOptions): FileWatcher {
  const path = resolve(file);
  const name = basename(path);
  const debounceMs = options.debounceMs ?? 200;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let seen = identity(path);
  let named = false;
  // An event naming the file always reloads (a same-size edit within the mtime granularity changes no stat);
  // any other event in the directory reloads only if the file's identity changed.
  const settle = (): void => {
    const now = identity(path);
    if (!named && now === seen) return;
    named = false;
    seen = now;
    onChange();
  };
  const schedule = (namesFile: boolean): void => {
    if (closed) return;
    named ||= namesFile;
    clearTimeout(timer);
    timer = setTimeout(settle, debounceMs);
  };

  let watcher: FSWatcher | undefined;
  let polling = false;
  const poll = (current: Stats, previous: Stats): void => {
    if (current.mtimeMs !== previous.mtimeMs || current.size !== previous.size || current.ino !== previous.ino) schedule(true);
  };
  const startPolling = (reason: string): void => {
    if (polling || closed) return;
    options.logger.warn('policy file watch falls back to polling', { file: path, reason });
    watcher?.close();
    watcher = undefined;
    polling = true;
    watchFile(path, { interval: options.pollMs ?? 1_000, persistent: false }, poll);
  };

  try {
    // A null filename happens on some platforms: then only the identity check can tell.
    watcher = watch(dirname(path), { persistent: false }, (_event, changed) => schedule(changed === name));
    watcher.on('error', (error) => startPolling(error.message));
  } catch (error) {
    startPolling(error instanceof Error ? error.message : String(error));
  }

  return {
    close() {
      closed = true;
      clearTimeout(timer);
      watcher?.close();
      if (polling) unwatchFile(path, poll);
    },
  };
}

/** What the file is right now, through symlinks: a change of content, a replacement, or its absence. */
function identity(path: string): string {
  try {
    const stats = statSync(path);
    return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;
  } catch (error) {
    return `missing:${error instanceof Error && 'code' in error ? String(error.code) : 'unreadable'}`;
  }
}
