package io.scanpipeline.local.dashboards;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scanpipeline.core.Json;
import io.scanpipeline.splunk.search.eval.TimeModifier;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The three splunkd REST answers Splunk's time range picker asks for when it runs outside Splunk Web (without
 * them it shows "Cannot access splunkweb."): the time presets ({@code data/ui/times}, Splunk's default
 * {@code times.conf} ones that are not real-time), the user's capabilities ({@code authentication/current-context},
 * none: no real-time searches here) and {@code search/timeparser} (a time modifier as an ISO time, resolved by the
 * search stand-in exactly as a search resolves it).
 */
final class SplunkdEndpoints {
    /** Splunk's ISO format in search results and the time parser, here always in UTC. */
    static final DateTimeFormatter ISO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx").withZone(ZoneOffset.UTC);

    private static final String[][] PRESETS = {
        {"Last 15 minutes", "-15m", "now"}, {"Last 60 minutes", "-60m@m", "now"}, {"Last 4 hours", "-4h@m", "now"},
        {"Last 24 hours", "-24h@h", "now"}, {"Last 7 days", "-7d@h", "now"}, {"Last 30 days", "-30d@d", "now"},
        {"Today", "@d", "now"}, {"Yesterday", "-1d@d", "@d"}, {"Week to date", "@w0", "now"},
        {"Previous week", "-7d@w0", "@w0"}, {"Month to date", "@mon", "now"}, {"All time", "0", ""},
    };

    private final Clock clock;

    SplunkdEndpoints(Clock clock) {
        this.clock = clock;
    }

    /** True when {@code path} is under the splunkd path the page announces ({@code $C.SPLUNKD_PATH = /splunkd}). */
    static boolean handles(String path) {
        return path.startsWith("/splunkd/services/") || path.startsWith("/splunkd/servicesNS/");
    }

    /** The JSON answer for {@code path}, or null when the endpoint is not one of the three. */
    ObjectNode answer(String path, String rawQuery) {
        if (path.endsWith("/data/ui/times")) {
            return times();
        }
        if (path.endsWith("/authentication/current-context")) {
            ObjectNode answer = Json.mapper().createObjectNode();
            ObjectNode content = answer.putArray("entry").addObject().putObject("content");
            content.put("username", "local");
            content.putArray("capabilities");
            return answer;
        }
        if (path.endsWith("/search/timeparser")) {
            ObjectNode answer = Json.mapper().createObjectNode();
            Instant now = clock.instant();
            for (String time : queryValues(rawQuery, "time")) {
                if (time.isBlank() || time.equals("now")) {
                    answer.put(time, ISO.format(now));
                } else if (time.equals("0")) {
                    answer.put(time, ISO.format(Instant.EPOCH));
                } else {
                    answer.put(time, ISO.format(TimeModifier.resolve(time, now)));
                }
            }
            return answer;
        }
        return null;
    }

    private static ObjectNode times() {
        ObjectNode answer = Json.mapper().createObjectNode();
        ArrayNode entries = answer.putArray("entry");
        for (int i = 0; i < PRESETS.length; i++) {
            ObjectNode entry = entries.addObject();
            entry.put("name", "preset_" + i);
            ObjectNode content = entry.putObject("content");
            content.put("label", PRESETS[i][0]);
            content.put("earliest_time", PRESETS[i][1]);
            content.put("latest_time", PRESETS[i][2]);
            content.put("order", i * 10);
            content.put("disabled", false);
        }
        return answer;
    }

    private static List<String> queryValues(String rawQuery, String name) {
        List<String> values = new ArrayList<>();
        if (rawQuery == null) {
            return values;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                values.add(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }
}
