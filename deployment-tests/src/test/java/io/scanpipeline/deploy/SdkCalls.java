package io.scanpipeline.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The AWS SDK operations our compiled code invokes, found in the bytecode: every call (or method reference) on a
 * {@code software/amazon/awssdk/services/<service>/...<Name>Client} (sync or async) and the IAM actions they need.
 * Only our own classes are scanned (a module's classes and the pipeline modules it depends on), never the SDK.
 */
final class SdkCalls {

    /** One operation on one service client, e.g. s3 getObject. */
    record Operation(String service, String method) implements Comparable<Operation> {
        @Override
        public int compareTo(Operation other) {
            return (service + "." + method).compareTo(other.service + "." + other.method);
        }

        @Override
        public String toString() {
            return service + "." + method;
        }
    }

    private static final Pattern CLIENT =
            Pattern.compile("software/amazon/awssdk/services/([a-z0-9]+)/(?:[a-z0-9]+/)*[A-Za-z0-9]+(?:Async)?Client");
    /** Client methods that are not service operations. */
    private static final Set<String> NOT_OPERATIONS = Set.of(
            "close",
            "serviceName",
            "serviceClientConfiguration",
            "builder",
            "create",
            "utilities",
            "waiter",
            "presigner");

    /**
     * Command-line tools an operator runs with their own credentials, never a function or task role: their calls
     * are left out (class files whose name starts with one of these, inner classes included).
     */
    static final Set<String> OPERATOR_TOOLS = Set.of(
            "io/scanpipeline/forwarder/RedriveFailedBatches",
            // bin/reingest and what only it uses (S3Quarantine calls QuarantineObjects only when built by
            // S3Quarantine.replacing, which the handler never does)
            "io/scanpipeline/ingest/reingest/Reingest",
            "io/scanpipeline/ingest/reingest/PrefixReingest",
            "io/scanpipeline/ingest/reingest/QuarantineReingest",
            "io/scanpipeline/ingest/quarantine/QuarantineObjects",
            "io/scanpipeline/ingest/write/UnchangedItemFilter");

    /**
     * Methods of shared code (pipeline-core) that only the sink's tools call: core's {@link
     * io.scanpipeline.core.S3RejectStore} reads and lists the stored rejects for {@code redrive-dead-letters} (the
     * sink task role allows that); the functions only put their quarantine lines. A function's scan leaves them out
     * ({@link #ofFunction}); the sink's scan keeps them.
     */
    static final Set<String> SINK_TOOL_METHODS =
            Set.of("io/scanpipeline/core/S3RejectStore#get", "io/scanpipeline/core/S3RejectStore#list");

    private final Set<Operation> operations = new TreeSet<>();
    private final Set<String> excludedMethods;
    /** Request builders whose versionId setter is called, e.g. s3 GetObjectRequest. */
    private final Set<String> versionedRequests = new TreeSet<>();

    private SdkCalls(Set<String> excludedMethods) {
        this.excludedMethods = excludedMethods;
    }

    /** Scans the classes of the modules that hold these classes (their jar or classes directory). */
    static SdkCalls of(Class<?>... moduleMarkers) {
        return scan(Set.of(), moduleMarkers);
    }

    /** As {@link #of}, for a Lambda function: without the methods only the sink's tools call. */
    static SdkCalls ofFunction(Class<?>... moduleMarkers) {
        return scan(SINK_TOOL_METHODS, moduleMarkers);
    }

    private static SdkCalls scan(Set<String> excludedMethods, Class<?>... moduleMarkers) {
        SdkCalls calls = new SdkCalls(excludedMethods);
        for (Class<?> marker : moduleMarkers) {
            calls.scan(location(marker));
        }
        return calls;
    }

    Set<Operation> operations() {
        return operations;
    }

    /** Whether code sets {@code versionId} on this S3 request type, e.g. "GetObjectRequest". */
    boolean setsVersionId(String requestType) {
        return versionedRequests.contains(requestType);
    }

    /** The IAM actions the operations need; see {@link IamActions}. */
    Set<String> iamActions() {
        Set<String> actions = new TreeSet<>();
        for (Operation operation : operations) {
            actions.addAll(IamActions.of(operation, this));
        }
        return actions;
    }

    static Path location(Class<?> marker) {
        try {
            return Path.of(
                    marker.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private void scan(Path location) {
        try {
            if (Files.isDirectory(location)) {
                try (Stream<Path> files = Files.walk(location)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".class"))
                            .filter(f -> !isOperatorTool(
                                    location.relativize(f).toString().replace('\\', '/')))
                            .toList()) {
                        try (InputStream in = Files.newInputStream(file)) {
                            scanClass(in);
                        }
                    }
                }
            } else {
                try (JarFile jar = new JarFile(location.toFile())) {
                    for (JarEntry entry : jar.stream()
                            .filter(e -> e.getName().endsWith(".class"))
                            .filter(e -> !isOperatorTool(e.getName()))
                            .toList()) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            scanClass(in);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scan " + location, e);
        }
    }

    private static boolean isOperatorTool(String classFile) {
        return OPERATOR_TOOLS.stream()
                .anyMatch(tool -> classFile.equals(tool + ".class") || classFile.startsWith(tool + "$"));
    }

    private void scanClass(InputStream in) throws IOException {
        ClassReader reader = new ClassReader(in);
        String className = reader.getClassName();
        reader.accept(
                new ClassVisitor(Opcodes.ASM9) {
                    @Override
                    public MethodVisitor visitMethod(
                            int access, String name, String descriptor, String signature, String[] exceptions) {
                        if (excludedMethods.contains(className + "#" + sourceMethod(name))) {
                            return null;
                        }
                        return new MethodVisitor(Opcodes.ASM9) {
                            @Override
                            public void visitMethodInsn(
                                    int opcode, String owner, String method, String desc, boolean itf) {
                                seen(owner, method);
                            }

                            @Override
                            public void visitInvokeDynamicInsn(
                                    String method, String desc, Handle bootstrap, Object... arguments) {
                                // method references (client::putObject, builder::versionId) hide in the
                                // bootstrap arguments
                                for (Object argument : arguments) {
                                    if (argument instanceof Handle handle) {
                                        seen(handle.getOwner(), handle.getName());
                                    }
                                }
                            }
                        };
                    }
                },
                ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    }

    /** The source method a compiled method belongs to: {@code lambda$list$0} is part of {@code list}. */
    private static String sourceMethod(String compiled) {
        if (compiled.startsWith("lambda$")) {
            String rest = compiled.substring("lambda$".length());
            int end = rest.indexOf('$');
            return end < 0 ? rest : rest.substring(0, end);
        }
        return compiled;
    }

    private void seen(String owner, String method) {
        Matcher client = CLIENT.matcher(owner);
        if (client.matches() && !NOT_OPERATIONS.contains(method) && !method.startsWith("lambda$")) {
            operations.add(new Operation(client.group(1).toLowerCase(Locale.ROOT), method));
        }
        if (owner.startsWith("software/amazon/awssdk/services/s3/model/")
                && owner.endsWith("Request$Builder")
                && method.equals("versionId")) {
            versionedRequests.add(owner.substring(owner.lastIndexOf('/') + 1, owner.length() - "$Builder".length()));
        }
    }
}
