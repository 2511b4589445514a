/**
 * What a campaign's directory records about its outcome, read back without Temporal: the end records
 * the workflow writes ({@link dev.tooln1.activities.campaign.records.CampaignEnd}, one immutable
 * {@code status/ended-<time>.json} each, {@link dev.tooln1.activities.campaign.records.CampaignEndRecords}),
 * how a campaign the server no longer knows ended ({@link
 * dev.tooln1.activities.campaign.records.CampaignDiskState}), and the baseline-against-latest held-out
 * comparison of its evaluation reports ({@link dev.tooln1.activities.campaign.records.HeldOutComparison},
 * what {@code tooln1 demo} prints). The console and the CLI read these.
 */
package dev.tooln1.activities.campaign.records;
