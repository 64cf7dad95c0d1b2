/**
 * The playable demo: Lanternfall, or any world file ({@code play --world FILE}), its village
 * laid out from the file ({@code village}), its villagers perceiving, remembering and answering
 * through Animus; the player's arms, talk field, look panel and debug panel. Windowed where there
 * is a display, headless otherwise; {@link dev.animus.demo.play.ScriptedVisit} plays a visit by
 * script for the window test.
 */
package dev.animus.demo.play;
