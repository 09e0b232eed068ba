// The npm registry this project installs from serves only the linux-x64 builds of packages
// that ship one binary package per platform (biome, @node-rs/jieba, msgpackr-extract), so
// `npm install` leaves the other platforms out of package-lock.json and `npm ci` then refuses
// the lock as out of sync. This adds those optional entries back, marked for their os/cpu, so
// npm skips them here and installs them where they exist. Run after `npm install <pkg>`:
//   node scripts/fix-lock.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const packages = lock.packages;
let added = 0;
for (const [path, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `${path ? `${path}/` : ''}node_modules/${name}`;
    if (packages[key] || packages[`node_modules/${name}`]) continue;
    const platform =
      /-(android|darwin|freebsd|linux|win32|openbsd|sunos)-(arm64|x64|arm|ia32)(?:-(gnu|musl|msvc|gnueabihf|eabi))?/.exec(
        name,
      );
    if (!platform) continue;
    const [, os, cpu, abi] = platform;
    packages[`node_modules/${name}`] = {
      version,
      cpu: [cpu],
      license: 'MIT',
      optional: true,
      os: [os],
      ...(abi === 'musl' || abi === 'gnu' ? { libc: [abi === 'musl' ? 'musl' : 'glibc'] } : {}),
    };
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
console.log(`fix-lock: added ${added} platform entries`);
