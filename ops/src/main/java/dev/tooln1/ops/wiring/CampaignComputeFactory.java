package dev.tooln1.ops.wiring;

import dev.tooln1.activities.campaign.DataRoots;
import dev.tooln1.activities.campaign.temporal.ComputeActivities;
import dev.tooln1.reward.RewardRegistry;
import dev.tooln1.ops.worker.WorkerContext;
import java.util.List;

/** The real compute: the campaign activities over the model, for one worker process. */
public final class CampaignComputeFactory implements ComputeFactory {

  @Override
  public List<Object> create(WorkerContext context) {
    return compute(context).activities();
  }

  /** The activities confined to the worker's data roots: data/, the campaigns directory, --data-root. */
  static ComputeActivities compute(WorkerContext context) {
    return new ComputeActivities(context.campaignsDir(), context.ownQueue(), RewardRegistry.standard(),
        ComputeActivities.DEFAULT_KEEP_ALIVE_GRACE, DataRoots.defaults(context.campaignsDir(), context.dataRoots()));
  }
}
