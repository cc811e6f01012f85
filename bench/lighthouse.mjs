#!/usr/bin/env node
// The reader's side of the product (issue 23): Lighthouse (pinned in package.json) on the page
// as the product's server serves it, in Debian's Chromium, headless, with the mobile and the
// desktop presets. Each preset runs `runs` times in a fresh browser; the best performance score
// of the runs is reported, with the load average beside each run (the machine is shared, and
// Lighthouse's simulated throttling scales what it observes on this CPU).
//   node bench/lighthouse.mjs [--url URL] [--runs 3] [--presets mobile,desktop] [--json FILE] [--save DIR]
// (--save DIR keeps each run's whole report, DIR/mobile-1.json …, for its traces of long tasks.)
// Without --url it starts the product's server itself (bench/serve.mjs). make bench calls
// lighthouseRows() below.
import { loadavg } from 'node:os';
import { writeFileSync } from 'node:fs';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import * as chromeLauncher from 'chrome-launcher';
import { startProductServer } from './serve.mjs';

// The browser tests' flags (playwright.config.js): nothing reaches for Google's services.
const FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];

/// One Lighthouse run of `url` with `preset` ('mobile' or 'desktop'): scores (0-100), the
/// metrics in ms (CLS unitless), the bytes transferred, the failed audits, the longest
/// main-thread tasks, and the load average when it started.
export async function lighthouseRun(url, preset, { save = null } = {}) {
  const load = loadavg()[0];
  const chrome = await chromeLauncher.launch({ chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', chromeFlags: FLAGS });
  try {
    const flags = { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES };
    const { lhr } = await lighthouse(url, flags, preset === 'desktop' ? desktopConfig : undefined);
    if (save) writeFileSync(save, JSON.stringify(lhr));
    if (lhr.runtimeError) throw new Error(`lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    const audit = (id) => lhr.audits[id];
    const value = (id) => audit(id)?.numericValue ?? NaN;
    const failed = Object.values(lhr.audits)
      .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'manual' && a.scoreDisplayMode !== 'notApplicable')
      .map((a) => `${a.id} ${a.displayValue ?? a.score}`);
    const longTasks = (audit('long-tasks')?.details?.items ?? []).map((t) => [t.url, Math.round(t.duration), Math.round(t.startTime)]);
    return {
      preset, load, url,
      scores: Object.fromEntries(CATEGORIES.map((c) => [c, Math.round(100 * (lhr.categories[c]?.score ?? 0))])),
      fcp: value('first-contentful-paint'), lcp: value('largest-contentful-paint'), tbt: value('total-blocking-time'),
      cls: value('cumulative-layout-shift'), si: value('speed-index'), bytes: value('total-byte-weight'),
      lcpElement: audit('largest-contentful-paint-element')?.details?.items?.find((t) => t.items?.[0]?.node)?.items[0].node.snippet ?? null,
      failed, longTasks,
    };
  } finally {
    await chrome.kill();
  }
}

/// `runs` runs of each preset; returns {best: {preset: run}, all: [run]}. The best run is the
/// one with the highest performance score (then the lowest TBT).
export async function lighthouseBest(url, { runs = 3, presets = ['mobile', 'desktop'], log = () => {}, save = null } = {}) {
  const all = [];
  const best = {};
  for (const preset of presets) {
    for (let i = 0; i < runs; i++) {
      let r;
      // A run whose trace Chromium lost (NO_NAVSTART, on a busy machine) is run again, twice at most.
      for (let attempt = 1; !r; attempt++) {
        try {
          r = await lighthouseRun(url, preset, { save: save && `${save}/${preset}-${i + 1}.json` });
        } catch (e) {
          if (attempt === 3) throw e;
          log(`lighthouse ${preset} ${i + 1}/${runs}: ${e.message}; again`);
        }
      }
      all.push(r);
      log(`lighthouse ${preset} ${i + 1}/${runs}: ${line(r)}`);
      const b = best[preset];
      if (!b || r.scores.performance > b.scores.performance || (r.scores.performance === b.scores.performance && r.tbt < b.tbt)) best[preset] = r;
    }
  }
  return { best, all };
}

const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
/// One run on one line: the four scores, LCP, TBT, CLS, and the load average.
export function line(r) {
  const { performance: p, accessibility: a, 'best-practices': bp, seo } = r.scores;
  return `performance ${p}, accessibility ${a}, best practices ${bp}, SEO ${seo}; FCP ${s(r.fcp)}, LCP ${s(r.lcp)}, TBT ${Math.round(r.tbt)} ms, CLS ${r.cls.toFixed(3)}, ${(r.bytes / 1024).toFixed(0)} KiB (load ${r.load.toFixed(2)})`;
}

/// The table make bench prints beside the frame table.
export function lighthouseRows({ best }, runs) {
  const rows = [`Lighthouse (best of ${runs} by performance; load = 1-minute load average at the run's start)`, '',
    '| preset | performance | accessibility | best practices | SEO | LCP | TBT | CLS | FCP | KiB | load |', '|---|---|---|---|---|---|---|---|---|---|---|'];
  for (const r of Object.values(best)) {
    rows.push(`| ${r.preset} | ${r.scores.performance} | ${r.scores.accessibility} | ${r.scores['best-practices']} | ${r.scores.seo} | ${s(r.lcp)} | ${Math.round(r.tbt)} ms | ${r.cls.toFixed(3)} | ${s(r.fcp)} | ${(r.bytes / 1024).toFixed(0)} | ${r.load.toFixed(2)} |`);
  }
  for (const r of Object.values(best)) {
    if (r.failed.length) rows.push(`${r.preset}: audits below 100: ${r.failed.join('; ')}`);
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : dflt; };
  const runs = Number(opt('runs', 3));
  const server = opt('url') ? null : await startProductServer();
  const url = opt('url', `${server?.origin}/`);
  try {
    const result = await lighthouseBest(url, { runs, presets: opt('presets', 'mobile,desktop').split(','), log: (m) => process.stderr.write(`${m}\n`), save: opt('save') });
    console.log(lighthouseRows(result, runs).join('\n'));
    for (const r of Object.values(result.best)) {
      console.log(`${r.preset}: LCP element ${r.lcpElement}; long tasks ${JSON.stringify(r.longTasks)}`);
    }
    const json = opt('json');
    if (json) writeFileSync(json, JSON.stringify(result, null, 1));
  } finally {
    server?.close();
  }
}
