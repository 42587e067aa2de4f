package io.scanpipeline.sink.kcl;

import java.util.Objects;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.processor.ShardRecordProcessorFactory;

/** Hands KCL one {@link SplunkRecordProcessor} per shard lease, all sharing one {@link ProcessorContext}. */
public final class SplunkRecordProcessorFactory implements ShardRecordProcessorFactory {

    private final ProcessorContext ctx;

    public SplunkRecordProcessorFactory(ProcessorContext ctx) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
    }

    @Override
    public ShardRecordProcessor shardRecordProcessor() {
        return new SplunkRecordProcessor(ctx);
    }
}
