/**
 * Conversations to prompt text: {@link dev.tooln1.model.template.QwenChatTemplate} renders a model's own
 * Jinja {@code chat_template} as {@code apply_chat_template} does (byte-exact on Qwen2.5-Instruct), and
 * {@link dev.tooln1.model.template.ToolN1Prompt} adds the Tool-N1 system prompt (tools, think-then-call
 * instruction) on top of any template.
 */
package dev.tooln1.model.template;
