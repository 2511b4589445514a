/**
 * The model side of tooln1: everything that turns tokens into numbers and numbers into a better policy,
 * in ND4J and plain Java with no knowledge of Temporal or of a campaign's files. This package holds the
 * shared description of a Qwen2-architecture network ({@link dev.tooln1.model.ModelConfig}: shapes,
 * presets, Hugging Face {@code config.json}); the sub-packages are the tokenizer and chat template (text
 * to ids), safetensors IO, the network itself ({@code nn}: the one forward pass, its backward, sampling),
 * the losses, the optimizer, the trainers and checkpoints, and the benchmark mains.
 */
package dev.tooln1.model;
