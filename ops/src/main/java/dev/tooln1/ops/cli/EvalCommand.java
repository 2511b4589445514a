package dev.tooln1.ops.cli;

import dev.tooln1.activities.campaign.EvalSet;
import dev.tooln1.ops.server.CampaignCheckpoints;
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
    description = {"Evaluate one checkpoint of a campaign on a named set (an EvaluationWorkflow that a compute",
        "worker runs; the report goes to <campaign>/eval/adhoc[-<set>]-step-NNNNNN.json).",
        "Sets: heldout (the campaign's held-out tasks), bfcl (the paper's ten BFCL categories),",
        "bfcl/<category>, apibank (API-Bank level-1, 399 samples), apibank/first-call, apibank/one-user-turn.",
        "The checkpoint is verified against its sha256 manifest before anything starts.",
        "Examples:",
        "  tooln1 eval --checkpoint demo/checkpoints/step-000040 --set heldout",
        "  tooln1 eval --campaign demo --checkpoint latest --set bfcl --limit 20"})
public final class EvalCommand implements Callable<Integer> {
  private static final Pattern CAMPAIGN_OF = Pattern.compile("(?:.*/)?([A-Za-z0-9][A-Za-z0-9._-]*)/checkpoints/[^/]+/?");

  @Mixin
  ControlAccess orchestrator;

  @Option(names = "--checkpoint", required = true, paramLabel = "CKPT",
      description = "<campaign>/checkpoints/step-N (or that folder's path), a step number, latest or best "
          + "(the best held-out evaluation); the last three need --campaign")
  String checkpoint;

  @Option(names = "--set", required = true, paramLabel = "NAME",
      description = "evaluation set: heldout, bfcl, bfcl/<category>, apibank, apibank/first-call, apibank/one-user-turn")
  String set;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
      description = "at most N items (held-out: the first N; BFCL: N per category; API-Bank: N samples; seeded, "
          + "nested samples); 0 = all (default)")
  int limit;

  @Option(names = "--campaign", paramLabel = "ID", description = "campaign the checkpoint belongs to")
  String campaign;

  @Option(names = "--sha256", paramLabel = "HEX",
      description = "expected sha256 of the checkpoint's manifest (default: looked up in the campaign's record)")
  String sha256;

  @Option(names = "--no-wait", description = "start the evaluation and return")
  boolean noWait;

  @Override
  public Integer call() {
    if (checkpoint.isBlank()) {
      throw new UsageException("--checkpoint must not be blank");
    }
    EvalSet evalSet;
    try {
      evalSet = EvalSet.parse(set, limit);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--set: " + e.getMessage());
    }
    String campaignId = campaignOf(checkpoint, campaign);
    CampaignRegistry registry = new CampaignRegistry(orchestrator.campaignsDir());
    ArtifactRef config = registry.config(campaignId).orElseThrow(() -> new UsageException(
        "no campaign '" + campaignId + "' in " + registry.root()));
    try {
      EvaluationClient.checkFits(registry, campaignId, evalSet);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    CampaignCheckpoints.Resolved target;
    try {
      target = new CampaignCheckpoints(registry.root(), campaignId).resolve(checkpoint);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    if (sha256 != null && !sha256.equalsIgnoreCase(target.ref().sha256())) {
      throw new UsageException("checkpoint " + target.dir() + ": its manifest's sha256 is " + target.ref().sha256()
          + ", not " + sha256);
    }
    PrintWriter out = orchestrator.out();
    try (ControlSession control = orchestrator.open()) {
      EvaluationClient evaluations = control.get(EvaluationClient.class);
      String workflowId = evaluations.start(campaignId, config, target.ref(), target.step(), evalSet);
      out.printf("evaluation %s: started (campaign %s, checkpoint step %d, set %s)%n", workflowId, campaignId,
          target.step(), evalSet);
      out.flush();
      if (noWait) {
        return 0;
      }
      try {
        EvalResult r = evaluations.result(workflowId);
        out.printf(Locale.ROOT, "evaluation %s: accuracy %.4f on %d examples; report %s%n", workflowId,
            r.accuracy(), r.examples(),
            r.report() == null ? "-" : registry.root().resolve(campaignId).resolve(r.report().uri()));
        out.flush();
        return 0;
      } catch (WorkflowFailedException e) {
        throw new OpsFailure("evaluation " + workflowId + " failed: " + CampaignWatcher.rootMessage(e));
      }
    }
  }

  /** The campaign: {@code --campaign}, else the folder above {@code checkpoints/} in the checkpoint's name. */
  static String campaignOf(String checkpoint, String campaign) {
    Matcher m = CAMPAIGN_OF.matcher(checkpoint.trim().replace('\\', '/'));
    String named = m.matches() ? m.group(1) : null;
    if (campaign != null) {
      if (named != null && !named.equals(campaign)) {
        throw new UsageException("--checkpoint " + checkpoint + " is of campaign '" + named + "', not --campaign "
            + campaign);
      }
      return campaign;
    }
    if (named == null) {
      throw new UsageException("--checkpoint " + checkpoint + " names no campaign: give --campaign "
          + "(or <campaign>/checkpoints/step-N)");
    }
    return named;
  }
}
