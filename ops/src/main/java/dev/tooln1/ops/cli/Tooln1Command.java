package dev.tooln1.ops.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top-level {@code tooln1} command; each capability is a subcommand. */
@Command(
    name = "tooln1",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Train tool-calling language models with rule-based RL (GRPO + the Tool-N1 binary reward),",
        "each training campaign a durable Temporal workflow."},
    subcommands = {
        picocli.CommandLine.HelpCommand.class,
        DemoCommand.class,
        BenchCommand.class,
        ServerCommand.class,
        WorkerCommand.class,
        CampaignCommand.class,
        ScheduleCommand.class,
        EvalCommand.class,
        ConsoleCommand.class,
        ScoreCommand.class,
        BfclCheckCommand.class,
        TokenizeCommand.class,
        TemplateCommand.class,
        ApiBankCheckCommand.class,
        ApiBankEvalCommand.class,
        ApiBankReportCommand.class,
        DataCommand.class,
        BfclEvalCommand.class,
        BfclReportCommand.class,
        ModelCommand.class,
        GenerateCommand.class,
    })
public final class Tooln1Command implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a subcommand is required (see tooln1 --help)");
  }
}
