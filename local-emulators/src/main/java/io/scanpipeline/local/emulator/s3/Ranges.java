package io.scanpipeline.local.emulator.s3;

/** Parses an HTTP Range header the way S3 applies it: one byte range, anything else means the whole object. */
final class Ranges {

    private Ranges() {}

    /**
     * Returns {@code {first, last}} (inclusive) for a satisfiable single range, null when the header is absent,
     * malformed or asks for several ranges (S3 then returns the whole object).
     *
     * @throws S3Exception InvalidRange (416) when the range starts beyond the object
     */
    static long[] parse(String header, long size) {
        if (header == null) {
            return null;
        }
        String h = header.trim();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6)) {
            return null;
        }
        String spec = h.substring(6).trim();
        int dash = spec.indexOf('-');
        if (spec.indexOf(',') >= 0 || dash < 0) {
            return null;
        }
        String first = spec.substring(0, dash).trim();
        String last = spec.substring(dash + 1).trim();
        try {
            if (first.isEmpty()) {
                if (last.isEmpty()) {
                    return null;
                }
                long suffix = Long.parseLong(last);
                if (suffix <= 0 || size == 0) {
                    throw unsatisfiable(header, size);
                }
                return new long[] {Math.max(0, size - suffix), size - 1};
            }
            long start = Long.parseLong(first);
            Long end = last.isEmpty() ? null : Long.parseLong(last);
            if (start < 0 || (end != null && end < start)) {
                return null;
            }
            if (start >= size) {
                throw unsatisfiable(header, size);
            }
            return new long[] {start, end == null ? size - 1 : Math.min(end, size - 1)};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static S3Exception unsatisfiable(String header, long size) {
        return new S3Exception(416, "InvalidRange", "The requested range is not satisfiable")
                .detail("RangeRequested", header)
                .detail("ActualObjectSize", Long.toString(size))
                .header("Content-Range", "bytes */" + size);
    }
}
