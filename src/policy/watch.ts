/**
 * Watches the policy file for hot reload. The directory is watched, not the file: editors and config tools
 * replace a file by writing a temporary one and renaming it over the original, which ends a watch on the old
 * inode. Bursts of events (write, rename, chmod) are debounced into one reload. Where fs.watch is unavailable
 * (some network filesystems), stat polling takes over.
 */
import { watch, watchFile, unwatchFile, type FSWatcher, type Stats } from 'node:fs';
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
  const schedule = (): void => {
    if (closed) return;
    clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
  };

  let watcher: FSWatcher | undefined;
  let polling = false;
  const poll = (current: Stats, previous: Stats): void => {
    if (current.mtimeMs !== previous.mtimeMs || current.size !== previous.size || current.ino !== previous.ino) schedule();
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
    // A null filename happens on some platforms: then any change in the directory may be ours.
    watcher = watch(dirname(path), { persistent: false }, (_event, changed) => {
      if (changed === null || changed === name) schedule();
    });
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
