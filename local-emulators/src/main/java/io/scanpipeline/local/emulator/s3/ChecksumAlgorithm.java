package io.scanpipeline.local.emulator.s3;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/** The S3 flexible checksum algorithms the server can verify (CRC64NVME is accepted but not verified). */
enum ChecksumAlgorithm {
    CRC32,
    CRC32C,
    SHA1,
    SHA256;

    /** A running computation of one checksum. */
    interface Computation {
        void update(byte[] buffer, int offset, int length);

        /** The base64 value, as carried by the {@code x-amz-checksum-*} headers. */
        String base64();
    }

    /** The header carrying this checksum, e.g. {@code x-amz-checksum-crc32}. */
    String headerName() {
        return "x-amz-checksum-" + name().toLowerCase(Locale.ROOT);
    }

    /** Maps a header name like {@code x-amz-checksum-crc32c} to its algorithm, or null when not verifiable. */
    static ChecksumAlgorithm fromHeaderName(String header) {
        String h = header.trim().toLowerCase(Locale.ROOT);
        for (ChecksumAlgorithm a : values()) {
            if (a.headerName().equals(h)) {
                return a;
            }
        }
        return null;
    }

    Computation start() {
        return switch (this) {
            case CRC32 -> crc(new CRC32());
            case CRC32C -> crc(new CRC32C());
            case SHA1 -> digest("SHA-1");
            case SHA256 -> digest("SHA-256");
        };
    }

    private static Computation crc(Checksum checksum) {
        return new Computation() {
            @Override
            public void update(byte[] buffer, int offset, int length) {
                checksum.update(buffer, offset, length);
            }

            @Override
            public String base64() {
                byte[] four =
                        ByteBuffer.allocate(4).putInt((int) checksum.getValue()).array();
                return Base64.getEncoder().encodeToString(four);
            }
        };
    }

    private static Computation digest(String name) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return new Computation() {
            @Override
            public void update(byte[] buffer, int offset, int length) {
                md.update(buffer, offset, length);
            }

            @Override
            public String base64() {
                return Base64.getEncoder().encodeToString(md.digest());
            }
        };
    }
}
