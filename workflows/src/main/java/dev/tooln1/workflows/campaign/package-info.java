/**
 * The training campaign workflow: {@link dev.tooln1.workflows.campaign.TrainingCampaignWorkflow}
 * and its implementation, which sequences the activities (prepare, SFT, baseline evaluation, GRPO
 * steps, periodic and final evaluation, end record) and handles the signals and queries; and the
 * plain helpers its decisions live in, which make no Temporal call and are unit-tested without it:
 * where training stands ({@code CampaignProgress}), what the config plans ({@code CampaignPlan}),
 * the collapse guard ({@code CollapseDetector}), which queue model-bound work goes to
 * ({@code PolicyHolder}) and the bounded step history with its ETA ({@code StepHistory}).
 */
package dev.tooln1.workflows.campaign;
