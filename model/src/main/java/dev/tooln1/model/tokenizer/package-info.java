/**
 * Text to token ids and back: {@link dev.tooln1.model.tokenizer.HfTokenizer} runs any Hugging Face
 * {@code tokenizer.json} through the HF tokenizers library (byte-exact with Python), and {@link
 * dev.tooln1.model.tokenizer.TrimmedVocabulary} / {@link dev.tooln1.model.tokenizer.TrimmedTokenizer}
 * renumber the ids a corpus uses densely for small CPU models, with the mapping back to full-vocabulary
 * rows. {@code TokenizerBenchmark} measures encode throughput.
 */
package dev.tooln1.model.tokenizer;
