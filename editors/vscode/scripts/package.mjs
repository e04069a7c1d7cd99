// Packages the extension.
//
//   npm run package                                   # lectern.vsix, no server inside (universal)
//   npm run package -- --target linux-x64             # lectern-linux-x64.vsix with server/lectern,
//                                                     # from ../../target/release/lectern
//   npm run package -- --target win32-x64 --binary path/to/lectern.exe
//
// A platform package carries the lectern binary built for that VS Code target, so that writers
// need no Rust toolchain: the extension starts `server/lectern` unless `lectern.server.path` is
// set. The binary is checked against the target (ELF, Mach-O or PE, and its CPU) and stripped of
// symbols when this machine can do it (same OS; release.yml also builds with
// CARGO_PROFILE_RELEASE_STRIP=true).
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const ROOT = path.resolve(HERE, '..', '..');

/** VS Code's platform targets, with the executable format and CPU each needs. */
const TARGETS = {
  'linux-x64': { os: 'linux', format: 'elf', cpu: 'x64' },
  'linux-arm64': { os: 'linux', format: 'elf', cpu: 'arm64' },
  'linux-armhf': { os: 'linux', format: 'elf', cpu: 'arm' },
  'alpine-x64': { os: 'linux', format: 'elf', cpu: 'x64' },
  'alpine-arm64': { os: 'linux', format: 'elf', cpu: 'arm64' },
  'darwin-x64': { os: 'darwin', format: 'macho', cpu: 'x64' },
  'darwin-arm64': { os: 'darwin', format: 'macho', cpu: 'arm64' },
  'win32-x64': { os: 'win32', format: 'pe', cpu: 'x64' },
  'win32-arm64': { os: 'win32', format: 'pe', cpu: 'arm64' },
};

function fail(msg) {
  console.error(`package: ${msg}`);
  process.exit(1);
}

function parseArgs(argv) {
  const out = { strip: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => argv[++i] ?? fail(`${a} needs a value`);
    if (a === '--target') out.target = value();
    else if (a === '--binary') out.binary = value();
    else if (a === '--out') out.out = value();
    else if (a === '--no-strip') out.strip = false;
    else if (a === '--help' || a === '-h') {
      console.log('usage: node scripts/package.mjs [--target TARGET [--binary PATH] [--no-strip]] [--out FILE]');
      console.log(`targets: ${Object.keys(TARGETS).join(', ')}`);
      process.exit(0);
    } else fail(`unknown argument ${a}`);
  }
  return out;
}

/** The executable format and CPU of a binary, from its header. */
function inspect(file) {
  const fd = fs.openSync(file, 'r');
  const head = Buffer.alloc(4096);
  const n = fs.readSync(fd, head, 0, head.length, 0);
  fs.closeSync(fd);
  const b = head.subarray(0, n);
  if (b.length >= 20 && b.readUInt32BE(0) === 0x7f454c46) {
    const machine = b.readUInt16LE(18);
    return { format: 'elf', cpu: { 0x3e: 'x64', 0xb7: 'arm64', 0x28: 'arm' }[machine] ?? `machine ${machine}` };
  }
  if (b.length >= 8 && (b.readUInt32LE(0) === 0xfeedfacf || b.readUInt32LE(0) === 0xfeedface)) {
    const cpu = b.readUInt32LE(4);
    return { format: 'macho', cpu: { 0x01000007: 'x64', 0x0100000c: 'arm64' }[cpu] ?? `cpu ${cpu}` };
  }
  if (b.length >= 0x40 && b.toString('latin1', 0, 2) === 'MZ') {
    const pe = b.readUInt32LE(0x3c);
    if (pe + 6 <= b.length && b.toString('latin1', pe, pe + 4) === 'PE\0\0') {
      const machine = b.readUInt16LE(pe + 4);
      return { format: 'pe', cpu: { 0x8664: 'x64', 0xaa64: 'arm64' }[machine] ?? `machine ${machine}` };
    }
    return { format: 'pe', cpu: 'unknown' };
  }
  return { format: 'unknown', cpu: 'unknown' };
}

const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

function vsce(args) {
  const bin = path.join(path.dirname(createRequire(import.meta.url).resolve('@vscode/vsce/package.json')), 'vsce');
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: HERE, stdio: 'inherit' });
  if (r.status !== 0) fail(`vsce ${args.join(' ')} failed`);
}

const opts = parseArgs(process.argv.slice(2));
const serverDir = path.join(HERE, 'server');
fs.rmSync(serverDir, { recursive: true, force: true });

if (!opts.target) {
  const out = opts.out ?? 'lectern.vsix';
  vsce(['package', '--no-dependencies', '--out', out]);
  process.exit(0);
}

const spec = TARGETS[opts.target] ?? fail(`unknown target ${opts.target} (one of ${Object.keys(TARGETS).join(', ')})`);
const exe = spec.os === 'win32' ? 'lectern.exe' : 'lectern';
const binary = path.resolve(opts.binary ?? path.join(ROOT, 'target', 'release', exe));
if (!fs.existsSync(binary)) fail(`no server binary at ${binary}; build it (cargo build --release) or pass --binary`);
const found = inspect(binary);
if (found.format !== spec.format || found.cpu !== spec.cpu) {
  fail(`${binary} is ${found.format}/${found.cpu}, but ${opts.target} needs ${spec.format}/${spec.cpu}`);
}

fs.mkdirSync(serverDir, { recursive: true });
const bundled = path.join(serverDir, exe);
fs.copyFileSync(binary, bundled);
fs.chmodSync(bundled, 0o755);
const before = fs.statSync(bundled).size;
const sameOs = process.platform === spec.os;
if (opts.strip && spec.format !== 'pe') {
  // MSVC keeps debug information in a separate .pdb; ELF and Mach-O carry it in the binary.
  if (sameOs) {
    try {
      execFileSync('strip', spec.format === 'macho' ? ['-x', bundled] : ['--strip-all', bundled], { stdio: 'inherit' });
    } catch (err) {
      fail(`strip failed: ${err}`);
    }
  } else {
    console.warn(`package: not stripped here (${process.platform} cannot strip ${spec.format}); build with CARGO_PROFILE_RELEASE_STRIP=true`);
  }
}
const after = fs.statSync(bundled).size;
console.log(`package: server/${exe} ${mib(before)} -> ${mib(after)} (${found.format}/${found.cpu})`);

const out = opts.out ?? `lectern-${opts.target}.vsix`;
vsce(['package', '--target', opts.target, '--no-dependencies', '--out', out]);
console.log(`package: ${out} ${mib(fs.statSync(path.resolve(HERE, out)).size)}`);
