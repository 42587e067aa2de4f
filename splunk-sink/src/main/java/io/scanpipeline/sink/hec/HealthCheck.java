package io.scanpipeline.sink.hec;

/**
 * Asks each unhealthy endpoint's {@code /services/collector/health}; 200 code 17 brings it back into rotation,
 * 503 codes 18-20 or no answer leave it out.
 */
final class HealthCheck implements Runnable {

    private final HecTransport transport;
    private final EndpointPool pool;

    HealthCheck(HecTransport transport, EndpointPool pool) {
        this.transport = transport;
        this.pool = pool;
    }

    @Override
    public void run() {
        for (HecEndpoint endpoint : pool.unhealthy()) {
            transport.health(endpoint).thenAccept(response -> {
                if (response.httpStatus() == 200 && Integer.valueOf(17).equals(response.code())) {
                    pool.markHealthy(endpoint);
                }
            });
        }
    }
}
