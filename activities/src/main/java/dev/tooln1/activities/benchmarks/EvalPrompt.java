package dev.tooln1.activities.benchmarks;

import dev.tooln1.model.template.ChatMessage;
import dev.tooln1.reward.ToolSpec;
import java.util.List;
import java.util.Objects;

/**
 * What a model is asked for one evaluation item: the conversation and the tools on offer, before
 * any chat template is applied (a {@link ResponseGenerator} decides how to render it).
 *
 * @param id the item's id (a replay generator looks responses up by it)
 */
public record EvalPrompt(String id, List<ChatMessage> messages, List<ToolSpec> tools) {
  public EvalPrompt {
    Objects.requireNonNull(id, "id");
    messages = List.copyOf(messages);
    tools = List.copyOf(tools);
  }
}
