/**
 * {@code ask} and {@code talk}: a writer talks to an NPC of any world file from the terminal,
 * headless, through the same queue and models as the game.
 */
package dev.animus.demo.ask;
