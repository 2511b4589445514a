package dev.tooln1.activities.benchmarks;

import dev.tooln1.model.template.ChatTemplate;
import dev.tooln1.model.template.ToolN1Prompt;
import java.util.Locale;

/** How the tools are put before the model. */
public enum PromptStyle {
  /**
   * The Tool-N1 system prompt (as the paper evaluates): reason in {@code <think>}, then all calls in one
   * {@code <tool_call>[...]</tool_call>} list, {@code []} when no tool applies.
   */
  TOOLN1,
  /** The model's own chat template with the tools passed to it (Qwen2.5: one call object per block). */
  NATIVE;

  /** The template that renders prompts in this style on top of the model's own template. */
  public ChatTemplate over(ChatTemplate modelTemplate) {
    return this == TOOLN1 ? new ToolN1Prompt(modelTemplate) : modelTemplate;
  }

  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static PromptStyle fromName(String name) {
    for (PromptStyle s : values()) {
      if (s.cliName().equalsIgnoreCase(name.trim())) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown prompt style '" + name + "' (expected tooln1 or native)");
  }
}
