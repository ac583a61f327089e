/** Name and version from package.json, read once: the server reports them in its handshake and --version. */
import { readFileSync } from 'node:fs';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  name: string;
  version: string;
};

export const PACKAGE_NAME = manifest.name;
export const PACKAGE_VERSION = manifest.version;
