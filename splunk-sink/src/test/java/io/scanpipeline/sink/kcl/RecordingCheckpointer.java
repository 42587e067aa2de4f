package io.scanpipeline.sink.kcl;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;

/**
 * A fake of KCL's {@link RecordProcessorCheckpointer} (a KCL interface with a dozen methods, of which the processor
 * uses two): records {@code checkpoint(seq, subSeq)} as {@code "seq.sub"} and {@code checkpoint()} as
 * {@code "SHARD_END"}. The real one writes the lease table; the integration tests cover that.
 */
final class RecordingCheckpointer {

    final List<String> checkpoints = new CopyOnWriteArrayList<>();

    RecordProcessorCheckpointer proxy() {
        return (RecordProcessorCheckpointer) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {RecordProcessorCheckpointer.class},
                (self, method, args) -> {
                    if (method.getName().equals("checkpoint") && args == null) {
                        checkpoints.add("SHARD_END");
                        return null;
                    }
                    if (method.getName().equals("checkpoint") && args.length == 2) {
                        checkpoints.add(args[0] + "." + args[1]);
                        return null;
                    }
                    throw new UnsupportedOperationException(method.toString());
                });
    }

    String last() {
        return checkpoints.isEmpty() ? null : checkpoints.get(checkpoints.size() - 1);
    }
}
