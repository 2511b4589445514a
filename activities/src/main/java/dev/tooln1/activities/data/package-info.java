/**
 * Data preparation's model: {@link dev.tooln1.activities.data.TaskRecord}, the task every later stage
 * reads (tools, the turns before the target, the target calls), and what turns candidate records into
 * kept ones — the paper's filtering ({@link dev.tooln1.activities.data.RecordFilter}, {@link
 * dev.tooln1.activities.data.ToolSchemas}), the split by the hash of a record's id ({@link
 * dev.tooln1.activities.data.Split}) and the augmentations ({@link dev.tooln1.activities.data.Augmenter}).
 * The readers, the synthetic world and the preparation service are its subpackages. The data area uses
 * only the artifact store of this module (the README.md beside this package says more).
 */
package dev.tooln1.activities.data;
