/** The Host/Origin allow-list of --http and its token rule, as tables. */
import { hostname, networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.js';
import { acceptedHostNames, normalizeHostName, requireTokenFor } from '../../src/http-hosts.js';

describe('normalizeHostName', () => {
  it.each([
    ['mcp.example.com', 'mcp.example.com'],
    ['  MCP.Example.COM ', 'mcp.example.com'],
    ['mcp.example.com:8443', 'mcp.example.com'],
    ['https://mcp.example.com:8443/mcp', 'mcp.example.com'],
    ['10.0.0.5', '10.0.0.5'],
    ['fd00::9', '[fd00::9]'],
    ['FD00::9', '[fd00::9]'],
    ['[fd00::9]', '[fd00::9]'],
    ['[fd00::9]:3000', '[fd00::9]'],
    ['1:2:3:4:5:6:7:8', '[1:2:3:4:5:6:7:8]'],
    ['cafe:80', 'cafe'],
  ])('%s → %s (as URL.hostname gives it)', (given, expected) => {
    expect(normalizeHostName(given)).toBe(expected);
  });
});

describe('acceptedHostNames', () => {
  it('loopback binds accept the loopback names and the extra names only', () => {
    expect([...acceptedHostNames('127.0.0.1', ['Mcp.Example.com'])].sort()).toEqual(['127.0.0.1', '[::1]', '::1', 'localhost', 'mcp.example.com'].sort());
  });

  it('a specific address accepts that address, not loopback', () => {
    const names = acceptedHostNames('10.0.0.5');
    expect(names.has('10.0.0.5')).toBe(true);
    expect(names.has('localhost')).toBe(false);
    expect(acceptedHostNames('fd00::2').has('[fd00::2]')).toBe(true);
  });

  it.each(['0.0.0.0', '::'])('a wildcard bind (%s) accepts loopback, every address of this machine and its name', (bind) => {
    const names = acceptedHostNames(bind);
    for (const name of ['127.0.0.1', 'localhost', '[::1]', hostname().toLowerCase()]) expect(names.has(name), name).toBe(true);
    for (const address of Object.values(networkInterfaces()).flat()) {
      if (address) expect(names.has(address.family === 'IPv6' ? `[${address.address}]` : address.address), address.address).toBe(true);
    }
    expect(names.has(bind)).toBe(false);
    expect(names.has('evil.example.com')).toBe(false);
  });
});

describe('requireTokenFor', () => {
  it('lets loopback binds go without a token', () => {
    for (const host of ['127.0.0.1', '127.0.0.2', 'localhost', '::1']) expect(() => requireTokenFor(host, undefined)).not.toThrow();
  });

  it('names CLOUDSTACK_MCP_TOKEN and the address for any other bind', () => {
    expect(() => requireTokenFor('0.0.0.0', undefined)).toThrow(ConfigError);
    expect(() => requireTokenFor('0.0.0.0', undefined)).toThrow(/^CLOUDSTACK_MCP_TOKEN is required with --host 0\.0\.0\.0 \(not loopback\)/);
    expect(() => requireTokenFor('0.0.0.0', 'a-token-of-sixteen-chars')).not.toThrow();
  });
});
