/**
 * PyTorch-equivalent AdamW ({@link dev.tooln1.model.optim.AdamW}: decoupled weight decay, none on norms
 * and biases by default) updating the weight arrays in place, and the learning-rate schedules
 * ({@link dev.tooln1.model.optim.LrSchedule}: linear warm-up then constant or cosine). The moments are
 * exposed so that checkpoints can save and restore them.
 */
package dev.tooln1.model.optim;
