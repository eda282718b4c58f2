// Build ../wbroles/templates/plotly-wbroles.min.js: plotly.js (the exact version pinned in
// package.json, which must be the one plotly.py inlines) with only the trace types the reports
// draw registered. Run through `make bundle`; node is needed for nothing else in wbroles.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

// scatter is part of plotly.js/lib/core; the rest are registered here.
const TRACES = ['bar', 'box', 'scatterpolar'];
const OUT = new URL('../wbroles/templates/plotly-wbroles.min.js', import.meta.url);

const require = createRequire(import.meta.url);
const version = require('plotly.js/package.json').version;
const pinned = JSON.parse(readFileSync(new URL('package.json', import.meta.url))).devDependencies['plotly.js'];
if (version !== pinned) throw new Error(`node_modules has plotly.js ${version}, package.json pins ${pinned}: run npm ci`);

const entry = [
  "var Plotly = require('plotly.js/lib/core');",
  `Plotly.register([${TRACES.map((t) => `require('plotly.js/lib/${t}')`).join(', ')}]);`,
  'module.exports = Plotly;',
].join('\n');
const result = await build({
  stdin: { contents: entry, resolveDir: new URL('.', import.meta.url).pathname, loader: 'js' },
  bundle: true,
  format: 'iife',
  globalName: 'Plotly',
  minify: true,
  legalComments: 'none',
  target: 'es2016',
  define: { global: 'window', 'define.amd': 'false' },
  loader: { '.css': 'empty' }, // maplibre's stylesheet: no map subplots here
  write: false,
  logLevel: 'warning',
});
const header = `/*! plotly.js v${version} (wbroles bundle) traces: ${['scatter', ...TRACES].join(',')} | MIT license, Copyright 2012-2026 Plotly, Inc. */\n`;
writeFileSync(OUT, header + result.outputFiles[0].text);
console.log(`${OUT.pathname}: ${header.length + result.outputFiles[0].contents.length} bytes`);
