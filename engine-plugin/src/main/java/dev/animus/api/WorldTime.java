package dev.animus.api;

import dev.animus.world.Phase;

/**
 * The in-game time of a running world, as read at one moment. Immutable: the world's clock is
 * moved by the world itself (each frame, {@link WorldSession#skipTo}, loading a save).
 *
 * @param seconds in-game seconds since the world started
 * @param day the day, counted from 0
 * @param phase the part of the day
 */
public record WorldTime(double seconds, long day, Phase phase) {}
