/**
 * Training checkpoints as directories that are also Hugging Face model directories: weights, optimizer
 * moments, step, RNG state and provenance, with a sha256 manifest. {@link
 * dev.tooln1.model.checkpoint.CheckpointStore} writes them atomically (temp directory, fsync, rename,
 * never over an existing one) and verifies every checksum before loading, failing with {@link
 * dev.tooln1.model.checkpoint.CorruptCheckpointException} naming the bad file.
 */
package dev.tooln1.model.checkpoint;
