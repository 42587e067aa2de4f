package io.scanpipeline.bench;

/**
 * The child JVM of figure 8: constructs one handler with its no-argument constructor, the way the Lambda runtime
 * does at cold start, and prints {@code READY <nanoseconds the constructor took>}.
 *
 * <p>It is copied alone into a directory of its own and put before the handler module's runtime class path, so it
 * must use nothing but the JDK: the child sees only the handler's own dependencies.
 */
public final class ColdStartProbe {

    private ColdStartProbe() {}

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        Object handler = Class.forName(args[0]).getConstructor().newInstance();
        long constructed = System.nanoTime();
        System.out.println(
                "READY " + (constructed - start) + " " + handler.getClass().getName());
        System.out.flush();
    }
}
