package dev.tooln1.activities.benchmarks.apibank;

/**
 * The judgement of one response.
 *
 * @param sample the sample key ({@code <file>#<id>})
 * @param api the target API
 * @param correct the official verdict
 * @param reason "correct" or why not (no call, name mismatch, tool-manager rejection, result differs, ...)
 * @param call the call text judged (after converting a Tool-N1 output), or null when none was found
 * @param result the executed result (Python repr), or null when the API did not run
 */
public record ApiBankVerdict(String sample, String api, boolean correct, String reason, String call, String result) {}
