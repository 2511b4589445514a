package dev.tooln1.activities.benchmarks.apibank;

import dev.tooln1.activities.benchmarks.EvalPrompt;
import dev.tooln1.activities.benchmarks.PromptStyle;
import dev.tooln1.model.template.ChatMessage;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a model is asked for one API-Bank level-1 sample, following the benchmark's own procedure for
 * these 399 samples (those of {@code test-data/level-1-api.json}, judged by {@code evaluator_by_json.py}):
 * the model gets the sample's prepared {@code instruction} (the task, "The current year is 2023.", the
 * expected {@code API-Request: [ApiName(key='value', ...)]} form, and the description of every API of the
 * dialog) and its prepared {@code input} (the history as the benchmark renders it: {@code User: ...},
 * {@code AI: ...}, each earlier call as {@code API-Request: [Name(k='v')]->output}, then
 * {@code Generate API Request:}). The history is kept as that one text rather than split into chat
 * turns, because that text is what the benchmark's models were given; the dialog's own tool list is what
 * {@link ApiBankEvaluator#prompt} offers. The two styles differ only in how the task and the tools are
 * put:
 *
 * <ul>
 *   <li>{@link PromptStyle#NATIVE}: exactly the benchmark's text, the instruction as the system message
 *       and the input as the user message, no tools passed to the chat template (the API descriptions
 *       are already in the instruction; passing them again would add the template's own, different call
 *       format). The model answers {@code API-Request: [...]}, judged as text.
 *   <li>{@link PromptStyle#TOOLN1}: the input as the user message and the dialog's APIs as tools, so the
 *       Tool-N1 system prompt lists them as JSON schemas and asks for {@code <tool_call>[...]}. The
 *       instruction's call-format lines and its JSON API descriptions would contradict that prompt and
 *       repeat the tools, so of the instruction only the task and the year are kept, as the system text
 *       the Tool-N1 prompt starts with (without the year, relative dates in the dialogs are ambiguous).
 *       The same prompt suits any template that renders the tools itself (the compact format).
 * </ul>
 *
 * Either way the response goes through {@link ResponseConverter} and {@link ApiBankEvaluator#judge}.
 */
public final class ApiBankPrompts {

  /** The task sentence for the Tool-N1 style: the benchmark's, without the call syntax it prescribes. */
  static final String TOOLN1_TASK = "Generate the API request the AI should make next, based on the previous dialogue context.";

  private static final Pattern YEAR = Pattern.compile("^The current year is \\d{4}\\.$", Pattern.MULTILINE);

  private final ApiBankEvaluator evaluator;
  private final PromptStyle style;

  public ApiBankPrompts(ApiBankEvaluator evaluator, PromptStyle style) {
    this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
    this.style = Objects.requireNonNull(style, "style");
  }

  public PromptStyle style() {
    return style;
  }

  /** The prompt for {@code s}, its id the sample key. */
  public EvalPrompt prompt(ApiBankSample s) {
    ApiBankEvaluator.Prompt p = evaluator.prompt(s);
    if (style == PromptStyle.NATIVE) {
      return new EvalPrompt(s.key(), List.of(ChatMessage.system(p.instruction()), ChatMessage.user(p.input())),
          List.of());
    }
    return new EvalPrompt(s.key(), List.of(ChatMessage.system(toolN1Task(p.instruction())), ChatMessage.user(p.input())),
        p.tools());
  }

  /** The task and, when the instruction states it, the year it says the dialogs happen in. */
  static String toolN1Task(String instruction) {
    Matcher m = YEAR.matcher(instruction == null ? "" : instruction);
    return m.find() ? TOOLN1_TASK + "\n" + m.group() : TOOLN1_TASK;
  }
}
