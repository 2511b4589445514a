/**
 * Data preparation as a service: a {@link dev.tooln1.activities.data.prepare.DataSpec} (YAML or JSON:
 * sources, filters, augmentations, split, shard size, seed) goes through {@link
 * dev.tooln1.activities.data.prepare.PrepareDataService} — every source read, filtered, split,
 * augmented — into JSON Lines shards and a {@link dev.tooln1.activities.data.prepare.DataManifest} with
 * every shard's sha256 and the counts per source and drop reason. Byte-identical for the same spec and
 * inputs, and idempotent: a manifest whose spec hash matches and whose shards verify is returned
 * without work.
 */
package dev.tooln1.activities.data.prepare;
