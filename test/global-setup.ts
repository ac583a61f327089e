/**
 * Build dist/ once before any test runs: the stdio and HTTP end-to-end tests start the built CLI as a child
 * process, exactly as an agent client does, so it must match the sources under test.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function buildOnce(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
}
