package dev.tooln1.activities.campaign.prompts;

import dev.tooln1.activities.data.Message;
import dev.tooln1.activities.data.ReferenceResponse;
import dev.tooln1.activities.data.TaskRecord;
import dev.tooln1.model.template.ChatMessage;
import dev.tooln1.model.template.ChatTemplate;
import dev.tooln1.model.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A task as the policy sees it: the prompt (the Tool-N1 system prompt over the model's chat template,
 * or the model's own template with {@code promptFormat: native}) with the generation prompt, and for
 * SFT the gold target {@code <think>…</think>\n<tool_call>\n[…]\n</tool_call>} followed by the
 * end-of-turn token. Ids are the tokenizer's (compact ids when the vocabulary is trimmed).
 */
public final class PromptCodec {

  private final Tokenizer tokenizer;
  private final ChatTemplate template;
  private final int maxPromptTokens;

  public PromptCodec(Tokenizer tokenizer, ChatTemplate template, int maxPromptTokens) {
    this.tokenizer = tokenizer;
    this.template = template;
    this.maxPromptTokens = maxPromptTokens;
  }

  public Tokenizer tokenizer() {
    return tokenizer;
  }

  public String promptText(TaskRecord r) {
    return template.render(messages(r), r.tools(), true);
  }

  public static String targetText(TaskRecord r) {
    return ReferenceResponse.render(r);
  }

  static List<ChatMessage> messages(TaskRecord r) {
    List<ChatMessage> out = new ArrayList<>();
    for (Message m : r.messages()) {
      out.add(new ChatMessage(m.role(), m.content(), m.toolCalls()));
    }
    return out;
  }

  /** The prompt's ids; a prompt over the limit keeps its last {@code maxPromptTokens} tokens. */
  public int[] promptIds(TaskRecord r) {
    int[] ids = tokenizer.encode(promptText(r));
    return ids.length > maxPromptTokens ? Arrays.copyOfRange(ids, ids.length - maxPromptTokens, ids.length) : ids;
  }

  /** The gold target's ids, ending with the end-of-turn id (what SFT imitates). */
  public int[] targetIds(TaskRecord r) {
    int[] t = tokenizer.encode(targetText(r));
    int[] out = Arrays.copyOf(t, t.length + 1);
    out[t.length] = tokenizer.eosId();
    return out;
  }

  /** Ids that end a response: the end-of-turn id and {@code <|endoftext|>} when the vocabulary has it. */
  public Set<Integer> stopIds() {
    Set<Integer> s = new HashSet<>();
    s.add(tokenizer.eosId());
    tokenizer.tokenId("<|endoftext|>").ifPresent(s::add);
    return s;
  }

  /** Response text without its stop token. */
  public String decodeResponse(int[] generated, boolean stopped) {
    int[] ids = stopped && generated.length > 0 ? Arrays.copyOf(generated, generated.length - 1) : generated;
    return tokenizer.decode(ids);
  }
}
