package io.scanpipeline.sink.hec;

import io.scanpipeline.core.Backoff;
import io.scanpipeline.core.StructuredLog;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;

/** What every {@link BatchDelivery} of one client shares. */
record DeliveryContext(
        HecConfig config,
        HecTokens tokens,
        HecTransport transport,
        EndpointPool pool,
        AckPoller acks,
        ScheduledExecutorService scheduler,
        Backoff backoff,
        HecMetrics metrics,
        StructuredLog log,
        BooleanSupplier closed) {}
