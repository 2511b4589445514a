/**
 * The Temporal activity implementations over the campaign services, the only package of this module
 * that uses the Temporal SDK: {@link dev.tooln1.activities.campaign.temporal.ComputeActivities}
 * builds a worker's data, training, evaluation and campaign-store activities over one set of services
 * and caches, for the shared compute queue and the worker's own queue; service progress becomes
 * heartbeats, kept alive between reports only for a grace ({@link
 * dev.tooln1.activities.campaign.temporal.KeepAlive}), and campaign errors become the workflows'
 * non-retryable failure types.
 */
package dev.tooln1.activities.campaign.temporal;
