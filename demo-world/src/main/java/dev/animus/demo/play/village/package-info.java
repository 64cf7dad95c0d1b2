/**
 * The demo's village, built from any world file: {@link dev.animus.demo.play.village.VillagePlan}
 * decides where everything goes from the file's words and positions alone (pure, tested without
 * a window), and {@link dev.animus.demo.play.village.VillageScene} builds it in jME: terrain,
 * buildings, props, trees, the lake, lights by the time of day, and the effects a machine can
 * afford ({@link dev.animus.demo.play.village.Graphics}).
 */
package dev.animus.demo.play.village;
