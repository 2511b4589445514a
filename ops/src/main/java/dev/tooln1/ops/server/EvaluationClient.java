package dev.tooln1.ops.server;

import dev.tooln1.activities.campaign.CampaignFiles;
import dev.tooln1.activities.campaign.CampaignSpec;
import dev.tooln1.activities.campaign.EvalSet;
import dev.tooln1.workflows.dto.ArtifactRef;
import dev.tooln1.workflows.dto.EvalRequest;
import dev.tooln1.workflows.dto.EvalResult;
import dev.tooln1.workflows.dto.EvaluationRequest;
import dev.tooln1.workflows.evaluation.EvaluationWorkflow;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;

/**
 * On-demand evaluations of one checkpoint ({@code tooln1 eval}, the console's evaluate button) as
 * {@link EvaluationWorkflow}s. The evaluation set travels as its URI ({@link EvalSet#uri()}, e.g.
 * {@code set:heldout}, {@code set:bfcl/simple_python?limit=5}); the compute worker's evaluate
 * activity resolves it against the campaign's record.
 */
public final class EvaluationClient {
  private final WorkflowClient client;
  private final String taskQueue;

  public EvaluationClient(WorkflowClient client, String taskQueue) {
    this.client = client;
    this.taskQueue = taskQueue;
  }

  public static ArtifactRef evalSet(EvalSet set) {
    return new ArtifactRef(set.uri(), null);
  }

  /**
   * Refuses, before any work, a set the campaign's model cannot read: BFCL and API-Bank prompts need
   * the full tokenizer vocabulary.
   *
   * @throws IllegalArgumentException saying why
   */
  public static void checkFits(CampaignRegistry registry, String campaignId, EvalSet set) {
    if (!set.needsFullVocabulary()) {
      return;
    }
    byte[] config = registry.configContent(campaignId).orElseThrow(
        () -> new IllegalArgumentException("no campaign '" + campaignId + "' in " + registry.root()));
    CampaignSpec spec;
    try {
      spec = CampaignFiles.fromBytes(config, registry.root().resolve(campaignId).resolve(CampaignRegistry.CONFIG_FILE)
          .toString());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("campaign " + campaignId + ": " + e.getMessage(), e);
    }
    if (spec.model() != null && spec.model().trimVocabulary()) {
      throw new IllegalArgumentException("campaign " + campaignId + " cannot be evaluated on " + set.name()
          + ": its model has a trimmed vocabulary (model.trimVocabulary: true) and " + set.kind().word()
          + " prompts need tokens it never saw; evaluate it on heldout");
    }
  }

  /** Workflow id of the evaluation of one checkpoint step on one set (the same request attaches). */
  public static String workflowId(String campaignId, int step, EvalSet set) {
    return "evaluation-" + campaignId + "-step-" + step + "-" + set.slug();
  }

  /** Starts the evaluation (or finds it running) and returns its workflow id. */
  public String start(String campaignId, ArtifactRef config, ArtifactRef checkpoint, int step,
      EvalSet set) {
    String id = workflowId(campaignId, step, set);
    EvaluationWorkflow stub = client.newWorkflowStub(EvaluationWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(taskQueue)
            .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
            .build());
    // The report is eval/adhoc[-<set>]-step-NNNNNN.json (the worker adds the set to the label).
    EvalRequest eval = new EvalRequest(campaignId, "adhoc", step, config, checkpoint, evalSet(set));
    try {
      WorkflowClient.start(stub::evaluate, new EvaluationRequest(eval, taskQueue, null));
    } catch (WorkflowExecutionAlreadyStarted e) {
      // the same evaluation is in flight: wait for that one
    }
    return id;
  }

  /** Blocks until the evaluation ends; throws its failure. */
  public EvalResult result(String workflowId) {
    return client.newUntypedWorkflowStub(workflowId).getResult(EvalResult.class);
  }
}
