/**
 * The artifact store, the base every area of this module may use and which uses none of them:
 * {@link dev.tooln1.activities.store.ArtifactStore} addresses immutable artifacts by relative URI and
 * verifies every read against the sha256 recorded at write time; {@link
 * dev.tooln1.activities.store.LocalArtifactStore} keeps them in a directory (a campaign directory or a
 * prepared data folder) with {@code sha256sum}-format sidecars, written atomically and confined to its
 * root; {@link dev.tooln1.activities.store.Sha256} holds the digest helpers. A retried write of the same
 * content is a no-op, other content a conflict, so retried activities stay idempotent.
 */
package dev.tooln1.activities.store;
