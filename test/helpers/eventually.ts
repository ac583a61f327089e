/**
 * Polls for what a server reaches on its own (an audit line written, a file watcher's reload): the value `probe`
 * returns once it is no longer undefined; fails naming `what` after 10 s.
 */
export async function eventually<T>(what: string, probe: () => T | undefined): Promise<T> {
  for (let tries = 0; tries < 200; tries++) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}
