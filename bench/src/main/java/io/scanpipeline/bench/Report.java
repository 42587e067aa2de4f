package io.scanpipeline.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scanpipeline.core.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoublePredicate;

/**
 * The figures, ratios and empty slots of one run: printed as a table and written as JSON.
 *
 * <p>A ratio is always the quotient of two medians measured in this run, never of numbers from different runs.
 */
public final class Report {

    /**
     * One measured figure. {@code loads} holds the 1-minute load average taken before each repetition;
     * {@code cpu} the CPU milliseconds per 1,000 records of each process, per repetition (may be empty).
     */
    public record Figure(
            String id,
            String name,
            String unit,
            Samples samples,
            List<Double> loads,
            String note,
            Map<String, Samples> cpu) {
        public double median() {
            return samples.median();
        }
    }

    /** A quotient of two figures' medians, with the target it is held against (null: no target). */
    public record Ratio(
            String id,
            String name,
            String numeratorId,
            String denominatorId,
            double value,
            String target,
            Boolean met,
            String note) {}

    /** A figure this run does not measure, and why. */
    public record Slot(String id, String name, String status) {}

    private final Map<String, Object> machine;
    private final Map<String, Object> settings;
    private final List<Figure> figures = new ArrayList<>();
    private final List<Ratio> ratios = new ArrayList<>();
    private final List<Slot> slots = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();

    public Report(Map<String, Object> machine, Map<String, Object> settings) {
        this.machine = machine;
        this.settings = settings;
    }

    public synchronized Figure figure(
            String id, String name, String unit, Samples samples, List<Double> loads, String note) {
        return figure(id, name, unit, samples, loads, note, Map.of());
    }

    public synchronized Figure figure(
            String id,
            String name,
            String unit,
            Samples samples,
            List<Double> loads,
            String note,
            Map<String, Samples> cpu) {
        Figure figure = new Figure(id, name, unit, samples, List.copyOf(loads), note, Map.copyOf(cpu));
        figures.add(figure);
        return figure;
    }

    /** The figure of this run with {@code id}, or null when it was not measured. */
    public synchronized Figure find(String id) {
        return figures.stream().filter(f -> f.id().equals(id)).findFirst().orElse(null);
    }

    /**
     * Adds {@code numerator / denominator} of the two medians.
     *
     * @param target     e.g. {@code ">= 10"}, shown as is; null for none
     * @param targetTest decides whether the value meets the target; null for none
     */
    public synchronized Ratio ratio(
            String id,
            String name,
            Figure numerator,
            Figure denominator,
            String target,
            DoublePredicate targetTest,
            String note) {
        double value = numerator.median() / denominator.median();
        Ratio ratio = new Ratio(
                id,
                name,
                numerator.id(),
                denominator.id(),
                value,
                target,
                targetTest == null ? null : targetTest.test(value),
                note);
        ratios.add(ratio);
        return ratio;
    }

    public synchronized void slot(String id, String name, String status) {
        slots.add(new Slot(id, name, status));
    }

    /** A figure that failed: the run goes on with the others and the error is shown at the end. */
    public synchronized void error(String figure, Throwable e) {
        errors.add(figure + ": " + e);
    }

    public synchronized List<String> errors() {
        return List.copyOf(errors);
    }

    /** Prints the table. */
    public synchronized void print(PrintStream out) {
        out.println();
        out.printf(
                Locale.ROOT,
                "%-4s %-66s %10s  %-9s %2s  %-19s %s%n",
                "id",
                "figure",
                "median",
                "unit",
                "n",
                "min .. max",
                "load 1m");
        out.println("-".repeat(130));
        for (Figure f : figures) {
            out.printf(
                    Locale.ROOT,
                    "%-4s %-66s %10s  %-9s %2d  %-19s %s%n",
                    f.id(),
                    f.name(),
                    number(f.median()),
                    f.unit(),
                    f.samples().count(),
                    number(f.samples().min()) + " .. " + number(f.samples().max()),
                    loads(f.loads()));
            if (f.note() != null && !f.note().isEmpty()) {
                out.println("     " + f.note());
            }
            if (!f.cpu().isEmpty()) {
                // processes that did not take part show a few clock ticks at most
                StringBuilder cpu =
                        new StringBuilder("     CPU ms per 1,000 " + f.unit().replace("/s", "") + " (medians):");
                f.cpu().entrySet().stream()
                        .filter(e -> e.getValue().median() >= 1)
                        .sorted(Map.Entry.comparingByKey())
                        .forEach(e -> cpu.append(' ')
                                .append(e.getKey())
                                .append(' ')
                                .append(number(e.getValue().median())));
                out.println(cpu);
            }
        }
        if (!ratios.isEmpty()) {
            out.println();
            out.printf(Locale.ROOT, "%-4s %-66s %10s  %-9s %s%n", "id", "ratio of medians", "value", "target", "met");
            out.println("-".repeat(130));
            for (Ratio r : ratios) {
                out.printf(
                        Locale.ROOT,
                        "%-4s %-66s %10s  %-9s %s%n",
                        r.id(),
                        r.name() + " (" + r.numeratorId() + " / " + r.denominatorId() + ")",
                        String.format(Locale.ROOT, "%.2f", r.value()),
                        r.target() == null ? "-" : r.target(),
                        r.met() == null ? "-" : r.met() ? "yes" : "NO");
                if (r.note() != null && !r.note().isEmpty()) {
                    out.println("     " + r.note());
                }
            }
        }
        if (!slots.isEmpty()) {
            out.println();
            out.println("not measured in this run:");
            for (Slot s : slots) {
                out.printf(Locale.ROOT, "%-4s %-40s %s%n", s.id(), s.name(), s.status());
            }
        }
        if (!errors.isEmpty()) {
            out.println();
            out.println("FAILED figures:");
            errors.forEach(e -> out.println("  " + e));
        }
    }

    /** Writes the JSON document (machine, settings, figures with every sample, ratios, slots, errors). */
    public synchronized void write(Path file) throws IOException {
        ObjectNode root = Json.mapper().createObjectNode();
        root.set("machine", Json.mapper().valueToTree(machine));
        root.set("settings", Json.mapper().valueToTree(settings));
        ArrayNode figureArray = root.putArray("figures");
        for (Figure f : figures) {
            ObjectNode node = figureArray.addObject();
            node.put("id", f.id())
                    .put("name", f.name())
                    .put("unit", f.unit())
                    .put("median", f.median())
                    .put("min", f.samples().min())
                    .put("max", f.samples().max())
                    .put("repetitions", f.samples().count());
            ArrayNode values = node.putArray("samples");
            f.samples().values().forEach(values::add);
            ArrayNode loadArray = node.putArray("load1");
            f.loads().forEach(loadArray::add);
            if (f.note() != null) {
                node.put("note", f.note());
            }
            if (!f.cpu().isEmpty()) {
                ObjectNode cpu = node.putObject("cpuMillisPer1000Records");
                f.cpu().forEach((process, perRep) -> {
                    ObjectNode entry = cpu.putObject(process).put("median", perRep.median());
                    ArrayNode all = entry.putArray("samples");
                    perRep.values().forEach(all::add);
                });
            }
        }
        ArrayNode ratioArray = root.putArray("ratios");
        for (Ratio r : ratios) {
            ObjectNode node = ratioArray
                    .addObject()
                    .put("id", r.id())
                    .put("name", r.name())
                    .put("numerator", r.numeratorId())
                    .put("denominator", r.denominatorId())
                    .put("value", r.value());
            if (r.target() != null) {
                node.put("target", r.target()).put("met", r.met());
            }
            if (r.note() != null) {
                node.put("note", r.note());
            }
        }
        ArrayNode slotArray = root.putArray("notMeasured");
        slots.forEach(s ->
                slotArray.addObject().put("id", s.id()).put("name", s.name()).put("status", s.status()));
        ArrayNode errorArray = root.putArray("errors");
        errors.forEach(errorArray::add);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }

    /** A number with thousands separators and as many decimals as make sense for its size. */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        double abs = Math.abs(value);
        if (abs >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String loads(List<Double> loads) {
        if (loads.isEmpty()) {
            return "";
        }
        double min = loads.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        double max = loads.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        return min == max ? String.format(Locale.ROOT, "%.2f", min) : String.format(Locale.ROOT, "%.2f-%.2f", min, max);
    }
}
