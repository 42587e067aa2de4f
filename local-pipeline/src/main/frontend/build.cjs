// Builds the dashboards front end into the directory given as the only argument (the Maven build passes
// target/classes/dashboards-web, so it lands in the jar). Installs the pinned packages with `npm ci` from the
// committed package-lock.json when node_modules does not match it (a marker holds the lockfile's hash), and
// bundles only when a source or the lockfile is newer than the bundle. Nothing is fetched at run time.
'use strict';
const { execFileSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const outDir = process.argv[2];
if (!outDir) {
    console.error('usage: node build.cjs OUTPUT_DIR');
    process.exit(2);
}
const here = __dirname;
const lockHash = crypto.createHash('sha256').update(fs.readFileSync(path.join(here, 'package-lock.json'))).digest('hex');
const marker = path.join(here, 'node_modules', '.scanpipeline-lock-sha256');
if (!fs.existsSync(marker) || fs.readFileSync(marker, 'utf8') !== lockHash) {
    console.log('dashboards front end: npm ci (from package-lock.json) ...');
    execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['ci', '--no-audit', '--no-fund'], { cwd: here, stdio: 'inherit' });
    fs.writeFileSync(marker, lockHash);
}

function newest(dir) {
    return fs.readdirSync(dir, { withFileTypes: true }).reduce((t, e) => {
        const p = path.join(dir, e.name);
        return Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
    }, 0);
}
const bundle = path.join(outDir, 'main.js');
const inputsTime = Math.max(newest(path.join(here, 'src')), fs.statSync(marker).mtimeMs, fs.statSync(__filename).mtimeMs);
if (fs.existsSync(bundle) && fs.existsSync(path.join(outDir, 'index.html')) && fs.statSync(bundle).mtimeMs >= inputsTime) {
    console.log('dashboards front end: up to date');
    process.exit(0);
}
fs.mkdirSync(outDir, { recursive: true });
require('esbuild').buildSync({
    entryPoints: [path.join(here, 'src', 'main.jsx')],
    bundle: true,
    outfile: bundle,
    minify: true,
    loader: { '.js': 'jsx' },
    define: { 'process.env.NODE_ENV': '"production"', global: 'window' },
    logLevel: 'warning',
});
fs.copyFileSync(path.join(here, 'src', 'index.html'), path.join(outDir, 'index.html'));
console.log(`dashboards front end: built into ${outDir}`);
