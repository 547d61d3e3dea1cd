/**
 * Install scripts are off (issue 14, item 9): npm 11 only warns about
 * packages missing from package.json "allowScripts" and runs their
 * scripts anyway, so .npmrc sets `ignore-scripts`, every dependency that
 * has an install script is decided in "allowScripts", and CI runs only
 * the ones marked true, by name, after the install.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

describe('install scripts', () => {
  it('are ignored by npm in this project (.npmrc, as npm itself reads it)', () => {
    // Prepare: what .npmrc says, not what an outer `npm run` exported
    const env = Object.fromEntries(
      Object.entries(process.env).filter(
        ([name]) => name.toLowerCase() !== 'npm_config_ignore_scripts'
      )
    );

    // Act
    const setting = execFileSync('npm', ['config', 'get', 'ignore-scripts'], {
      cwd: root,
      encoding: 'utf8',
      env,
    }).trim();

    // Assess
    expect(read('.npmrc')).toMatch(/^ignore-scripts=true$/m);
    expect(setting).toBe('true');
  });

  it('are decided for every dependency that has one, with no stale decision', () => {
    // Prepare
    const lock = JSON.parse(read('package-lock.json')) as {
      packages: Record<string, { hasInstallScript?: boolean }>;
    };
    const withScripts = Object.entries(lock.packages)
      .filter(([, p]) => p.hasInstallScript)
      .map(([path]) => path.replace(/^.*node_modules\//, ''))
      .sort();
    const { allowScripts } = JSON.parse(read('package.json')) as {
      allowScripts: Record<string, boolean>;
    };

    // Assess
    expect(Object.keys(allowScripts).sort()).toEqual(withScripts);
  });

  it('run in CI only for the packages allowScripts marks true, after npm ci', () => {
    // Prepare
    const ci = read('.ci/run');

    // Assess
    const install = ci.indexOf('npm ci');
    const rebuild = ci.indexOf('npm rebuild $ALLOWED --ignore-scripts=false');
    expect(install).toBeGreaterThan(-1);
    expect(rebuild).toBeGreaterThan(install);
    expect(ci).toMatch(/allowScripts.*filter\(k=>a\[k\]===true\)/);
  });
});
