/**
 * Build dist/ once before any test runs: the stdio and HTTP end-to-end tests start the built CLI as a child
 * process, exactly as an agent client does, so it must match the sources under test. Both build steps of
 * `npm run build`: tsc, then the bundled CLI the package's bin points at (tools/build-cli.mjs), which the tests spawn.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function buildOnce(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, ['tools/build-cli.mjs'], { cwd: root, stdio: 'inherit' });
}
