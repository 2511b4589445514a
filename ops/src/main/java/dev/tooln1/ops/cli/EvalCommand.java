package dev.tooln1.ops.cli;

import dev.tooln1.ops.server.CampaignRegistry;
import dev.tooln1.ops.server.EvaluationClient;
import dev.tooln1.workflows.dto.ArtifactRef;
import dev.tooln1.workflows.dto.EvalResult;
import io.temporal.client.WorkflowFailedException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tooln1 eval}: evaluate one checkpoint on a named set as an {@code EvaluationWorkflow}. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = {"Evaluate one checkpoint on a named set (an EvaluationWorkflow run by the compute workers).",
        "The campaign is the checkpoint URI's first path segment unless --campaign says."})
public final class EvalCommand implements Callable<Integer> {
  private static final Pattern STEP = Pattern.compile("step[-_]?0*(\\d+)");

  @Mixin
  ControlAccess orchestrator;

  @Option(names = "--checkpoint", required = true, paramLabel = "URI",
      description = "checkpoint artifact URI (e.g. demo/checkpoints/step-000020)")
  String checkpoint;

  @Option(names = "--set", required = true, paramLabel = "NAME",
      description = "evaluation set, e.g. heldout or bfcl/simple_python")
  String set;

  @Option(names = "--campaign", paramLabel = "ID", description = "campaign the checkpoint belongs to")
  String campaign;

  @Option(names = "--step", paramLabel = "N", description = "the checkpoint's step (default: from the URI, else 0)")
  Integer step;

  @Option(names = "--sha256", paramLabel = "HEX", description = "expected sha256 of the checkpoint, if known")
  String sha256;

  @Option(names = "--no-wait", description = "start the evaluation and return")
  boolean noWait;

  @Override
  public Integer call() {
    if (checkpoint.isBlank()) {
      throw new UsageException("--checkpoint must not be blank");
    }
    if (set.isBlank() || !set.matches("[A-Za-z0-9._/-]+")) {
      throw new UsageException("--set: a name of letters, digits, '.', '_', '-', '/', was '" + set + "'");
    }
    String campaignId = campaign;
    if (campaignId == null) {
      int slash = checkpoint.indexOf('/');
      campaignId = slash > 0 ? checkpoint.substring(0, slash) : null;
    }
    int at = step != null ? step : stepOf(checkpoint);
    PrintWriter out = orchestrator.out();
    try (ControlSession control = orchestrator.open()) {
      CampaignRegistry registry = control.get(CampaignRegistry.class);
      String id = campaignId;
      ArtifactRef config = id == null ? null : registry.config(id).orElse(null);
      if (config == null) {
        throw new UsageException(campaign != null
            ? "no campaign '" + campaign + "' in " + registry.root()
            : "cannot tell the campaign of " + checkpoint + " (its first path segment is not a campaign in "
                + registry.root() + "); give --campaign");
      }
      EvaluationClient evaluations = control.get(EvaluationClient.class);
      String workflowId = evaluations.start(id, config, new ArtifactRef(checkpoint, sha256), at, set);
      out.printf("evaluation %s: started (checkpoint %s, step %d, set %s)%n", workflowId, checkpoint, at, set);
      out.flush();
      if (noWait) {
        return 0;
      }
      try {
        EvalResult r = evaluations.result(workflowId);
        out.printf(Locale.ROOT, "evaluation %s: accuracy %.4f on %d examples; report %s%n", workflowId,
            r.accuracy(), r.examples(), r.report() == null ? "-" : r.report().uri());
        out.flush();
        return 0;
      } catch (WorkflowFailedException e) {
        throw new OpsFailure("evaluation " + workflowId + " failed: " + CampaignWatcher.rootMessage(e));
      }
    }
  }

  static int stepOf(String uri) {
    Matcher m = STEP.matcher(uri);
    int found = 0;
    while (m.find()) {
      found = Integer.parseInt(m.group(1));
    }
    return found;
  }
}
