/**
 * The dataset readers, each a {@link dev.tooln1.activities.data.TaskSource} that turns one dataset into
 * candidate task records and reports what it could not build: ToolACE dialogs (with {@link
 * dev.tooln1.activities.data.readers.PythonCallParser} for its Python-style call lists), xLAM's JSON
 * (its parameter descriptions become JSON schemas) and BFCL question files, taken as held-out tasks
 * with the first acceptable answer as ground truth (the BFCL runner and its exact checker are not here:
 * they are the benchmarks area and the reward module). A bad line is dropped with its file and line,
 * never fatal.
 */
package dev.tooln1.activities.data.readers;
