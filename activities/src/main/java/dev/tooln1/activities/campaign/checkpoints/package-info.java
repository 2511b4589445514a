/**
 * The campaign's checkpoints beyond the model's own checkpoint format: the base policy reference of a
 * spec ({@link dev.tooln1.activities.campaign.checkpoints.BasePolicyRef}: a preset's seeded init or a
 * Hugging Face folder, whose files {@link dev.tooln1.activities.campaign.checkpoints.HfCheckpointFiles}
 * lists), pruning to {@code schedule.keepCheckpoints} with tombstones that keep fast-forward working
 * ({@link dev.tooln1.activities.campaign.checkpoints.CheckpointPruner}), and the leases that keep a
 * checkpoint an evaluation is reading from being pruned under it ({@link
 * dev.tooln1.activities.campaign.checkpoints.CheckpointLeases}).
 */
package dev.tooln1.activities.campaign.checkpoints;
