package io.scanpipeline.forwarder;

import io.scanpipeline.core.ChangeEnvelope;
import java.util.EnumSet;
import java.util.Set;

/**
 * Decides which changes are forwarded. A record passes when its event name is allowed and, if an
 * {@link AttributeFilter} is set, its current image matches it. A record that does not pass counts as processed:
 * it is neither published nor reported as a failure.
 */
public final class RecordFilter {

    private final Set<ChangeEnvelope.EventName> eventNames;
    private final AttributeFilter attributeFilter;

    /**
     * @param eventNames      the event names to forward
     * @param attributeFilter the attribute condition, or null for none
     */
    public RecordFilter(Set<ChangeEnvelope.EventName> eventNames, AttributeFilter attributeFilter) {
        this.eventNames =
                eventNames.isEmpty() ? EnumSet.noneOf(ChangeEnvelope.EventName.class) : EnumSet.copyOf(eventNames);
        this.attributeFilter = attributeFilter;
    }

    /** The filter a configuration describes. */
    public static RecordFilter of(ForwarderConfig config) {
        return new RecordFilter(config.forwardedEventNames(), config.attributeFilter());
    }

    /** Whether {@code envelope} should be published. */
    public boolean accepts(ChangeEnvelope envelope) {
        if (!eventNames.contains(envelope.eventName())) {
            return false;
        }
        return attributeFilter == null || attributeFilter.matches(envelope.currentImage());
    }
}
