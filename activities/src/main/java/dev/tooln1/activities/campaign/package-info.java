/**
 * The campaign's compute services, plain Java behind the workflows' activities: one service per
 * activity ({@link dev.tooln1.activities.campaign.DataService}, {@link
 * dev.tooln1.activities.campaign.SftService}, {@link dev.tooln1.activities.campaign.RolloutService},
 * {@link dev.tooln1.activities.campaign.ScoreService}, {@link dev.tooln1.activities.campaign.UpdateService},
 * {@link dev.tooln1.activities.campaign.EvalService}, {@link
 * dev.tooln1.activities.campaign.CampaignStoreService}) over a {@link
 * dev.tooln1.activities.campaign.CampaignRuntime} (one campaign as a worker sees it: its verified
 * {@link dev.tooln1.activities.campaign.CampaignSpec}, directory ({@link
 * dev.tooln1.activities.campaign.CampaignLayout}), tokenizer, data and checkpoints) and the worker's
 * policy cache. Every service returns its verified output when it exists, writes atomically and seeds
 * every draw, so a retried or fast-forwarded step does no work twice and gives the same bytes. The
 * campaign area uses data preparation, the benchmarks and the store; nothing else here uses it.
 */
package dev.tooln1.activities.campaign;
