package dev.tooln1.activities.campaign.prompts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tooln1.model.template.ChatMessage;
import dev.tooln1.model.template.ChatTemplate;
import dev.tooln1.reward.ToolSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code promptFormat: compact}: the Tool-N1 answer format (think, then every call in one
 * {@code <tool_call>[…]</tool_call>} list, {@code []} when no tool fits) with the tools as one short
 * line each — {@code name(param*: type, other: type = a|b)}, {@code *} = required, no descriptions —
 * so a prompt is about a quarter of the full Tool-N1 prompt's tokens. For CPU-sized models whose
 * tools are known from training (the synthetic world), where the full JSON schemas dominate the cost
 * of every SFT and GRPO step. Models trained on it must be evaluated with it.
 */
public final class CompactToolPrompt implements ChatTemplate {

  private final ChatTemplate base;

  public CompactToolPrompt(ChatTemplate base) {
    this.base = Objects.requireNonNull(base, "base");
  }

  public static String systemPrompt(String originalSystem, List<ToolSpec> tools) {
    StringBuilder sb = new StringBuilder();
    if (originalSystem != null && !originalSystem.isEmpty()) {
      sb.append(originalSystem).append("\n\n");
    }
    sb.append("Tools:\n");
    for (ToolSpec t : tools) {
      sb.append(signature(t)).append('\n');
    }
    sb.append("Reply <think>reasoning</think> then <tool_call>[{\"name\": ..., \"arguments\": {...}}]</tool_call>"
        + " with every call; <tool_call>[]</tool_call> if no tool fits.");
    return sb.toString();
  }

  static String signature(ToolSpec t) {
    StringBuilder sb = new StringBuilder(t.name()).append('(');
    JsonNode params = t.parameters();
    Set<String> required = new HashSet<>();
    params.path("required").forEach(r -> required.add(r.asText()));
    Iterator<Map.Entry<String, JsonNode>> it = params.path("properties").fields();
    boolean first = true;
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> p = it.next();
      if (!first) {
        sb.append(", ");
      }
      first = false;
      sb.append(p.getKey()).append(required.contains(p.getKey()) ? "*" : "").append(": ")
          .append(p.getValue().path("type").asText("any"));
      JsonNode e = p.getValue().get("enum");
      if (e != null && e.isArray()) {
        List<String> values = new ArrayList<>();
        e.forEach(v -> values.add(v.isTextual() ? v.asText() : v.toString()));
        sb.append(" = ").append(String.join("|", values));
      }
    }
    return sb.append(')').toString();
  }

  @Override
  public String render(List<ChatMessage> messages, List<ToolSpec> tools, boolean addGenerationPrompt) {
    List<ChatMessage> out = new ArrayList<>(messages.size() + 1);
    int start = 0;
    String original = "";
    if (!messages.isEmpty() && messages.get(0).role().equals(ChatMessage.SYSTEM)) {
      original = messages.get(0).content();
      start = 1;
    }
    out.add(ChatMessage.system(systemPrompt(original, tools == null ? List.of() : tools)));
    out.addAll(messages.subList(start, messages.size()));
    return base.render(out, List.of(), addGenerationPrompt);
  }
}
