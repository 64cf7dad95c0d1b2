package dev.animus.world;

/**
 * Something that can happen in the world, by id.
 *
 * @param id unique id
 * @param description what happens, in words
 * @param where where it is defined (null for built-in events)
 */
public record WorldEvent(String id, String description, Where where) {}
