/** Reading one object as a stream of records: formats, record paths, limits, decompression and name repair. */
package io.scanpipeline.ingest.read;
