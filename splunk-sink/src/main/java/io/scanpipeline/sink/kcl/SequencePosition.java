package io.scanpipeline.sink.kcl;

import java.math.BigInteger;
import java.util.Objects;

/**
 * Where a record sits in its shard: the Kinesis sequence number and, for a record that KCL took out of a KPL
 * aggregate, its sub-sequence number (0 otherwise). Ordered by sequence number, then sub-sequence number.
 *
 * @param sequenceNumber    the Kinesis sequence number (up to 128 bits, hence not a long)
 * @param subSequenceNumber position inside an aggregated record, 0 for plain records
 */
public record SequencePosition(BigInteger sequenceNumber, long subSequenceNumber)
        implements Comparable<SequencePosition> {

    public SequencePosition {
        Objects.requireNonNull(sequenceNumber, "sequenceNumber");
        if (sequenceNumber.signum() < 0 || subSequenceNumber < 0) {
            throw new IllegalArgumentException(
                    "sequence numbers are not negative: " + sequenceNumber + "/" + subSequenceNumber);
        }
    }

    /** Parses the decimal text Kinesis uses. */
    public static SequencePosition of(String sequenceNumber, long subSequenceNumber) {
        try {
            return new SequencePosition(new BigInteger(sequenceNumber), subSequenceNumber);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a Kinesis sequence number: '" + sequenceNumber + "'", e);
        }
    }

    /** The sequence number as Kinesis writes it. */
    public String sequenceText() {
        return sequenceNumber.toString();
    }

    @Override
    public int compareTo(SequencePosition other) {
        int bySequence = sequenceNumber.compareTo(other.sequenceNumber);
        return bySequence != 0 ? bySequence : Long.compare(subSequenceNumber, other.subSequenceNumber);
    }

    /** {@code 4959...123} or {@code 4959...123.2} for an aggregated sub-record. */
    @Override
    public String toString() {
        return subSequenceNumber == 0 ? sequenceText() : sequenceText() + "." + subSequenceNumber;
    }
}
