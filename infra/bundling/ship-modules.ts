/**
 * Ships installed npm packages next to a Lambda bundle, offline: the
 * packages esbuild cannot inline (a native `.node` binary, a worker script
 * started from its own file, WebAssembly and data files read from their
 * package folder) are copied with their runtime dependency closure from
 * the project's `node_modules` into `<asset>/node_modules/`, in the same
 * layout, so Node resolves them in Lambda exactly as it does here.
 *
 * `NodejsFunction`'s own `bundling.nodeModules` runs `npm install` in the
 * asset, which needs the registry (and on another architecture, Docker);
 * `cdk synth` must work without either.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

/** The platform the function runs on, in npm's `os`/`cpu`/`libc` terms. */
export interface TargetPlatform {
  readonly os: 'linux';
  readonly cpu: 'x64' | 'arm64';
  /** Lambda's Amazon Linux runtimes use glibc. */
  readonly libc: 'glibc';
}

/** One package to copy. */
export interface ShippedPackage {
  readonly name: string;
  readonly version: string;
  /** Absolute folder of the installed package. */
  readonly dir: string;
  /**
   * Folder relative to the project root, e.g. `node_modules/tesseract.js`
   * or `node_modules/a/node_modules/b`; the asset gets the same path.
   */
  readonly path: string;
}

interface Manifest {
  name?: string;
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  os?: string[];
  cpu?: string[];
  libc?: string[];
}

function readManifest(dir: string): Manifest {
  const file = join(dir, 'package.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  } catch (error) {
    throw new Error(
      `shipModules: cannot read ${file}: ${(error as Error).message}`
    );
  }
}

/**
 * Where `require(name)` from a file in `fromDir` finds the package: the
 * nearest `node_modules/<name>` walking up, never above the project root.
 */
function findPackage(
  name: string,
  fromDir: string,
  projectRoot: string
): string | null {
  let dir = fromDir;
  for (;;) {
    if (!dir.endsWith(`${sep}node_modules`)) {
      const candidate = join(dir, 'node_modules', name);
      if (existsSync(join(candidate, 'package.json'))) return candidate;
    }
    if (dir === projectRoot) return null;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/**
 * npm's `os`/`cpu`/`libc` fields against the target; a missing field
 * means "any". npm negates with a leading `!`.
 */
function matchesPlatform(manifest: Manifest, target: TargetPlatform): boolean {
  const allows = (list: string[] | undefined, value: string) => {
    if (list === undefined || list.length === 0) return true;
    if (list.includes(`!${value}`)) return false;
    const positive = list.filter((v) => !v.startsWith('!'));
    return positive.length === 0 || positive.includes(value);
  };
  return (
    allows(manifest.os, target.os) &&
    allows(manifest.cpu, target.cpu) &&
    allows(manifest.libc, target.libc)
  );
}

function isPlatformPackage(manifest: Manifest): boolean {
  return [manifest.os, manifest.cpu, manifest.libc].some(
    (list) => list !== undefined && list.length > 0
  );
}

function describePlatform(manifest: Manifest): string {
  return [manifest.os, manifest.cpu, manifest.libc]
    .map((list) => (list ?? ['any']).join('|'))
    .join('/');
}

/**
 * The packages to ship for `roots`: each root and everything it needs at
 * run time (`dependencies`, required `peerDependencies`, and the
 * `optionalDependencies` that are installed and fit the target; an
 * optional peer only when it is a root itself), resolved
 * from the project's `node_modules` as Node would. Sorted by path, so the
 * copy (and the asset hash) is the same on every machine with the same
 * lock file.
 *
 * Fails, naming the package, when a required dependency is not installed,
 * when a required package is built for another platform, or when a
 * package's platform binaries are installed only for other platforms
 * (e.g. `@napi-rs/canvas-darwin-arm64` on a Mac, for a linux-x64 function).
 *
 * @param roots package names the bundle imports
 * @param projectRoot folder holding `node_modules`
 * @param target the function's platform
 */
export function moduleClosure(
  roots: readonly string[],
  projectRoot: string,
  target: TargetPlatform
): ShippedPackage[] {
  const root = realpathSync(projectRoot);
  const shipped = new Map<string, ShippedPackage>();
  const describeTarget = `${target.os}/${target.cpu}/${target.libc}`;

  const visit = (dir: string, via: string): void => {
    const real = realpathSync(dir);
    const path = relative(root, real);
    if (path.startsWith('..') || !path.startsWith(`node_modules${sep}`)) {
      throw new Error(
        `shipModules: ${via} resolves to ${real}, outside ${join(root, 'node_modules')}; ` +
          'only packages installed in the project can be shipped'
      );
    }
    const key = path.split(sep).join('/');
    if (shipped.has(key)) return;
    const manifest = readManifest(real);
    const name = manifest.name ?? key;
    shipped.set(key, {
      name,
      version: manifest.version ?? '0.0.0',
      dir: real,
      path: key,
    });

    const need = (dep: string, required: boolean): void => {
      const found = findPackage(dep, real, root);
      if (found === null) {
        if (!required) return;
        throw new Error(
          `shipModules: ${name} needs "${dep}", which is not installed ` +
            `under ${join(root, 'node_modules')}`
        );
      }
      visit(found, `${name} → ${dep}`);
    };

    const optional = manifest.optionalDependencies ?? {};
    for (const dep of Object.keys(manifest.dependencies ?? {}).sort()) {
      // npm lets a package list an optional dependency in both maps
      if (!(dep in optional)) need(dep, true);
    }
    for (const dep of Object.keys(manifest.peerDependencies ?? {}).sort()) {
      // an optional peer is the function's choice, not the package's: it
      // ships when the function lists it as a root (unpdf's optional
      // canvas goes with the OCR function, not with the text function)
      if (manifest.peerDependenciesMeta?.[dep]?.optional !== true) {
        need(dep, true);
      }
    }

    const binaries: { name: string; fits: boolean; platform: string }[] = [];
    for (const dep of Object.keys(optional).sort()) {
      const found = findPackage(dep, real, root);
      if (found === null) continue;
      const depManifest = readManifest(found);
      if (isPlatformPackage(depManifest)) {
        const fits = matchesPlatform(depManifest, target);
        binaries.push({
          name: dep,
          fits,
          platform: describePlatform(depManifest),
        });
        // a binary for another platform is dead weight in the asset
        if (!fits) continue;
      }
      visit(found, `${name} → ${dep}`);
    }
    if (binaries.length > 0 && !binaries.some((b) => b.fits)) {
      throw new Error(
        `shipModules: ${name} has no platform package installed for ${describeTarget} ` +
          `(installed: ${binaries.map((b) => `${b.name} [${b.platform}]`).join(', ')}). ` +
          "Install the one for the function's platform beside it (e.g. " +
          '`npm install --no-save --force <package>-linux-x64-gnu@<version>`), ' +
          "or change the function's architecture"
      );
    }
  };

  for (const name of [...roots].sort()) {
    const found = findPackage(name, root, root);
    if (found === null) {
      throw new Error(
        `shipModules: "${name}" is not installed under ${join(root, 'node_modules')}`
      );
    }
    visit(found, name);
  }

  for (const pkg of shipped.values()) {
    const manifest = readManifest(pkg.dir);
    if (!matchesPlatform(manifest, target)) {
      throw new Error(
        `shipModules: ${pkg.name} (${pkg.path}) is built for ${describePlatform(manifest)}, ` +
          `not for the function's ${describeTarget}`
      );
    }
  }
  return [...shipped.values()].sort((a, b) =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : 0
  );
}

/** POSIX single-quoting: any path survives `bash -c`. */
function quote(path: string): string {
  return `'${path.replaceAll("'", `'\\''`)}'`;
}

/**
 * Shell commands (run by the local bundler after esbuild) copying the
 * packages into `<outputDir>/<path>`. A package's own nested
 * `node_modules` is not copied wholesale: the nested packages it needs are
 * in the list themselves, after their parent (the list is sorted by path).
 * Symlinks are followed, so the asset holds files only. The sources are
 * paths on this machine: local bundling only (the project never bundles in
 * Docker).
 *
 * @param packages from {@link moduleClosure}
 * @param outputDir the asset folder
 */
export function shipModulesCommands(
  packages: readonly ShippedPackage[],
  outputDir: string
): string[] {
  return packages.map((pkg) => {
    const to = join(outputDir, ...pkg.path.split('/'));
    return [
      `mkdir -p ${quote(to)}`,
      `cp -RL ${quote(`${pkg.dir}/.`)} ${quote(`${to}/`)}`,
      `rm -rf ${quote(join(to, 'node_modules'))}`,
    ].join(' && ');
  });
}
