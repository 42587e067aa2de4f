// Opens dashboards of the local dashboard server in headless Chromium (Debian's, never a downloaded browser) and
// prints, as one JSON object, what each panel shows: its title, the error it shows if any, the table's header and
// cells, the chart's points as Highcharts renders them for screen readers ("1. critical, 2."), a single value's
// text. Writes a full-page screenshot <out>/<dashboard>.png of each.
//   node read-dashboards.cjs BASE_URL OUT_DIR MIN_EVENTS DASHBOARD...
// Waits (bounded) until the page has indexed MIN_EVENTS events and two reads a few seconds apart agree.
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const [baseUrl, outDir, minEventsArg, ...names] = process.argv.slice(2);
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const minEvents = Number(minEventsArg || 0);

function readPanels() {
    const panels = {};
    for (const item of document.querySelectorAll('[data-id]')) {
        const id = item.getAttribute('data-id');
        if (!item.querySelector('[data-test="viz-title"]')) continue; // a layout wrapper, not the panel
        const text = (sel) => Array.from(item.querySelectorAll(sel)).map((e) => e.innerText.trim());
        const panel = { title: text('[data-test="viz-title"]')[0] || '' };
        const messages = text('[data-test="message"]').filter((m) => m);
        if (messages.length) panel.message = messages.join('\n');
        const head = text('[data-test="head-cell"]');
        if (head.length) {
            // the header is a "row" too, without cells
            panel.table = { fields: head, rows: Array.from(item.querySelectorAll('[data-test="row"]')).map((row) =>
                Array.from(row.querySelectorAll('[data-test="cell"]')).map((c) => c.innerText.trim()))
                .filter((cells) => cells.length > 0) };
        }
        const points = Array.from(item.querySelectorAll('[aria-label]'))
            .map((e) => e.getAttribute('aria-label'))
            .map((l) => /^\d+\. (.*), ([^,]*)\.$/.exec(l))
            .filter((m) => m)
            .map((m) => [m[1], m[2]]);
        if (points.length) panel.points = points;
        if (!head.length && !points.length) panel.text = item.innerText.replace(panel.title, '').trim();
        // the innermost element carrying the id holds the panel; keep the richest reading
        if (!panels[id] || JSON.stringify(panel).length > JSON.stringify(panels[id]).length) panels[id] = panel;
    }
    return { status: (document.getElementById('status') || {}).textContent || '', panels };
}

(async () => {
    if (!fs.existsSync(executablePath)) {
        console.error(`Chromium not found at ${executablePath}: install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH`);
        process.exit(3);
    }
    fs.mkdirSync(outDir, { recursive: true });
    const userDataDir = fs.mkdtempSync(path.join(outDir, 'chromium-profile-'));
    const browser = await chromium.launchPersistentContext(userDataDir, {
        executablePath,
        headless: true,
        viewport: { width: 1400, height: 1000 },
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
            '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const result = {};
    try {
        for (const name of names) {
            const page = await browser.newPage();
            const errors = [];
            page.on('pageerror', (e) => errors.push(e.message));
            await page.goto(`${baseUrl}?dashboard=${encodeURIComponent(name)}`, { timeout: 180000, waitUntil: 'domcontentloaded' });
            let previous = null;
            let current = null;
            for (let i = 0; i < 60; i++) {
                await page.waitForTimeout(3000);
                current = await page.evaluate(readPanels);
                const events = Number((/^(\d+) events/.exec(current.status) || [])[1] || -1);
                const ready = events >= minEvents && Object.keys(current.panels).length > 0;
                if (ready && previous && JSON.stringify(previous) === JSON.stringify(current)) break;
                previous = ready ? current : null;
            }
            await page.screenshot({ path: path.join(outDir, `${name}.png`), fullPage: true });
            result[name] = { ...current, pageErrors: errors };
            await page.close();
        }
    } finally {
        await browser.close();
        fs.rmSync(userDataDir, { recursive: true, force: true });
    }
    console.log(JSON.stringify(result));
})().catch((e) => {
    console.error(e.stack || String(e));
    process.exit(1);
});
