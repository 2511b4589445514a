/**
 * A task as the policy sees it: {@link dev.tooln1.activities.campaign.prompts.PromptCodec} turns a task
 * record into prompt ids (the Tool-N1 system prompt over the model's chat template, the model's own
 * template with {@code promptFormat: native}, or the one-line-per-tool {@link
 * dev.tooln1.activities.campaign.prompts.CompactToolPrompt} with {@code compact}), and for SFT the gold
 * target with its end-of-turn id; {@link dev.tooln1.activities.campaign.prompts.TokenizerCache} loads
 * each tokenizer and chat template once per worker.
 */
package dev.tooln1.activities.campaign.prompts;
