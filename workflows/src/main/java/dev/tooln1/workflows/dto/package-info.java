/**
 * The records that go through Temporal: workflow inputs and carried state (campaign config and
 * state, schedule config and state), activity requests and results, artifact references, and the
 * answers of the status queries. They are serialized into workflow histories, so their shape is
 * part of what a replay checks: once tooln1 is released, a new field must mean "as before" when it
 * is absent.
 */
package dev.tooln1.workflows.dto;
