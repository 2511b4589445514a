package dev.tooln1.activities.benchmarks.bfcl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tooln1.activities.benchmarks.EvalPrompt;
import dev.tooln1.model.template.ChatMessage;
import dev.tooln1.reward.ToolSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a BFCL question into the conversation and tools a model sees.
 *
 * <p>Function names with dots ({@code math.factorial}): BFCL offers them unchanged to prompt-based and
 * locally served models, and checks the calls against the dotted names; only for function-calling
 * APIs that forbid dots does it offer {@code math_factorial} and then expect that spelling. Qwen's
 * template and the Tool-N1 prompt carry any name as JSON text, so by default names stay dotted and the
 * checker compares exactly; with {@code dotsAsUnderscores} the tools are offered with {@code _} and the
 * checker is run with BFCL's matching rule ({@code new BfclAstChecker(true)}). The two settings must go
 * together, which {@link BfclEvaluator} ensures.
 */
public final class BfclPrompts {

  private final boolean dotsAsUnderscores;

  public BfclPrompts(boolean dotsAsUnderscores) {
    this.dotsAsUnderscores = dotsAsUnderscores;
  }

  public EvalPrompt prompt(BfclItem item) {
    return new EvalPrompt(item.id(), messages(item), tools(item));
  }

  /** The tools offered: BFCL's function docs as they are, names converted only under the option. */
  List<ToolSpec> tools(BfclItem item) {
    List<ToolSpec> out = new ArrayList<>();
    for (ToolSpec f : item.question().functions()) {
      out.add(dotsAsUnderscores ? new ToolSpec(f.name().replace('.', '_'), f.description(), f.parameters()) : f);
    }
    return out;
  }

  /**
   * The single-turn categories have one turn (a list of {@code {role, content}}); every message of
   * every turn is kept in order, so a question with several turns is not silently cut.
   */
  static List<ChatMessage> messages(BfclItem item) {
    List<ChatMessage> out = new ArrayList<>();
    JsonNode turns = item.question().question();
    for (JsonNode turn : turns) {
      Iterable<JsonNode> messages = turn.isArray() ? turn : List.of(turn);
      for (JsonNode m : messages) {
        String role = m.path("role").asText("");
        String content = m.path("content").isTextual() ? m.get("content").asText() : m.path("content").toString();
        try {
          out.add(new ChatMessage(role, content));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("question " + item.id() + ": " + e.getMessage(), e);
        }
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("question " + item.id() + " has no message");
    }
    return out;
  }
}
