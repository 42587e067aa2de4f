import React, { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import DashboardCore from '@splunk/dashboard-core';
import { DashboardContextProvider } from '@splunk/dashboard-context';
import EnterpriseViewOnlyPreset from '@splunk/dashboard-presets/EnterpriseViewOnlyPreset';
import SplunkThemeProvider from '@splunk/themes/SplunkThemeProvider';
import LocalSearch from './LocalSearch';

// Splunk's own view-only preset (visualizations, inputs, layouts), with every SPL data source run locally.
const preset = {
    ...EnterpriseViewOnlyPreset,
    dataSources: { ...EnterpriseViewOnlyPreset.dataSources, 'ds.search': LocalSearch, 'ds.chain': LocalSearch },
};

function Nav({ dashboards, current }) {
    return (
        <nav id="nav">
            <span className="brand">scan-pipeline · local Splunk dashboards</span>
            {dashboards.map((d) => (
                <a key={d.name} href={`?dashboard=${encodeURIComponent(d.name)}`} className={d.name === current ? 'current' : ''}>
                    {d.label}
                </a>
            ))}
            <span id="status" />
        </nav>
    );
}

function App() {
    const [state, setState] = useState({ dashboards: null, error: null });
    useEffect(() => {
        fetch('api/dashboards')
            .then(async (r) => (r.ok ? r.json() : Promise.reject(new Error((await r.json()).error || `HTTP ${r.status}`))))
            .then((dashboards) => setState({ dashboards, error: null }))
            .catch((e) => setState({ dashboards: null, error: e.message }));
    }, []);
    if (state.error) return <div className="page-error">Cannot load the dashboards: {state.error}</div>;
    if (!state.dashboards) return <div className="loading">loading…</div>;
    if (state.dashboards.length === 0) return <div className="page-error">The app has no Dashboard Studio views.</div>;
    const wanted = new URLSearchParams(window.location.search).get('dashboard');
    const dashboard = state.dashboards.find((d) => d.name === wanted) || state.dashboards[0];
    document.title = `${dashboard.label} · scan-pipeline`;
    document.body.className = `theme-${dashboard.theme}`;
    return (
        <>
            <Nav dashboards={state.dashboards} current={dashboard.name} />
            <main id="dashboard" data-dashboard={dashboard.name}>
                <SplunkThemeProvider family="prisma" colorScheme={dashboard.theme} density="compact">
                    <DashboardContextProvider preset={preset} initialDefinition={dashboard.definition}>
                        <DashboardCore width="100%" height="100%" />
                    </DashboardContextProvider>
                </SplunkThemeProvider>
            </main>
        </>
    );
}

// events indexed so far, shown in the bar (and read by the browser test to know the data has arrived)
async function pollStatus() {
    try {
        const r = await fetch('api/status');
        const body = await r.json();
        const el = document.getElementById('status');
        if (el) el.textContent = r.ok ? `${body.events} events indexed` : body.error;
    } catch (e) {
        const el = document.getElementById('status');
        if (el) el.textContent = `server unreachable: ${e.message}`;
    }
    setTimeout(pollStatus, 5000);
}

createRoot(document.getElementById('root')).render(<App />);
pollStatus();
