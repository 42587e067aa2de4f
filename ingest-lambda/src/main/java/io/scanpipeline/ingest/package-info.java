/**
 * The ingest Lambda: {@link IngestHandler} (the S3 event) -> {@link IngestService} (one object: read, build, write,
 * quarantine), its configuration ({@link IngestConfig} from the environment, {@link IngestRules} from the rules
 * document) and what spans the jobs (source objects, the version ledger, continuations). The jobs have a package each:
 * {@code read}, {@code item}, {@code write}, {@code snapshot}, {@code quarantine} and {@code reingest}.
 */
package io.scanpipeline.ingest;
