package dev.animus.world;

/**
 * A thing in the world a scene description can mention.
 *
 * @param id unique id
 * @param kind what it is, in words ("anvil", "fishing boats")
 * @param place the place it stands in
 * @param at its position
 * @param where where it is defined
 */
public record Prop(String id, String kind, String place, Vec3 at, Where where) {}
