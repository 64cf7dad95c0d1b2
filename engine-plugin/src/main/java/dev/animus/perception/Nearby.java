package dev.animus.perception;

/**
 * Someone an NPC can see, relative to it.
 *
 * @param name the display name
 * @param distance metres away (&ge;0)
 * @param dx offset east (+x) in metres
 * @param dz offset south (+z) in metres; north is -z, the direction jME's default camera looks
 */
public record Nearby(String name, float distance, float dx, float dz) {}
