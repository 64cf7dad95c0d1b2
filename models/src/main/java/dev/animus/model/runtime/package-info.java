/**
 * How Animus runs DJL: offline engines whose natives come from Maven Central artifacts,
 * engine lookup with errors that name the artifact to add, and the choice of device
 * (GPU when DJL sees one, else CPU).
 */
package dev.animus.model.runtime;
