/** Building a DynamoDB item from a record: key templates, projection, the target table. */
package io.scanpipeline.ingest.item;
