package io.scanpipeline.local.emulator.s3;

import java.nio.file.Path;
import java.util.HexFormat;

/**
 * A request body that was streamed to a file.
 *
 * @param file              where the decoded bytes are
 * @param size              number of decoded bytes
 * @param md5               MD5 of the decoded bytes
 * @param checksumAlgorithm the flexible checksum the client sent, or null
 * @param checksumValue     its verified base64 value, or null
 */
record ReceivedBody(Path file, long size, byte[] md5, ChecksumAlgorithm checksumAlgorithm, String checksumValue) {

    /** The ETag of a single-part object: the hex MD5, without quotes. */
    String eTag() {
        return HexFormat.of().formatHex(md5);
    }
}
