package io.scanpipeline.local.emulator.s3;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;

/**
 * The listing algorithms over one bucket, run under the store lock. Keys are visited in S3 order; with a
 * delimiter, keys sharing the part of the key up to the first delimiter after the prefix are rolled up into one
 * common prefix, which counts as one entry against max-keys.
 */
final class Listings {

    /**
     * One page of a listing.
     *
     * @param items          objects (or versions and delete markers) in order
     * @param commonPrefixes rolled-up prefixes in order
     * @param truncated      whether more entries follow
     * @param lastKey        key (or common prefix) of the last entry, for the next marker or token
     * @param lastVersionId  version id of the last entry when it was a version, else null
     * @param latest         storage ids of the listed versions that are the current version of their key
     */
    record Page(
            List<ObjectVersion> items,
            List<String> commonPrefixes,
            boolean truncated,
            String lastKey,
            String lastVersionId,
            Set<String> latest) {}

    private Listings() {}

    /**
     * Current objects (ListObjects, ListObjectsV2).
     *
     * @param after         list only keys after this one (exclusive), or null
     * @param skipRolledUp  when {@code after} is a common prefix, also skip the keys under it (resuming a page)
     */
    static Page current(
            BucketState bucket, String prefix, String delimiter, String after, boolean skipRolledUp, int maxKeys) {
        List<ObjectVersion> items = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        if (maxKeys <= 0) {
            return new Page(items, prefixes, false, null, null, Set.of());
        }
        String skipUnder =
                skipRolledUp && after != null && after.equals(commonPrefix(after, prefix, delimiter)) ? after : null;
        String lastPrefix = null;
        String last = null;
        boolean truncated = false;
        for (Map.Entry<String, List<ObjectVersion>> e :
                range(bucket, prefix, after, false).entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(prefix)) {
                break;
            }
            ObjectVersion latest = e.getValue().get(0);
            if (latest.deleteMarker() || (skipUnder != null && key.startsWith(skipUnder))) {
                continue;
            }
            String rolledUp = commonPrefix(key, prefix, delimiter);
            if (rolledUp != null && rolledUp.equals(lastPrefix)) {
                continue;
            }
            if (items.size() + prefixes.size() >= maxKeys) {
                truncated = true;
                break;
            }
            if (rolledUp != null) {
                prefixes.add(rolledUp);
                lastPrefix = rolledUp;
                last = rolledUp;
            } else {
                items.add(latest);
                last = key;
            }
        }
        return new Page(items, prefixes, truncated, last, null, Set.of());
    }

    /**
     * All versions and delete markers (ListObjectVersions), newest first within a key.
     *
     * @param keyMarker       start after this key, or at it after {@code versionIdMarker} when that is given
     * @param versionIdMarker the last version id already listed of {@code keyMarker}, or null
     */
    static Page versions(
            BucketState bucket,
            String prefix,
            String delimiter,
            String keyMarker,
            String versionIdMarker,
            int maxKeys) {
        List<ObjectVersion> items = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        if (maxKeys <= 0) {
            return new Page(items, prefixes, false, null, null, Set.of());
        }
        boolean withVersionMarker = keyMarker != null && versionIdMarker != null && !versionIdMarker.isEmpty();
        String skipUnder =
                !withVersionMarker && keyMarker != null && keyMarker.equals(commonPrefix(keyMarker, prefix, delimiter))
                        ? keyMarker
                        : null;
        Set<String> latest = new HashSet<>();
        String lastPrefix = null;
        String lastKey = null;
        String lastVersion = null;
        boolean truncated = false;
        outer:
        for (Map.Entry<String, List<ObjectVersion>> e :
                range(bucket, prefix, keyMarker, withVersionMarker).entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(prefix)) {
                break;
            }
            if (skipUnder != null && key.startsWith(skipUnder)) {
                continue;
            }
            String rolledUp = commonPrefix(key, prefix, delimiter);
            if (rolledUp != null) {
                if (rolledUp.equals(lastPrefix)) {
                    continue;
                }
                if (items.size() + prefixes.size() >= maxKeys) {
                    truncated = true;
                    break;
                }
                prefixes.add(rolledUp);
                lastPrefix = rolledUp;
                lastKey = rolledUp;
                lastVersion = null;
                continue;
            }
            List<ObjectVersion> versions = e.getValue();
            int from = 0;
            if (withVersionMarker && key.equals(keyMarker)) {
                from = versions.size();
                for (int i = 0; i < versions.size(); i++) {
                    if (versions.get(i).versionId().equals(versionIdMarker)) {
                        from = i + 1;
                    }
                }
            }
            for (int i = from; i < versions.size(); i++) {
                if (items.size() + prefixes.size() >= maxKeys) {
                    truncated = true;
                    break outer;
                }
                items.add(versions.get(i));
                if (i == 0) {
                    latest.add(versions.get(i).storageId());
                }
                lastKey = key;
                lastVersion = versions.get(i).versionId();
            }
        }
        return new Page(items, prefixes, truncated, lastKey, lastVersion, latest);
    }

    /** The common prefix {@code key} rolls up into, or null when it does not (no delimiter after the prefix). */
    static String commonPrefix(String key, String prefix, String delimiter) {
        if (delimiter == null || delimiter.isEmpty() || !key.startsWith(prefix)) {
            return null;
        }
        int at = key.indexOf(delimiter, prefix.length());
        return at < 0 ? null : key.substring(0, at + delimiter.length());
    }

    private static NavigableMap<String, List<ObjectVersion>> range(
            BucketState bucket, String prefix, String after, boolean inclusive) {
        NavigableMap<String, List<ObjectVersion>> keys = bucket.keys();
        if (after != null && S3Text.KEY_ORDER.compare(after, prefix) >= 0) {
            return keys.tailMap(after, inclusive);
        }
        return keys.tailMap(prefix, true);
    }
}
