package io.scanpipeline.sink.hec;

/**
 * A data channel: a GUID on one endpoint. Splunk numbers ackIds per channel, so an ack is always polled on the
 * channel (and endpoint) that received the request.
 */
record HecChannel(HecEndpoint endpoint, String id) {

    @Override
    public String toString() {
        return endpoint.base() + "#" + id;
    }
}
