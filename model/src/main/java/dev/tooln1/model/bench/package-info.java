/**
 * Benchmark mains behind {@code tooln1 bench train|model} and the figures in {@code docs/benchmarks.md}:
 * {@link dev.tooln1.model.bench.TrainBench} (training tokens/s, GFLOP/s and MFU against the measured GEMM
 * peak, RSS per step) and {@link dev.tooln1.model.bench.InferenceBench} (sampling tokens/s with and
 * without the KV cache, prefill, decode, RSS over repeated calls), on random weights. Development tools,
 * not used by the product.
 */
package dev.tooln1.model.bench;
