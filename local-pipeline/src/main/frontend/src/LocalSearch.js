// A Dashboard Studio data source (ds.search and ds.chain) whose SPL is run by the local search stand-in:
// POST /api/search {spl, earliest, latest} -> {fields, rows} or 400 {error}. It polls, so the panel follows the
// HEC receiver's events as they arrive; a failed search is reported to the framework as an error, which the panel
// shows instead of an empty chart.
import DataSource from '@splunk/datasources/DataSource';

export const REFRESH_MS = Number(new URLSearchParams(window.location.search).get('refresh') || 5) * 1000;

function mergeSearches(base, extend) {
    const sub = (extend || '').trim();
    if (!sub) return base;
    return sub.startsWith('|') ? `${base} ${sub}` : `${base} | ${sub}`;
}

export function toColumns(fields, rows) {
    return fields.map((_, i) => rows.map((row) => row[i]));
}

export default class LocalSearch extends DataSource {
    constructor(options = {}, context = {}, meta = {}, baseChainModel = {}) {
        super(options, context, meta, baseChainModel);
        if (!options.query) {
            throw new Error(`data source ${context.id || ''} has no query`);
        }
        this.query = options.query;
        this.isChain = typeof options.extend === 'string';
        const params = options.queryParameters || {};
        this.earliest = params.earliest ?? null;
        this.latest = params.latest ?? null;
        this.parent = null; // for a chain: {search, earliest, latest} of the data source it extends
        this.refreshSubscription = false;
    }

    fullSearch() {
        return this.isChain ? mergeSearches(this.parent.search, this.query) : this.query;
    }

    request() {
        return (observer) => {
            if (this.isChain && !this.parent) {
                return () => {}; // runs once the base search has reported its query (getObserver)
            }
            const spl = this.fullSearch();
            const earliest = this.isChain ? this.parent.earliest : this.earliest;
            const latest = this.isChain ? this.parent.latest : this.latest;
            let stopped = false;
            let timer = null;
            let last = null;
            const run = async () => {
                try {
                    const response = await fetch('api/search', {
                        method: 'POST',
                        headers: { 'Content-Type': 'application/json' },
                        body: JSON.stringify({ spl, earliest, latest }),
                    });
                    const body = await response.json().catch(() => ({ error: `HTTP ${response.status}` }));
                    if (stopped) return;
                    if (!response.ok) {
                        stopped = true;
                        observer.error({ level: 'error', message: body.error || `HTTP ${response.status}`, meta: { search: spl } });
                        return;
                    }
                    const text = JSON.stringify(body);
                    if (text !== last) {
                        last = text;
                        observer.next({
                            data: { fields: body.fields.map((name) => ({ name })), columns: toColumns(body.fields, body.rows) },
                            meta: { search: spl, earliest, latest, totalCount: body.rows.length, status: 'done' },
                        });
                    }
                } catch (e) {
                    if (stopped) return;
                    stopped = true;
                    observer.error({ level: 'error', message: `the local search server did not answer: ${e.message}`, meta: { search: spl } });
                    return;
                }
                if (!stopped) timer = setTimeout(run, REFRESH_MS);
            };
            run();
            return () => {
                stopped = true;
                if (timer) clearTimeout(timer);
            };
        };
    }

    // A chain (ds.chain) receives its base search's meta here: its query and time range.
    getObserver() {
        return {
            next: ({ meta }) => {
                if (!meta || typeof meta.search !== 'string') return;
                const parent = { search: meta.search, earliest: meta.earliest ?? null, latest: meta.latest ?? null };
                const changed = JSON.stringify(parent) !== JSON.stringify(this.parent);
                this.parent = parent;
                this.refreshSubscription = changed;
            },
            error: () => {},
            complete: () => {},
        };
    }

    shouldRefreshSubscription() {
        return this.refreshSubscription;
    }
}
