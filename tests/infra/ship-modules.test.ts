/**
 * infra/bundling/ship-modules.ts on hand-made `node_modules` trees: the
 * closure follows Node's resolution (nested copies first), keeps only the
 * platform binaries that fit the function, and the copy commands rebuild
 * the same layout.
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  moduleClosure,
  shipModulesCommands,
  type TargetPlatform,
} from '#infra/bundling/ship-modules.ts';

const X64: TargetPlatform = { os: 'linux', cpu: 'x64', libc: 'glibc' };
const ARM64: TargetPlatform = { os: 'linux', cpu: 'arm64', libc: 'glibc' };

let root: string;

/** Writes `<root>/<path>/package.json` (and an index.js) for a package. */
function pkg(path: string, manifest: Record<string, unknown>): void {
  const dir = join(root, path);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ version: '1.0.0', ...manifest })
  );
  writeFileSync(
    join(dir, 'index.js'),
    `module.exports = ${JSON.stringify(path)};`
  );
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'archive-ship-'));
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('moduleClosure', () => {
  it('follows dependencies as Node resolves them: a nested copy wins over the hoisted one', () => {
    // Prepare
    pkg('node_modules/app-ocr', {
      name: 'app-ocr',
      dependencies: { helper: '^2', shared: '^1' },
    });
    pkg('node_modules/app-ocr/node_modules/helper', {
      name: 'helper',
      version: '2.0.0',
      dependencies: { shared: '^1' },
    });
    pkg('node_modules/helper', { name: 'helper', version: '1.0.0' });
    pkg('node_modules/shared', { name: 'shared' });
    pkg('node_modules/unrelated', { name: 'unrelated' });

    // Act
    const closure = moduleClosure(['app-ocr'], root, X64);

    // Assess
    expect(closure.map((p) => `${p.path}@${p.version}`)).toEqual([
      'node_modules/app-ocr@1.0.0',
      'node_modules/app-ocr/node_modules/helper@2.0.0',
      'node_modules/shared@1.0.0',
    ]);
  });

  it('ships installed optional dependencies, skips missing ones and binaries for other platforms', () => {
    // Prepare
    pkg('node_modules/canvas', {
      name: 'canvas',
      // npm allows an optional dependency in both maps; it stays optional
      dependencies: { 'canvas-linux-arm64-gnu': '1.0.0' },
      optionalDependencies: {
        'canvas-linux-x64-gnu': '1.0.0',
        'canvas-linux-x64-musl': '1.0.0',
        'canvas-darwin-arm64': '1.0.0',
        'canvas-linux-arm64-gnu': '1.0.0',
      },
    });
    pkg('node_modules/canvas-linux-x64-gnu', {
      name: 'canvas-linux-x64-gnu',
      os: ['linux'],
      cpu: ['x64'],
      libc: ['glibc'],
    });
    pkg('node_modules/canvas-linux-x64-musl', {
      name: 'canvas-linux-x64-musl',
      os: ['linux'],
      cpu: ['x64'],
      libc: ['musl'],
    });
    pkg('node_modules/canvas-darwin-arm64', {
      name: 'canvas-darwin-arm64',
      os: ['darwin'],
      cpu: ['arm64'],
    });

    // Act
    const closure = moduleClosure(['canvas'], root, X64);

    // Assess
    expect(closure.map((p) => p.name)).toEqual([
      'canvas',
      'canvas-linux-x64-gnu',
    ]);
  });

  it('refuses a package whose platform binaries are all for other platforms, naming them', () => {
    // Prepare
    pkg('node_modules/canvas', {
      name: 'canvas',
      optionalDependencies: { 'canvas-linux-x64-gnu': '1.0.0' },
    });
    pkg('node_modules/canvas-linux-x64-gnu', {
      name: 'canvas-linux-x64-gnu',
      os: ['linux'],
      cpu: ['x64'],
      libc: ['glibc'],
    });

    // Act
    const act = () => moduleClosure(['canvas'], root, ARM64);

    // Assess
    expect(act).toThrow(
      'canvas has no platform package installed for linux/arm64/glibc (installed: canvas-linux-x64-gnu [linux/x64/glibc])'
    );
  });

  it('refuses a required package built for another platform', () => {
    // Prepare
    pkg('node_modules/native-only', {
      name: 'native-only',
      cpu: ['x64'],
    });

    // Act
    const act = () => moduleClosure(['native-only'], root, ARM64);

    // Assess
    expect(act).toThrow(
      /native-only \(node_modules\/native-only\) is built for any\/x64\/any, not for the function's linux\/arm64\/glibc/
    );
  });

  it('names a missing root and a missing dependency', () => {
    // Prepare
    pkg('node_modules/needy', {
      name: 'needy',
      dependencies: { gone: '^1' },
    });

    // Act
    const missingRoot = () => moduleClosure(['nowhere'], root, X64);
    const missingDep = () => moduleClosure(['needy'], root, X64);

    // Assess
    expect(missingRoot).toThrow(
      /"nowhere" is not installed under .*node_modules/
    );
    expect(missingDep).toThrow(/needy needs "gone", which is not installed/);
  });

  it('follows required peer dependencies and skips missing optional ones', () => {
    // Prepare
    pkg('node_modules/plugin', {
      name: 'plugin',
      peerDependencies: { host: '^1', extra: '^1' },
      peerDependenciesMeta: { extra: { optional: true } },
    });
    pkg('node_modules/host', { name: 'host' });

    // Act
    const closure = moduleClosure(['plugin'], root, X64);

    // Assess
    expect(closure.map((p) => p.name)).toEqual(['host', 'plugin']);
  });

  it('ships an installed optional peer only when it is a root (the text function without the canvas)', () => {
    // Prepare: a PDF decoder with the native canvas as an optional peer,
    // installed for x64 only
    pkg('node_modules/pdf-decoder', {
      name: 'pdf-decoder',
      peerDependencies: { canvas: '^1' },
      peerDependenciesMeta: { canvas: { optional: true } },
    });
    pkg('node_modules/canvas', {
      name: 'canvas',
      optionalDependencies: { 'canvas-linux-x64': '1.0.0' },
    });
    pkg('node_modules/canvas-linux-x64', {
      name: 'canvas-linux-x64',
      os: ['linux'],
      cpu: ['x64'],
    });

    // Act
    const textPath = moduleClosure(['pdf-decoder'], root, ARM64);
    const ocrPath = moduleClosure(['canvas', 'pdf-decoder'], root, X64);

    // Assess
    expect(textPath.map((p) => p.name)).toEqual(['pdf-decoder']);
    expect(ocrPath.map((p) => p.name)).toEqual([
      'canvas',
      'canvas-linux-x64',
      'pdf-decoder',
    ]);
  });
});

describe('shipModulesCommands', () => {
  it('rebuilds the layout in the asset: nested packages under their parent, nothing else from its node_modules', () => {
    // Prepare
    pkg('node_modules/@scope/app-ocr', {
      name: '@scope/app-ocr',
      dependencies: { helper: '^2' },
    });
    pkg('node_modules/@scope/app-ocr/node_modules/helper', {
      name: 'helper',
      version: '2.0.0',
    });
    pkg('node_modules/@scope/app-ocr/node_modules/stray', { name: 'stray' });
    mkdirSync(join(root, 'node_modules/@scope/app-ocr/data'));
    writeFileSync(
      join(root, 'node_modules/@scope/app-ocr/data/model.bin'),
      'm'
    );
    const asset = join(root, "asset with 'quotes'");
    mkdirSync(asset);
    const closure = moduleClosure(['@scope/app-ocr'], root, X64);

    // Act
    for (const command of shipModulesCommands(closure, asset)) {
      execFileSync('bash', ['-c', command]);
    }

    // Assess
    const shipped = join(asset, 'node_modules/@scope/app-ocr');
    expect(readFileSync(join(shipped, 'data/model.bin'), 'utf8')).toBe('m');
    expect(
      JSON.parse(
        readFileSync(join(shipped, 'node_modules/helper/package.json'), 'utf8')
      ).version
    ).toBe('2.0.0');
    expect(existsSync(join(shipped, 'node_modules/stray'))).toBe(false);
    // the copy resolves like the original
    const resolved = execFileSync(
      process.execPath,
      [
        '-e',
        `console.log(require(require.resolve('helper', { paths: [${JSON.stringify(shipped)}] })))`,
      ],
      { cwd: dirname(shipped), encoding: 'utf8' }
    ).trim();
    expect(resolved).toBe('node_modules/@scope/app-ocr/node_modules/helper');
  });
});
