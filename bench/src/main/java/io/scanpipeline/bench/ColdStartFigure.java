package io.scanpipeline.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Figure 8: cold start of each Lambda handler, and the size of what would be deployed.
 *
 * <p>Each run is a fresh JVM (environment pointing at the emulators) running {@link ColdStartProbe} on the handler
 * module's own runtime class path: a jar holding only the probe, the module jar, and the jars listed in
 * {@code <module>/target/runtime-classpath.txt}, which {@code bin/bench} has Maven write
 * ({@code dependency:build-classpath}, runtime scope). Three JVM settings, interleaved in every repetition
 * ({@code --quick}: the first only):
 * <ul>
 *   <li>{@value #LAMBDA_FLAGS}: what the Lambda java17 runtime sets by default (tiered compilation stops at C1,
 *       serial GC), with the JDK's default CDS archive. The headline: constructor alone, and process start to
 *       constructed handler (JVM start included);</li>
 *   <li>{@code -Xshare:auto} alone (the JVM's defaults), for comparison;</li>
 *   <li>the Lambda flags plus an application CDS archive of this class path, dumped by one training run
 *       ({@code -XX:ArchiveClassesAtExit}): the measured effect of a fix that needs no code change.</li>
 * </ul>
 * The first repetition warms the disk cache and is not counted.
 *
 * <p>The handler modules do not build a shaded (deployable) jar yet, so the size is the sum of the runtime
 * dependency jars plus the module jar: about what a shaded jar would hold before minimisation.
 */
final class ColdStartFigure {

    static final String LAMBDA_FLAGS = "-Xshare:auto -XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

    private record Handler(String id, String module, String className, Map<String, String> env) {}

    private final BenchContext ctx;

    ColdStartFigure(BenchContext ctx) {
        this.ctx = ctx;
    }

    void run() throws Exception {
        ctx.aws().kinesis(); // started by figure 5 already, or now, so that the environment names it
        Map<String, String> emulators = ctx.aws().env();
        Map<String, String> ingestEnv = new HashMap<>(emulators);
        ingestEnv.putAll(ScanFile.ingestEnv("Findings", 4));
        Map<String, String> forwarderEnv = new HashMap<>(emulators);
        forwarderEnv.put("STREAM_NAME", "bench-changes");
        List<Handler> handlers = List.of(
                new Handler("8i", "ingest-lambda", "io.scanpipeline.ingest.IngestHandler", ingestEnv),
                new Handler(
                        "8f", "dynamo-stream-forwarder", "io.scanpipeline.forwarder.ForwarderHandler", forwarderEnv));
        Path probeJar = probeJar();
        for (Handler handler : handlers) {
            measure(handler, probeJar);
        }
    }

    private void measure(Handler handler, Path probeJar) throws Exception {
        Optional<List<Path>> runtime = runtimeClassPath(handler.module());
        List<String> entries = new ArrayList<>();
        entries.add(probeJar.toString());
        if (runtime.isPresent()) {
            runtime.get().forEach(jar -> entries.add(jar.toString()));
        } else {
            entries.add(ChildJvm.ownClassPath());
        }
        String classPath = String.join(File.pathSeparator, entries);
        List<String> lambda = List.of(LAMBDA_FLAGS.split(" "));
        // --quick measures the Lambda flags only; the comparisons come with the full run
        boolean variants = !ctx.options().quick();
        Path archive = ctx.workDir().resolve(handler.module() + ".jsa");
        List<String> withArchive = new ArrayList<>(lambda.subList(1, lambda.size()));
        withArchive.add("-XX:SharedArchiveFile=" + archive);
        if (variants) {
            List<String> training = new ArrayList<>(lambda);
            training.add("-XX:ArchiveClassesAtExit=" + archive);
            probe(handler, classPath, training);
        }

        Samples constructor = new Samples();
        Samples ready = new Samples();
        Samples defaults = new Samples();
        Samples cds = new Samples();
        Samples cdsReady = new Samples();
        List<Double> loads = new ArrayList<>();
        for (int rep = 0; rep <= ctx.options().coldStarts(); rep++) {
            double load = Machine.load1();
            ChildJvm.Outcome a = probe(handler, classPath, lambda);
            ChildJvm.Outcome b = variants ? probe(handler, classPath, List.of("-Xshare:auto")) : null;
            ChildJvm.Outcome c = variants ? probe(handler, classPath, withArchive) : null;
            if (rep > 0) {
                constructor.add(constructorMillis(a));
                ready.add(a.markedNanos() / 1e6);
                loads.add(load);
                if (variants) {
                    defaults.add(constructorMillis(b));
                    cds.add(constructorMillis(c));
                    cdsReady.add(c.markedNanos() / 1e6);
                }
            }
        }
        String simple = handler.className().substring(handler.className().lastIndexOf('.') + 1);
        String where = runtime.isPresent()
                ? "class path: " + handler.module() + " jar + its runtime dependencies"
                : "class path: bench.jar (no " + handler.module() + "/target/runtime-classpath.txt: run bin/bench)";
        Report report = ctx.report();
        report.figure(
                handler.id() + "c",
                "cold start: new " + simple + "(), Lambda java17 flags",
                "ms",
                constructor,
                loads,
                where + "; " + LAMBDA_FLAGS);
        report.figure(
                handler.id() + "p",
                "cold start: process start -> " + simple + " built, same",
                "ms",
                ready,
                loads,
                "JVM start + class loading + constructor, measured from outside");
        if (variants) {
            report.figure(
                    handler.id() + "d",
                    "cold start: new " + simple + "(), JVM default flags",
                    "ms",
                    defaults,
                    loads,
                    "-Xshare:auto only: C2 enabled, G1");
            report.figure(
                    handler.id() + "a",
                    "cold start: new " + simple + "(), Lambda flags + AppCDS",
                    "ms",
                    cds,
                    loads,
                    "archive of this class path from one training run (-XX:ArchiveClassesAtExit);"
                            + " process start -> constructed " + Report.number(cdsReady.median()) + " ms");
        }
        // the deployable is the shaded jar template.yaml's CodeUri names (target/<module>.jar)
        Path shaded = ctx.repoDir().resolve(handler.module()).resolve("target").resolve(handler.module() + ".jar");
        Samples size = new Samples();
        String sizeNote;
        if (Files.isRegularFile(shaded)) {
            size.add(Files.size(shaded) / (double) (1 << 20));
            sizeNote = "the shaded jar template.yaml deploys (" + handler.module() + "/target/" + handler.module()
                    + ".jar)";
        } else if (runtime.isPresent()) {
            long bytes = 0;
            for (Path jar : runtime.get()) {
                bytes += Files.size(jar);
            }
            size.add(bytes / (double) (1 << 20));
            sizeNote = runtime.get().size() + " jars: no shaded jar was built, so its jar plus its runtime "
                    + "dependency jars (mvn dependency:build-classpath)";
        } else {
            sizeNote = "n/a: run through bin/bench, which builds the jars";
        }
        report.figure(
                handler.id() + "j", "deployable size: " + handler.module() + " jar", "MiB", size, List.of(), sizeNote);
        ctx.progress(
                "cold start %s: constructor %.0f ms (JVM defaults %.0f ms, with AppCDS %.0f ms)",
                simple, constructor.median(), defaults.median(), cds.median());
    }

    private ChildJvm.Outcome probe(Handler handler, String classPath, List<String> flags) throws Exception {
        return ChildJvm.run(
                flags,
                classPath,
                ColdStartProbe.class.getName(),
                List.of(handler.className()),
                handler.env(),
                line -> line.startsWith("READY "),
                120);
    }

    private static double constructorMillis(ChildJvm.Outcome outcome) {
        return Long.parseLong(outcome.marked().split(" ")[1]) / 1e6;
    }

    /** The module jar and its runtime dependencies, or empty when the build did not list them. */
    private Optional<List<Path>> runtimeClassPath(String module) throws IOException {
        Path target = ctx.repoDir().resolve(module).resolve("target");
        Path listing = target.resolve("runtime-classpath.txt");
        if (!Files.isRegularFile(listing)) {
            return Optional.empty();
        }
        List<Path> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(target)) {
            files.filter(p -> p.getFileName().toString().startsWith(module + "-")
                            && p.getFileName().toString().endsWith(".jar")
                            && !p.getFileName().toString().contains("-tests")
                            && !p.getFileName().toString().contains("-sources"))
                    .forEach(jars::add);
        }
        if (jars.size() != 1) {
            return Optional.empty();
        }
        String listed = Files.readString(listing).trim();
        if (!listed.isEmpty()) {
            for (String entry : listed.split(File.pathSeparator)) {
                jars.add(Path.of(entry));
            }
        }
        return Optional.of(jars);
    }

    /**
     * A jar holding only the probe's class, so that the child's class path holds nothing else of ours; a jar rather
     * than a directory because a CDS archive can only be made of a class path of jars.
     */
    private Path probeJar() throws IOException {
        String entry = ColdStartProbe.class.getName().replace('.', '/') + ".class";
        Path jar = ctx.workDir().resolve("cold-start-probe.jar");
        try (InputStream in = ColdStartProbe.class.getClassLoader().getResourceAsStream(entry);
                OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file)) {
            if (in == null) {
                throw new IllegalStateException("cannot find " + entry + " on the class path");
            }
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
        return jar;
    }
}
