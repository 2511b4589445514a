/**
 * The safetensors format, read and written without Python: {@link
 * dev.tooln1.model.safetensors.SafetensorsReader} (single files, sharded index files and checkpoint
 * folders, headers validated at open, data memory-mapped) and {@link
 * dev.tooln1.model.safetensors.SafetensorsWriter} (F32/F16/BF16, atomic writes, sharding), in the layout
 * Hugging Face {@code transformers} loads.
 */
package dev.tooln1.model.safetensors;
