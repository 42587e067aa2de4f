package io.scanpipeline.splunk.search.conf;

import io.scanpipeline.splunk.search.SplException;
import io.scanpipeline.splunk.search.SplunkApp;
import io.scanpipeline.splunk.search.eval.Expr;
import io.scanpipeline.splunk.search.eval.ExprParser;
import io.scanpipeline.splunk.search.eval.Values;
import io.scanpipeline.splunk.search.index.IndexedEvent;
import io.scanpipeline.splunk.search.spl.Rec;
import io.scanpipeline.splunk.search.spl.RecContext;
import io.scanpipeline.splunk.search.spl.SearchFilter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The app's search-time knowledge applied to one event, in Splunk's search-time operations sequence: inline
 * {@code EXTRACT-} regexes, automatic key-value extraction ({@code KV_MODE}: auto (JSON bodies when
 * {@code AUTO_KV_JSON}, else {@code key=value}), json, none), {@code FIELDALIAS-}, {@code EVAL-} (all evaluated on
 * the fields as they were before any EVAL; they override), {@code LOOKUP-}, eventtypes, tags. A JSON or key-value
 * field that is also an indexed field is multivalued (both values), as in Splunk.
 */
public final class Knowledge {
    private static final Pattern KV = Pattern.compile("([A-Za-z_][\\w.]*)=(\"([^\"]*)\"|[^\\s,;\"]+)");
    private static final Pattern NAMED_GROUP = Pattern.compile("\\(\\?P?<([A-Za-z_][A-Za-z0-9_]*)>");
    private final SplunkApp app;
    private final Map<String, Expr> evals = new ConcurrentHashMap<>();
    private final Map<String, SearchFilter> eventtypeFilters = new ConcurrentHashMap<>();
    private final Map<String, LookupClause> clauses = new ConcurrentHashMap<>();

    public Knowledge(SplunkApp app) {
        this.app = app;
    }

    public Rec apply(IndexedEvent event, Instant now) {
        Rec rec = new Rec(event.fields());
        Map<String, String> props = app.props().forEvent(event.sourcetype(), rec.first("host"), rec.first("source"));
        Props.classes(props, "EXTRACT-").forEach((cls, regex) -> extract(rec, cls, regex));
        autoKv(rec, props);
        aliases(rec, props);
        calculated(rec, props, now);
        Props.classes(props, "LOOKUP-").forEach((cls, spec) -> {
            LookupClause clause = clauses.computeIfAbsent(
                    spec,
                    x -> LookupClause.parse(
                            "props.conf LOOKUP-" + cls, Arrays.asList(x.strip().split("[\\s,]+"))));
            app.lookup(clause.lookup()).apply(rec, clause.inputs(), clause.outputs(), clause.outputNew());
        });
        eventtypesAndTags(rec);
        return rec;
    }

    private void extract(Rec rec, String cls, String setting) {
        String regex = setting;
        String source = "_raw";
        Matcher in = Pattern.compile("^(.*)\\s+in\\s+(\\S+)$", Pattern.DOTALL).matcher(setting);
        if (in.matches()) {
            regex = in.group(1);
            source = in.group(2);
        }
        List<String> names = new ArrayList<>();
        Matcher g = NAMED_GROUP.matcher(regex);
        StringBuilder java = new StringBuilder();
        while (g.find()) {
            names.add(g.group(1));
            g.appendReplacement(java, "(?<g" + names.size() + ">");
        }
        g.appendTail(java);
        String value = rec.first(source);
        if (value == null) {
            return;
        }
        Matcher m = Pattern.compile(java.toString()).matcher(value);
        if (m.find()) {
            for (int i = 0; i < names.size(); i++) {
                String v = m.group("g" + (i + 1));
                if (v != null && !v.isEmpty()) {
                    add(rec, names.get(i), List.of(v));
                }
            }
        }
    }

    private void autoKv(Rec rec, Map<String, String> props) {
        String mode = props.getOrDefault("KV_MODE", "auto").strip().toLowerCase();
        String raw = rec.first("_raw");
        switch (mode) {
            case "none" -> {}
            case "json" -> KvJson.extract(raw).forEach((k, v) -> add(rec, k, v));
            case "auto" -> {
                if (ConfFile.bool(props.get("AUTO_KV_JSON"), true)
                        && raw.strip().startsWith("{")) {
                    KvJson.extract(raw).forEach((k, v) -> add(rec, k, v));
                } else {
                    Map<String, List<String>> kv = new LinkedHashMap<>();
                    Matcher m = KV.matcher(raw);
                    while (m.find()) {
                        kv.computeIfAbsent(m.group(1), k -> new ArrayList<>())
                                .add(m.group(3) != null ? m.group(3) : m.group(2));
                    }
                    kv.forEach((k, v) -> add(rec, k, v));
                }
            }
            default ->
                throw new SplException.BadArgument(
                        "props.conf KV_MODE = " + mode + ": " + SplException.unsupported("KV_MODE " + mode));
        }
    }

    private static void add(Rec rec, String field, List<String> values) {
        if (field.startsWith("_")) {
            return;
        }
        List<String> all = new ArrayList<>();
        if (rec.get(field) != null) {
            all.addAll(rec.get(field));
        }
        all.addAll(values);
        rec.put(field, all);
    }

    private void aliases(Rec rec, Map<String, String> props) {
        // every alias reads the fields as they were before aliasing: collect first, then apply
        List<Object[]> pending = new ArrayList<>();
        Props.classes(props, "FIELDALIAS-").forEach((cls, spec) -> {
            String[] w = spec.strip().split("\\s+");
            int i = 0;
            while (i < w.length) {
                if (i + 2 >= w.length || !(w[i + 1].equalsIgnoreCase("AS") || w[i + 1].equalsIgnoreCase("ASNEW"))) {
                    throw new SplException.BadArgument(
                            "props.conf FIELDALIAS-" + cls + ": expected '<field> AS <alias>' at '"
                                    + String.join(" ", Arrays.copyOfRange(w, i, w.length)) + "'");
                }
                List<String> v = rec.get(w[i]);
                if (v != null) {
                    pending.add(new Object[] {w[i + 2], v, w[i + 1].equalsIgnoreCase("ASNEW")});
                }
                i += 3;
            }
        });
        for (Object[] p : pending) {
            String target = (String) p[0];
            if (!((Boolean) p[2] && rec.has(target))) {
                @SuppressWarnings("unchecked")
                List<String> v = (List<String>) p[1];
                rec.put(target, v);
            }
        }
    }

    private void calculated(Rec rec, Map<String, String> props, Instant now) {
        Map<String, String> classes = Props.classes(props, "EVAL-");
        if (classes.isEmpty()) {
            return;
        }
        // all calculated fields are evaluated before any is stored, so none sees another
        RecContext ctx = new RecContext(rec, now);
        Map<String, List<String>> results = new LinkedHashMap<>();
        classes.forEach((field, text) -> {
            Expr e = evals.computeIfAbsent(text, ExprParser::parse);
            results.put(field, Values.toField(e.eval(ctx), field));
        });
        results.forEach(rec::put);
    }

    private void eventtypesAndTags(Rec rec) {
        ConfFile eventtypes = app.eventtypes();
        TreeSet<String> matched = new TreeSet<>();
        for (String name : eventtypes.stanzaNames()) {
            Map<String, String> st = eventtypes.stanza(name);
            if (name.equals("default") || st.get("search") == null || ConfFile.bool(st.get("disabled"), false)) {
                continue;
            }
            SearchFilter f = eventtypeFilters.computeIfAbsent(
                    name, n -> SearchFilter.parse("eventtype " + n, app.macros().expand(st.get("search"))));
            if (f.test(rec)) {
                matched.add(name);
            }
        }
        if (!matched.isEmpty()) {
            rec.put("eventtype", new ArrayList<>(matched));
        }
        TreeSet<String> all = new TreeSet<>();
        Map<String, TreeSet<String>> perField = new LinkedHashMap<>();
        ConfFile tags = app.tags();
        for (String stanza : tags.stanzaNames()) {
            int eq = stanza.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String field = stanza.substring(0, eq);
            String value = unquote(stanza.substring(eq + 1));
            List<String> actual = rec.get(field);
            if (actual == null || !actual.contains(value)) {
                continue;
            }
            tags.stanza(stanza).forEach((tag, state) -> {
                if (state.strip().equalsIgnoreCase("enabled")) {
                    all.add(tag);
                    perField.computeIfAbsent(field, k -> new TreeSet<>()).add(tag);
                }
            });
        }
        for (String et : matched) {
            String legacy = eventtypes.stanza(et).get("tags");
            if (legacy != null) {
                for (String tag : legacy.strip().split("\\s+")) {
                    all.add(tag);
                    perField.computeIfAbsent("eventtype", k -> new TreeSet<>()).add(tag);
                }
            }
        }
        if (!all.isEmpty()) {
            rec.put("tag", new ArrayList<>(all));
            perField.forEach((f, t) -> rec.put("tag::" + f, new ArrayList<>(t)));
        }
    }

    private static String unquote(String s) {
        String t = s.strip();
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
    }
}
