package dev.tooln1.activities.benchmarks.apibank;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tooln1.activities.benchmarks.EvalPrompt;
import dev.tooln1.activities.benchmarks.PromptStyle;
import dev.tooln1.model.template.ChatMessage;
import dev.tooln1.model.template.QwenChatTemplate;
import dev.tooln1.reward.ToolSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ApiBankPromptsTest {

  private static ApiBankEvaluator evaluator;

  @BeforeAll
  static void load() {
    evaluator = ApiBankEvaluator.vendored();
  }

  @Test
  void nativeIsTheBenchmarksInstructionAndInputWithoutTools() {
    ApiBankPrompts prompts = new ApiBankPrompts(evaluator, PromptStyle.NATIVE);
    for (ApiBankSample s : evaluator.samples()) {
      EvalPrompt p = prompts.prompt(s);
      assertThat(p.id()).isEqualTo(s.key());
      assertThat(p.tools()).isEmpty();
      assertThat(p.messages()).containsExactly(ChatMessage.system(s.instruction()), ChatMessage.user(s.input()));
    }
  }

  @Test
  void toolN1OffersTheDialogsApisAsToolsAndKeepsTheTaskAndTheYear() throws Exception {
    ApiBankPrompts prompts = new ApiBankPrompts(evaluator, PromptStyle.TOOLN1);
    for (ApiBankSample s : evaluator.samples()) {
      EvalPrompt p = prompts.prompt(s);
      assertThat(p.id()).isEqualTo(s.key());
      assertThat(p.tools()).extracting(ToolSpec::name).containsExactlyElementsOf(s.dialogApis());
      assertThat(p.messages()).containsExactly(ChatMessage.system(ApiBankPrompts.TOOLN1_TASK
          + "\nThe current year is 2023."), ChatMessage.user(s.input()));
    }
    // Rendered by the Tool-N1 template: the task, the tools as JSON schemas, the Tool-N1 answer format, the history.
    ApiBankSample s = evaluator.samples().get(0);
    String text = PromptStyle.TOOLN1.over(QwenChatTemplate.qwen25()).render(prompts.prompt(s).messages(),
        prompts.prompt(s).tools(), true);
    assertThat(text).contains("The current year is 2023.\n\n# Tools").contains("<tools>\n{\"type\": \"function\"")
        .contains("\"name\": \"" + s.apiName() + "\"").contains("<tool_call>[]</tool_call>")
        .contains("<|im_start|>user\n" + s.input()).doesNotContain("[ApiName(key1='value1'")
        .endsWith("<|im_start|>assistant\n");
  }
}
